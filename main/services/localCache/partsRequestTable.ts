import type { PartsRequest } from '../../../shared/domain/partsRequest.js';
import { partsRequestEntity } from '../../../shared/entities/syncedEntities.js';
import type { LocalCacheDb } from './openLocalCache.js';
import { cacheRowMapping, syncedTableStatements } from './syncedTableStatements.js';

/** All SQL touching the cache's `parts_requests` table (spare parts for orders). */

const partsRequestRows = cacheRowMapping(partsRequestEntity);

export function partsRequestTable(db: LocalCacheDb) {
  // Only its status (moved at headquarters) and note change once it exists.
  const rows = syncedTableStatements(db, 'parts_requests', partsRequestRows, { replace: ['status', 'note', 'updatedAt', 'version', 'deleted'] });
  const ofOrder = db.prepare('SELECT * FROM parts_requests WHERE order_id = ? AND deleted = 0 ORDER BY created_at DESC, id DESC');

  return {
    upsert: rows.upsert,
    find: rows.find,
    discard: rows.discard,
    /** An order's parts requests, newest first. */
    ofOrder(orderId: string): PartsRequest[] {
      return rows.rows(ofOrder.all(orderId));
    },
  };
}
