import type { Kysely, Migration } from 'kysely';

/**
 * Follow-up tasks (a synced table the server fills when an order is completed) and owner changes
 * in the order history (one owner per order: each handover is an event).
 */
export const followUps: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('follow_ups')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('order_id', 'text', (c) => c.notNull().references('service_orders.id'))
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
      .addColumn('branch_id', 'text', (c) => c.notNull().references('branches.id'))
      .addColumn('due_at', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('satisfaction', 'integer')
      .addColumn('remarks', 'text', (c) => c.notNull())
      .addColumn('done_at', 'text')
      .addColumn('done_by', 'text', (c) => c.references('agents.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('follow_ups_order_idx').on('follow_ups').column('order_id').execute();

    await db.schema.alterTable('order_events').addColumn('from_owner_agent_id', 'text').execute();
    await db.schema.alterTable('order_events').addColumn('to_owner_agent_id', 'text').execute();
  },
};
