import type Database from 'better-sqlite3-multiple-ciphers';
import type { CacheMigration } from './migrations/cacheMigration.js';
import { cacheMigrations } from './migrations/index.js';

/**
 * Brings the cache's schema to the last of `migrations` (by default every released one). Each
 * runs in its own transaction with its `user_version`, so a crash mid-migration leaves the file at
 * the previous version. The connection needs the cache's SQL functions (registerCacheFunctions):
 * the full-text migrations fill their indexes with them.
 */
export function applyCacheMigrations(db: Database.Database, migrations: readonly CacheMigration[] = cacheMigrations): { from: number; to: number } {
  const from = db.pragma('user_version', { simple: true }) as number;
  let current = from;
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
    current = migration.version;
  }
  return { from, to: current };
}
