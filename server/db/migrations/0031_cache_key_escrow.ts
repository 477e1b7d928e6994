import type { Kysely, Migration } from 'kysely';

/**
 * Seat cache keys in escrow (shared/api/cacheKeyEscrow.ts, docs/architecture.md §8 (cache key escrow)):
 * one row per agent and seat cache, the key wrapped by the seat under the agent's password. Read
 * back only by the same agent (the primary key starts with the agent), after a fresh login.
 */
export const cacheKeyEscrow: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('cache_key_escrow')
      .addColumn('agent_id', 'text', (c) => c.notNull())
      .addColumn('cache_id', 'text', (c) => c.notNull())
      .addColumn('wrapped_key', 'text', (c) => c.notNull())
      .addColumn('escrowed_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('cache_key_escrow_pk', ['agent_id', 'cache_id'])
      .execute();
  },
};
