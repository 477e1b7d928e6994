import type { Outlet } from '../../../shared/domain/outlet.js';
import { outletEntity } from '../../../shared/entities/syncedEntities.js';
import type { LocalCacheDb } from './openLocalCache.js';
import { cacheRowMapping, syncedTableStatements } from './syncedTableStatements.js';

/** All SQL touching the cache's `outlets` table (authorised service outlets, pulled only). */

const outletRows = cacheRowMapping(outletEntity);

export function outletTable(db: LocalCacheDb) {
  const rows = syncedTableStatements(db, 'outlets', outletRows);
  const live = db.prepare('SELECT * FROM outlets WHERE deleted = 0 ORDER BY name');

  return {
    upsert: rows.upsert,
    /** Every outlet in service, by name. */
    all(): Outlet[] {
      return rows.rows(live.all());
    },
  };
}
