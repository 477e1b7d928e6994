import type { Kysely, Migration } from 'kysely';

/**
 * Complaints and notes: synced tables (shared/domain/complaint.ts, note.ts). Indexes serve a
 * customer's complaints and notes, the branch's lists, the escalation sweep (open complaints by
 * deadline) and the complaint rate (by branch and time).
 */
export const complaintsNotes: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('complaints')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('branch_id', 'text', (c) => c.notNull().references('branches.id'))
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
      .addColumn('order_id', 'text', (c) => c.references('service_orders.id'))
      .addColumn('outlet_id', 'text', (c) => c.references('outlets.id'))
      .addColumn('technician_name', 'text')
      .addColumn('category', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('channel', 'text', (c) => c.notNull())
      .addColumn('customer_words', 'text', (c) => c.notNull())
      .addColumn('customer_wants', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('taken_by', 'text', (c) => c.notNull().references('agents.id'))
      .addColumn('received_at', 'text', (c) => c.notNull())
      .addColumn('promised_by', 'text')
      .addColumn('acknowledge_due_at', 'text', (c) => c.notNull())
      .addColumn('resolve_due_at', 'text', (c) => c.notNull())
      .addColumn('acknowledged_at', 'text')
      .addColumn('resolved_at', 'text')
      .addColumn('confirmed_at', 'text')
      .addColumn('reopen_count', 'integer', (c) => c.notNull())
      .addColumn('escalation', 'text', (c) => c.notNull())
      .addColumn('escalated_at', 'text')
      .addColumn('resolution', 'text', (c) => c.notNull())
      .addColumn('compensation_kind', 'text', (c) => c.notNull())
      .addColumn('compensation_yuan', 'integer')
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('complaints_customer_idx').on('complaints').columns(['customer_id', 'received_at']).execute();
    await db.schema.createIndex('complaints_branch_received_idx').on('complaints').columns(['branch_id', 'received_at', 'id']).execute();
    await db.schema.createIndex('complaints_branch_created_idx').on('complaints').columns(['branch_id', 'created_at', 'id']).execute();
    await db.schema.createIndex('complaints_status_due_idx').on('complaints').columns(['status', 'resolve_due_at']).execute();

    await db.schema
      .createTable('notes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('branch_id', 'text', (c) => c.notNull().references('branches.id'))
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
      .addColumn('order_id', 'text', (c) => c.references('service_orders.id'))
      .addColumn('author_id', 'text', (c) => c.notNull().references('agents.id'))
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('notes_customer_idx').on('notes').columns(['customer_id', 'created_at']).execute();
    await db.schema.createIndex('notes_order_idx').on('notes').columns(['order_id', 'created_at']).execute();
    await db.schema.createIndex('notes_branch_created_idx').on('notes').columns(['branch_id', 'created_at', 'id']).execute();
  },
};
