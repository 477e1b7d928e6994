/**
 * One version of the seat cache's schema: the SQL that takes a cache from `version - 1` to
 * `version`, written out as it was released. `PRAGMA user_version` records the last one applied.
 */
export interface CacheMigration {
  version: number;
  name: string;
  sql: string;
}
