import type { CacheMigration } from './cacheMigration.js';

/**
 * The branch's authorised service outlets.
 */
export const outlets: CacheMigration = {
  version: 7,
  name: 'service outlets',
  sql: `
      -- The branch's authorised service outlets (pulled, never edited here); the lists are JSON arrays.
      CREATE TABLE outlets (
        id TEXT PRIMARY KEY,
        branch_id TEXT NOT NULL,
        name TEXT NOT NULL,
        provinces TEXT NOT NULL,
        cities TEXT NOT NULL,
        categories TEXT NOT NULL,
        load INTEGER NOT NULL,
        version INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0
      ) STRICT;
    `,
};
