import type { Kysely, Migration } from 'kysely';

/**
 * Agent presence (shared/domain/agentPresence.ts): the last report of each agent's seat, one row
 * per agent, overwritten by each report (no history; not a synced entity). `reported_at` is the
 * backend's clock at the report: a row not reported for a while is an unreachable seat.
 */
export const agentPresence: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('agent_presence')
      .addColumn('agent_id', 'text', (c) => c.primaryKey())
      .addColumn('branch_id', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('since', 'text', (c) => c.notNull())
      .addColumn('call_started_at', 'text')
      .addColumn('call_direction', 'text')
      .addColumn('customer_id', 'text')
      .addColumn('customer_name', 'text')
      .addColumn('reported_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('agent_presence_branch_idx').on('agent_presence').columns(['branch_id']).execute();
  },
};
