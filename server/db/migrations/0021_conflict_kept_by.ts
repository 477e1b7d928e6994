import type { Kysely, Migration } from 'kysely';

/**
 * Who wrote the value a conflict kept, and when (docs/architecture.md §3, conflicts): the change
 * log now records when each change was made (`at`), and a conflict names the agent, seat and time
 * of the last change to its field before the push that lost. Older entries and conflicts have none.
 */
export const conflictKeptBy: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('change_log').addColumn('at', 'text').execute();
    await db.schema.alterTable('conflicts').addColumn('theirs_agent_id', 'text').execute();
    await db.schema.alterTable('conflicts').addColumn('theirs_seat_id', 'text').execute();
    await db.schema.alterTable('conflicts').addColumn('theirs_at', 'text').execute();
  },
};
