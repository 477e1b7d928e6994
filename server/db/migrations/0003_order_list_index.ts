import type { Kysely, Migration } from 'kysely';

/** GET /orders reads one branch's orders newest first, paged by (created_at, id): one index range scan. */
export const orderListIndex: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createIndex('service_orders_branch_created_idx').on('service_orders').columns(['branch_id', 'created_at', 'id']).execute();
  },
};
