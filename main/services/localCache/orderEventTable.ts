import type { OrderEvent } from '../../../shared/domain/orderEvent.js';
import { orderEventEntity } from '../../../shared/entities/syncedEntities.js';
import type { LocalCacheDb } from './openLocalCache.js';
import { cacheRowMapping, syncedTableStatements } from './syncedTableStatements.js';

/** All SQL touching the cache's `order_events` table (service orders' timelines, pulled only). */

const orderEventRows = cacheRowMapping(orderEventEntity);

export function orderEventTable(db: LocalCacheDb) {
  // Events never change once written: a second copy of one (a re-pulled page) is ignored.
  const rows = syncedTableStatements(db, 'order_events', orderEventRows, 'keep');
  const ofOrder = db.prepare('SELECT * FROM order_events WHERE order_id = ? AND deleted = 0 ORDER BY seq, version');

  return {
    add: rows.upsert,
    /** One order's history, oldest first. */
    ofOrder(orderId: string): OrderEvent[] {
      return rows.rows(ofOrder.all(orderId));
    },
  };
}
