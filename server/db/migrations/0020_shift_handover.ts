import type { Kysely, Migration } from 'kysely';

/**
 * The shift handover (shared/domain/shiftHandover.ts): the note the agent who handed an order over
 * left for its new owner, on the order (`handover_note`) and on its `owner_changed` event (`note`).
 * Orders and events from before have none (null).
 */
export const shiftHandover: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('service_orders').addColumn('handover_note', 'text').execute();
    await db.schema.alterTable('order_events').addColumn('note', 'text').execute();
  },
};
