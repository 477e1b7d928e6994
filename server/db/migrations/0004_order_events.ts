import type { Kysely, Migration } from 'kysely';

/** The history of each service order (created, status changes), appended by the server. */
export const orderEvents: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('order_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('order_id', 'text', (c) => c.notNull().references('service_orders.id'))
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('from_status', 'text')
      .addColumn('to_status', 'text', (c) => c.notNull())
      .addColumn('agent_id', 'text')
      .addColumn('seat_id', 'text')
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('order_events_order_seq_idx').on('order_events').columns(['order_id', 'seq']).execute();
  },
};
