import type { CacheMigration } from './cacheMigration.js';

/**
 * Regions as data (shared/domain/region.ts): customers' region codes and the reason for a second
 * customer with one phone, outlets' region codes, and the seat's copy of the code table pulled from
 * the backend (main/services/regionTable.ts). Rows cached before keep null codes and empty outlet
 * regions until the backend's own migration of them is pulled: it logs every row it mapped.
 */
export const regions: CacheMigration = {
  version: 15,
  name: 'region codes and the division code table',
  sql: `
      ALTER TABLE customers ADD COLUMN province_code TEXT;
      ALTER TABLE customers ADD COLUMN city_code TEXT;
      ALTER TABLE customers ADD COLUMN district_code TEXT;
      ALTER TABLE customers ADD COLUMN same_phone_reason TEXT;
      -- Outlets serve GB/T 2260 codes (region_codes, a JSON array). The region names they had stay
      -- as they were (a migration keeps what a cache holds) but are no longer written: rebuilt
      -- with a default, as SQLite cannot drop NOT NULL from a column.
      CREATE TABLE outlets_with_region_codes (
        id TEXT PRIMARY KEY,
        branch_id TEXT NOT NULL,
        name TEXT NOT NULL,
        provinces TEXT NOT NULL DEFAULT '[]',
        cities TEXT NOT NULL DEFAULT '[]',
        categories TEXT NOT NULL,
        load INTEGER NOT NULL,
        version INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0,
        region_codes TEXT NOT NULL DEFAULT '[]'
      ) STRICT;
      INSERT INTO outlets_with_region_codes (id, branch_id, name, provinces, cities, categories, load, version, deleted)
        SELECT id, branch_id, name, provinces, cities, categories, load, version, deleted FROM outlets;
      DROP TABLE outlets;
      ALTER TABLE outlets_with_region_codes RENAME TO outlets;
      -- The edition of the code table pulled last (its name in meta 'regions.edition').
      CREATE TABLE regions (
        code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        level TEXT NOT NULL,
        parent_code TEXT
      ) STRICT;
    `,
};
