import type { Kysely, Migration } from 'kysely';
import type { DialectName } from '../openServerDatabase.js';

/**
 * The first schema: branches, agents, sessions, the synced tables and the change log. Written with
 * the schema builder so it runs unchanged on SQLite and PostgreSQL; the change-log key is the one
 * place the dialects differ (SQLite's AUTOINCREMENT never reuses a seq, PostgreSQL's is bigserial).
 */
export function initialSchema(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('branches')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('code', 'text', (c) => c.notNull().unique())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('regions', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('agents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('login', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('branch_id', 'text', (c) => c.notNull().references('branches.id'))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('sessions')
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id').onDelete('cascade'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'text', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('customers')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('branch_id', 'text', (c) => c.notNull().references('branches.id'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('phone', 'text', (c) => c.notNull())
        .addColumn('alt_phone', 'text')
        .addColumn('vip_tier', 'text', (c) => c.notNull())
        .addColumn('province', 'text', (c) => c.notNull())
        .addColumn('city', 'text', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('customers_phone_idx').on('customers').column('phone').execute();
      await db.schema.createIndex('customers_alt_phone_idx').on('customers').column('alt_phone').execute();
      await db.schema.createIndex('customers_branch_name_idx').on('customers').columns(['branch_id', 'name']).execute();

      await db.schema
        .createTable('products')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
        .addColumn('branch_id', 'text', (c) => c.notNull().references('branches.id'))
        .addColumn('serial_number', 'text', (c) => c.notNull())
        .addColumn('model', 'text', (c) => c.notNull())
        .addColumn('category', 'text', (c) => c.notNull())
        .addColumn('purchase_date', 'text', (c) => c.notNull())
        .addColumn('warranty_months', 'integer', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('products_serial_number_idx').on('products').column('serial_number').execute();
      await db.schema.createIndex('products_customer_id_idx').on('products').column('customer_id').execute();

      await db.schema
        .createTable('service_orders')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('version', 'bigint', (c) => c.notNull())
        .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('order_number', 'text', (c) => c.notNull().unique())
        .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
        .addColumn('product_id', 'text', (c) => c.references('products.id'))
        .addColumn('branch_id', 'text', (c) => c.notNull().references('branches.id'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('fault', 'text', (c) => c.notNull())
        .addColumn('owner_agent_id', 'text', (c) => c.notNull().references('agents.id'))
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('service_orders_customer_id_idx').on('service_orders').column('customer_id').execute();
      await db.schema.createIndex('service_orders_product_id_idx').on('service_orders').column('product_id').execute();

      await db.schema
        .createTable('change_log')
        .addColumn('seq', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
          dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
        )
        .addColumn('entity', 'text', (c) => c.notNull())
        .addColumn('entity_id', 'text', (c) => c.notNull())
        .addColumn('branch_id', 'text', (c) => c.notNull())
        .execute();
      // Pull reads one branch's log from a cursor: a single range scan of this index.
      await db.schema.createIndex('change_log_branch_seq_idx').on('change_log').columns(['branch_id', 'seq']).execute();
    },
  };
}
