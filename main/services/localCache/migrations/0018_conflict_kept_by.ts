import type { CacheMigration } from './cacheMigration.js';

/** Who wrote the value a conflict kept, and when (shared/domain/conflict.ts: theirsAgentId, theirsSeatId, theirsAt). */
export const conflictKeptBy: CacheMigration = {
  version: 18,
  name: 'who wrote the value a conflict kept',
  sql: `
      ALTER TABLE conflicts ADD COLUMN theirs_agent_id TEXT;
      ALTER TABLE conflicts ADD COLUMN theirs_seat_id TEXT;
      ALTER TABLE conflicts ADD COLUMN theirs_at TEXT;
    `,
};
