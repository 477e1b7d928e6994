import type { Campaign } from '../../../shared/domain/campaign.js';
import { campaignEntity } from '../../../shared/entities/syncedEntities.js';
import type { LocalCacheDb } from './openLocalCache.js';
import { cacheRowMapping, syncedTableStatements } from './syncedTableStatements.js';

/** All SQL touching the cache's `campaigns` table (outbound lists, pulled only). */

const campaignRows = cacheRowMapping(campaignEntity);

export function campaignTable(db: LocalCacheDb) {
  const rows = syncedTableStatements(db, 'campaigns', campaignRows);
  // A branch runs a handful of campaigns: no index needed beyond the key.
  const live = db.prepare('SELECT * FROM campaigns WHERE deleted = 0 ORDER BY starts_on DESC, id');

  return {
    upsert: rows.upsert,
    get: rows.get,
    /** The branch's campaigns, newest first. */
    all(): Campaign[] {
      return rows.rows(live.all());
    },
  };
}
