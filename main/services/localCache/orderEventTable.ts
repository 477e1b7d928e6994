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
  // Handovers naming the agent as the new owner, of orders the agent still owns and works on (open, or
  // completed and awaiting the follow-up; index order_events_handed_to, migration 19),
  // with the time of the order's handover before each (a handover's note is written between the two).
  const handedTo = db.prepare(`
    SELECT e.*, o.order_number AS joined_order_number, o.customer_id AS joined_customer_id,
      (SELECT max(p.at) FROM order_events p WHERE p.order_id = e.order_id AND p.kind = 'owner_changed' AND p.deleted = 0 AND p.version < e.version) AS previous_handover_at
    FROM order_events e JOIN service_orders o ON o.id = e.order_id
    WHERE e.to_owner_agent_id = @agentId AND e.kind = 'owner_changed' AND e.deleted = 0 AND e.at >= @newSince AND (e.version > @afterVersion OR e.at >= @since)
      AND o.owner_agent_id = @agentId AND o.deleted = 0 AND o.status NOT IN ('visited', 'closed', 'cancelled')
    ORDER BY e.at DESC LIMIT @limit`);

  return {
    add: rows.upsert,
    /**
     * Handovers to `agentId` of orders still theirs and not done with (not visited, closed or cancelled),
     * none before `newSince`: those after event version `afterVersion`, and those since `since`;
     * newest first, with the order's number and customer.
     */
    handedTo(agentId: string, afterVersion: number, since: string, newSince: string, limit: number) {
      type Joined = { joined_order_number: string; joined_customer_id: string; previous_handover_at: string | null };
      return (handedTo.all({ agentId, afterVersion, since, newSince, limit }) as Array<Joined>).map((r) => ({
        event: orderEventRows.fromRow(r),
        orderNumber: r.joined_order_number,
        customerId: r.joined_customer_id,
        previousHandoverAt: r.previous_handover_at,
      }));
    },
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
