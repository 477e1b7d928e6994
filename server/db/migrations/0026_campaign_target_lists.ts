import type { Kysely, Migration } from 'kysely';

/**
 * Campaign target lists a supervisor manages (issue 12) and call backs (issue 11): the agent a
 * target is assigned to, and the time the customer asked to be called again. Both null for every
 * target from before (assigned to nobody, no call back). The index answers "already a target?"
 * for a whole imported file at once.
 */
export const campaignTargetLists: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('campaign_targets').addColumn('assigned_agent_id', 'text', (c) => c.references('agents.id')).execute();
    await db.schema.alterTable('campaign_targets').addColumn('call_back_at', 'text').execute();
    await db.schema.createIndex('campaign_targets_customer_idx').on('campaign_targets').columns(['campaign_id', 'customer_id']).execute();
  },
};
