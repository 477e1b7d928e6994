import type { CacheMigration } from './cacheMigration.js';

/**
 * The concurrent edits the backend recorded, kept until an agent resolves them.
 */
export const conflicts: CacheMigration = {
  version: 3,
  name: 'conflict records',
  sql: `
      -- Fields two seats edited concurrently, as the backend recorded them: shown to the agent
      -- until resolved, so no edit is lost silently.
      CREATE TABLE conflicts (
        id TEXT PRIMARY KEY,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        branch_id TEXT NOT NULL,
        field TEXT NOT NULL,
        mine TEXT NOT NULL,
        theirs TEXT NOT NULL,
        mutation_id TEXT NOT NULL,
        seat_id TEXT NOT NULL,
        agent_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        resolved INTEGER NOT NULL,
        version INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX conflicts_open ON conflicts(resolved, created_at) WHERE resolved = 0 AND deleted = 0;
    `,
};
