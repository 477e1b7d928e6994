import type { CacheMigration } from './cacheMigration.js';

/** Contacts recorded by hand (outlet visit, another line, WeChat, email) beside the softphone's calls. */
export const contactChannels: CacheMigration = {
  version: 21,
  name: 'contact channels',
  sql: `
      -- How the contact happened; every interaction from before is a softphone call.
      ALTER TABLE interactions ADD COLUMN channel TEXT NOT NULL DEFAULT 'phone';
      -- A customer's follow-ups and campaign calls, for their contact history.
      CREATE INDEX follow_ups_customer ON follow_ups(customer_id);
      CREATE INDEX campaign_targets_customer ON campaign_targets(customer_id) WHERE called_at IS NOT NULL;
    `,
};
