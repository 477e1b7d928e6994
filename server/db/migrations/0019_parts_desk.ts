import type { Kysely, Migration } from 'kysely';

/**
 * The parts desk (server/partsRequests/partsDesk.ts):
 * - `rdc_stock`: parts on hand per branch's regional warehouse and part number;
 * - `parts_shipments`: the shipment an approval from RDC stock made, one per request at most (the
 *   unique request id: a decision retried after a lost answer cannot ship twice);
 * - `parts_request_steps`: each decision (with its reason) and later status of a request, by whom and
 *   when: the parts cycle is measured from it.
 */
export const partsDesk: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('rdc_stock')
      .addColumn('branch_id', 'text', (c) => c.notNull())
      .addColumn('part_number', 'text', (c) => c.notNull())
      .addColumn('quantity', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('rdc_stock_pk', ['branch_id', 'part_number'])
      .execute();
    await db.schema
      .createTable('parts_shipments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('request_id', 'text', (c) => c.notNull().unique())
      .addColumn('branch_id', 'text', (c) => c.notNull())
      .addColumn('part_number', 'text', (c) => c.notNull())
      .addColumn('quantity', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('parts_request_steps')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('request_id', 'text', (c) => c.notNull())
      .addColumn('branch_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('agent_id', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('parts_request_steps_request_idx').on('parts_request_steps').columns(['request_id', 'at']).execute();
  },
};
