import type { CacheMigration } from './cacheMigration.js';

/** An outlet's capacity (shared/domain/outlet.ts): null (not planned) on rows from before. */
export const outletCapacity: CacheMigration = {
  version: 25,
  name: 'outlet capacity',
  sql: `
      ALTER TABLE outlets ADD COLUMN capacity INTEGER;
    `,
};
