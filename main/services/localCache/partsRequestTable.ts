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
  // Index parts_requests_requested_by (migration 19).
  const requestedBy = db.prepare(`
    SELECT r.*, o.order_number AS joined_order_number, o.customer_id AS joined_customer_id FROM parts_requests r
    JOIN service_orders o ON o.id = r.order_id
    WHERE r.requested_by = @agentId AND r.deleted = 0 AND (r.status NOT IN ('received', 'rejected') OR r.updated_at >= @since)
    ORDER BY r.updated_at DESC, r.id LIMIT @limit`);

  return {
    upsert: rows.upsert,
    find: rows.find,
    discard: rows.discard,
    /** The requests `agentId` made that still move, or moved since `since`; newest change first, with the order's number and customer. */
    requestedBy(agentId: string, since: Date, limit: number): Array<{ request: PartsRequest; orderNumber: string; customerId: string }> {
      type Joined = { joined_order_number: string; joined_customer_id: string };
      return (requestedBy.all({ agentId, since: since.toISOString(), limit }) as Joined[]).map((r) => ({
        request: partsRequestRows.fromRow(r),
        orderNumber: r.joined_order_number,
        customerId: r.joined_customer_id,
      }));
    },
    /** An order's parts requests, newest first. */
    ofOrder(orderId: string): PartsRequest[] {
      return rows.rows(ofOrder.all(orderId));
    },
  };
}
