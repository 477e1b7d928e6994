import type { CacheMigration } from './cacheMigration.js';

/**
 * Calls saved at wrap-up.
 */
export const interactions: CacheMigration = {
  version: 5,
  name: 'interactions',
  sql: `
      -- Calls saved at wrap-up, this seat's and (through pull) the branch's. Append-only.
      -- started_ms: started_at as epoch milliseconds, so "today" works whatever offset the text has.
      CREATE TABLE interactions (
        id TEXT PRIMARY KEY,
        branch_id TEXT NOT NULL,
        agent_id TEXT NOT NULL,
        customer_id TEXT,
        direction TEXT NOT NULL,
        remote_number TEXT,
        started_at TEXT NOT NULL,
        started_ms INTEGER NOT NULL,
        ring_seconds INTEGER NOT NULL,
        talk_seconds INTEGER NOT NULL,
        wrap_up_seconds INTEGER NOT NULL,
        disposition TEXT NOT NULL,
        notes TEXT NOT NULL,
        version INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX interactions_agent_started ON interactions(agent_id, started_ms);
      CREATE INDEX interactions_customer ON interactions(customer_id, started_ms) WHERE customer_id IS NOT NULL;
    `,
};
