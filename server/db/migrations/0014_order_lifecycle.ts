import type { Kysely, Migration } from 'kysely';

/**
 * The order's lifecycle records (shared/domain/orderLifecycle.ts): the fee consent out of
 * warranty, the reason to go on despite duplicates, the completion record and the cancel reason on
 * service orders (JSON ones as text, null as the text null); and the follow-ups' call attempts
 * (how many, the last outcome and when).
 */
export const orderLifecycle: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('service_orders').addColumn('fee_consent', 'text', (c) => c.notNull().defaultTo('null')).execute();
    await db.schema.alterTable('service_orders').addColumn('duplicate_reason', 'text').execute();
    await db.schema.alterTable('service_orders').addColumn('completion', 'text', (c) => c.notNull().defaultTo('null')).execute();
    await db.schema.alterTable('service_orders').addColumn('cancel_reason', 'text').execute();
    await db.schema.alterTable('follow_ups').addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('follow_ups').addColumn('last_outcome', 'text').execute();
    await db.schema.alterTable('follow_ups').addColumn('last_attempt_at', 'text').execute();
  },
};
