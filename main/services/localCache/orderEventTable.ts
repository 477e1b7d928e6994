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
  // A customer has a handful of orders, each tens of events: their events through their orders.
  const ofCustomer = db.prepare(`
    SELECT e.* FROM service_orders o JOIN order_events e ON e.order_id = o.id
    WHERE o.customer_id = ? AND e.deleted = 0 ORDER BY e.at DESC, e.seq DESC, e.version DESC LIMIT ?`);

  return {
    add: rows.upsert,
    /** One order's history, oldest first. */
    ofOrder(orderId: string): OrderEvent[] {
      return rows.rows(ofOrder.all(orderId));
    },
    /** The events of a customer's orders, newest first (their contact history). */
    ofCustomer(customerId: string, limit: number): OrderEvent[] {
      return rows.rows(ofCustomer.all(customerId, limit));
    },
  };
}
