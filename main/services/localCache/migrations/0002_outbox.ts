import type { CacheMigration } from './cacheMigration.js';

/**
 * Local changes waiting for the backend (the outbox), the server's last state of rows with pending
 * changes, and the changes the backend refused.
 */
export const outbox: CacheMigration = {
  version: 2,
  name: 'outbox, server shadows and dead letters',
  sql: `
      -- Local changes not yet acknowledged by the backend, in the order they were made. Written in
      -- the same transaction as the local change itself: a crash loses neither or both.
      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        mutation_id TEXT NOT NULL UNIQUE,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        op TEXT NOT NULL,
        base_version INTEGER NOT NULL,
        patch TEXT NOT NULL,
        created_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
      ) STRICT;
      CREATE INDEX outbox_entity ON outbox(entity, entity_id);

      -- The last server state of a row that has pending local changes: the base on which pending
      -- changes are re-applied when the server's state moves, and what a rejected change reverts to.
      -- No shadow for a row the server has never seen (a local create).
      CREATE TABLE server_shadows (
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        row TEXT NOT NULL,
        PRIMARY KEY (entity, entity_id)
      ) STRICT;

      -- Changes the backend refused: visible to the agent, never retried, never blocking the queue.
      CREATE TABLE dead_letters (
        mutation_id TEXT PRIMARY KEY,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        op TEXT NOT NULL,
        patch TEXT NOT NULL,
        code TEXT NOT NULL,
        message TEXT NOT NULL,
        created_at TEXT NOT NULL,
        rejected_at TEXT NOT NULL
      ) STRICT;
    `,
};
