import type { CacheMigration } from './cacheMigration.js';

/** Customer tags (shared/domain/customerTags.ts): a JSON array of tag codes; none on rows from before. */
export const customerTags: CacheMigration = {
  version: 20,
  name: 'customer tags',
  sql: `
      ALTER TABLE customers ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
    `,
};
