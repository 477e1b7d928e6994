import type { Kysely, Migration } from 'kysely';

/**
 * The figures (server/kpis/kpiFigures.ts) look up, for every order of the range, when it reached
 * each stage (its first status change to accepted, in service, completed), whether a second order
 * was made for its product within 7 days, and for every received parts request when it was
 * received. These indexes answer each lookup from the index alone, in order: measured with
 * `npm run bench -- kpis` (README, "Benchmark: the desk and the live board").
 */
export const kpiLookupIndexes: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createIndex('order_events_order_stage_idx').on('order_events').columns(['order_id', 'kind', 'to_status', 'at']).execute();
    await db.schema.createIndex('service_orders_product_created_idx').on('service_orders').columns(['product_id', 'created_at']).execute();
    await db.schema.createIndex('parts_request_steps_request_status_idx').on('parts_request_steps').columns(['request_id', 'status', 'at']).execute();
  },
};
