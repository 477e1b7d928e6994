import type { CacheMigration } from './cacheMigration.js';

/**
 * Call backs scheduled by the backend when orders are completed.
 */
export const followUps: CacheMigration = {
  version: 6,
  name: 'follow-ups',
  sql: `
      -- Call backs the backend scheduled when orders were completed; done_ms: done_at as epoch
      -- milliseconds, for "done today".
      CREATE TABLE follow_ups (
        id TEXT PRIMARY KEY,
        order_id TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        branch_id TEXT NOT NULL,
        due_at TEXT NOT NULL,
        status TEXT NOT NULL,
        satisfaction INTEGER,
        remarks TEXT NOT NULL,
        done_at TEXT,
        done_ms INTEGER,
        done_by TEXT,
        created_at TEXT NOT NULL,
        version INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX follow_ups_open ON follow_ups(due_at) WHERE status = 'open' AND deleted = 0;
      CREATE INDEX follow_ups_done ON follow_ups(done_by, done_ms) WHERE status = 'done';
    `,
};
