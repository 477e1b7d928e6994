import type { Kysely, Migration } from 'kysely';

/** Calls saved at wrap-up: a synced, append-only table (shared/domain/interaction.ts). */
export const interactions: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('interactions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('branch_id', 'text', (c) => c.notNull().references('branches.id'))
      .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id'))
      .addColumn('customer_id', 'text', (c) => c.references('customers.id'))
      .addColumn('direction', 'text', (c) => c.notNull())
      .addColumn('remote_number', 'text')
      .addColumn('started_at', 'text', (c) => c.notNull())
      .addColumn('ring_seconds', 'integer', (c) => c.notNull())
      .addColumn('talk_seconds', 'integer', (c) => c.notNull())
      .addColumn('wrap_up_seconds', 'integer', (c) => c.notNull())
      .addColumn('disposition', 'text', (c) => c.notNull())
      .addColumn('notes', 'text', (c) => c.notNull())
      .execute();
    // A customer's past contacts (the customer card) and an agent's own calls.
    await db.schema.createIndex('interactions_customer_idx').on('interactions').columns(['customer_id', 'started_at']).execute();
    await db.schema.createIndex('interactions_agent_idx').on('interactions').columns(['agent_id', 'started_at']).execute();
  },
};
