import type { Kysely, Migration } from 'kysely';

/**
 * A supervisor's decision on an order made as a possible duplicate (shared/domain/duplicateReview.ts):
 * JSON text, the text null until decided (every order from before, as for the completion record).
 */
export const duplicateReview: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('service_orders').addColumn('duplicate_review', 'text', (c) => c.notNull().defaultTo('null')).execute();
  },
};
