import type { CacheMigration } from './cacheMigration.js';

/**
 * Rows to index again after the full-text indexes were built beside an initial sync.
 */
export const searchReindex: CacheMigration = {
  version: 11,
  name: 'rows to index again after a search index built beside an initial sync',
  sql: `
      -- A worker thread builds the full-text indexes in a side file while an initial sync loads the
      -- tables (searchIndexBuild.ts). Rows changed or deleted after the worker read them are listed
      -- here by triggers that exist only during the load, and indexed again when the side file is merged.
      CREATE TABLE search_reindex (
        source TEXT NOT NULL,
        row INTEGER NOT NULL,
        PRIMARY KEY (source, row)
      ) STRICT, WITHOUT ROWID;
    `,
};
