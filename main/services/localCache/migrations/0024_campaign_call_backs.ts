import type { CacheMigration } from './cacheMigration.js';

/** Campaign targets assigned to an agent, and the call backs customers asked for (My work lists them at their times). */
export const campaignCallBacks: CacheMigration = {
  version: 24,
  name: 'campaign target assignment and call backs',
  sql: `
      ALTER TABLE campaign_targets ADD COLUMN assigned_agent_id TEXT;
      ALTER TABLE campaign_targets ADD COLUMN call_back_at TEXT;
      CREATE INDEX campaign_targets_call_backs ON campaign_targets(call_back_at) WHERE status = 'call_back' AND deleted = 0;
    `,
};
