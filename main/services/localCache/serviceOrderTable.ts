import type { OrderEventKind } from '../../../shared/domain/orderEvent.js';
import type { ProductCategory } from '../../../shared/domain/product.js';
import { OPEN_ORDER_STATUSES, type ServiceOrder, type ServiceOrderType } from '../../../shared/domain/serviceOrder.js';
import { serviceOrderEntity } from '../../../shared/entities/syncedEntities.js';
import type { LocalCacheDb } from './openLocalCache.js';
import { cacheRowMapping, syncedTableStatements, type CacheRow } from './syncedTableStatements.js';

/** All SQL touching the cache's `service_orders` table. */

/** Service orders ↔ the cache's columns (shared/entities); also the snapshot reader thread's packing (rowParams.ts). */
export const serviceOrderRows = cacheRowMapping(serviceOrderEntity);

type ServiceOrderRow = CacheRow<typeof serviceOrderEntity>;

const openStatusList = OPEN_ORDER_STATUSES.map((s) => `'${s}'`).join(', ');

export function serviceOrderTable(db: LocalCacheDb) {
  const rows = syncedTableStatements(db, 'service_orders', serviceOrderRows);
  const toServiceOrder = serviceOrderRows.fromRow;
  // Open orders first (the agent acts on those), then the history, newest first.
  const byCustomer = db.prepare(`
    SELECT * FROM service_orders WHERE customer_id = ? AND deleted = 0
    ORDER BY (status IN (${openStatusList})) DESC, created_at DESC`);
  const count = db.prepare('SELECT count(*) AS n FROM service_orders WHERE deleted = 0');
  // Open orders of a type that a new one may duplicate: same serial, or same phone and category since a time.
  const duplicateCandidates = db.prepare(`
    SELECT o.*, p.serial_number AS product_serial, p.category AS product_category, c.phone AS customer_phone
    FROM service_orders o
    JOIN products p ON p.id = o.product_id
    JOIN customers c ON c.id = o.customer_id
    WHERE o.deleted = 0 AND o.type = @type AND o.status IN (${openStatusList})
      AND (p.serial_number = @serialNumber OR (c.phone = @phone AND p.category = @category AND o.created_at >= @since))`);
  // Open orders: the candidates for the service-level timers (index service_orders_open, migration 12).
  const awaitingService = db.prepare(`
    SELECT * FROM service_orders WHERE deleted = 0 AND status IN (${openStatusList}) ORDER BY created_at`);
  // An agent's open orders, oldest first, and each agent's open-order count (index service_orders_owner_open, migration 17).
  const openOfOwner = db.prepare(`
    SELECT * FROM service_orders WHERE owner_agent_id = ? AND deleted = 0 AND status IN (${openStatusList}) ORDER BY created_at, order_number`);
  const openCountsByOwner = db.prepare(`
    SELECT owner_agent_id AS owner, count(*) AS n FROM service_orders WHERE deleted = 0 AND status IN (${openStatusList}) GROUP BY owner_agent_id`);
  // An owner's open orders with the newest event of each (index service_orders_owner, migration 19).
  const ownedOpen = db.prepare(`
    SELECT o.*, e.at AS last_event_at, e.kind AS last_event_kind FROM service_orders o
    LEFT JOIN order_events e ON e.rowid = (
      SELECT rowid FROM order_events WHERE order_id = o.id AND deleted = 0 ORDER BY seq DESC, version DESC LIMIT 1)
    WHERE o.owner_agent_id = ? AND o.deleted = 0 AND o.status IN (${openStatusList})`);
  // Open orders made as possible duplicates, not yet decided on by the supervisor (index service_orders_awaiting_review, migration 26).
  const awaitingReview = db.prepare(`
    SELECT * FROM service_orders
    WHERE deleted = 0 AND duplicate_reason IS NOT NULL AND duplicate_review = 'null' AND branch_id = ? AND status IN (${openStatusList})
    ORDER BY created_at, order_number LIMIT ?`);
  const lastNumberWithPrefix = db.prepare(
    'SELECT max(order_number) AS n FROM service_orders WHERE order_number >= @prefix AND order_number < @prefix || char(0x10FFFF)',
  );

  return {
    upsert: rows.upsert,
    upsertParams: rows.upsertParams,
    find: rows.find,
    discard: rows.discard,
    /** Live open orders (a service-level timer may run for each), oldest first. */
    awaitingService(): ServiceOrder[] {
      return (awaitingService.all() as ServiceOrderRow[]).map(toServiceOrder);
    },
    /** The agent's open orders (what a shift handover hands over), oldest first. */
    openOfOwner(agentId: string): ServiceOrder[] {
      return (openOfOwner.all(agentId) as ServiceOrderRow[]).map(toServiceOrder);
    },
    /** How many open orders each agent holds in this cache (the agents who hold none are absent). */
    openCountsByOwner(): Map<string, number> {
      return new Map((openCountsByOwner.all() as Array<{ owner: string; n: number }>).map((r) => [r.owner, r.n]));
    },
    /** The open orders an agent owns, each with its newest event's time and kind (null: none synced yet). Unordered. */
    ownedOpen(agentId: string): Array<{ order: ServiceOrder; lastEventAt: string | null; lastEventKind: OrderEventKind | null }> {
      return (ownedOpen.all(agentId) as Array<ServiceOrderRow & { last_event_at: string | null; last_event_kind: OrderEventKind | null }>).map((r) => ({
        order: toServiceOrder(r),
        lastEventAt: r.last_event_at,
        lastEventKind: r.last_event_kind,
      }));
    },
    /** The branch's open orders awaiting the supervisor's decision on a duplicate (shared/domain/duplicateReview.ts), oldest first. */
    awaitingDuplicateReview(branchId: string, limit: number): ServiceOrder[] {
      return (awaitingReview.all(branchId, limit) as ServiceOrderRow[]).map(toServiceOrder);
    },
    /** The highest order number starting with `prefix` (e.g. "BJ01-07-20261123-"), if any. */
    lastNumberWithPrefix(prefix: string): string | null {
      return (lastNumberWithPrefix.get({ prefix }) as { n: string | null }).n;
    },
    ofCustomer(customerId: string): ServiceOrder[] {
      return (byCustomer.all(customerId) as ServiceOrderRow[]).map(toServiceOrder);
    },
    /** Open orders that may be duplicates (shared/domain/duplicateOrders.ts decides), with their product and phone. */
    duplicateCandidates(query: { type: ServiceOrderType; serialNumber: string; phone: string; category: ProductCategory; since: string }) {
      return (duplicateCandidates.all(query) as Array<ServiceOrderRow & { product_serial: string; product_category: ProductCategory; customer_phone: string }>).map((r) => ({
        order: toServiceOrder(r),
        serialNumber: r.product_serial,
        category: r.product_category,
        phone: r.customer_phone,
      }));
    },
    count(): number {
      return (count.get() as { n: number }).n;
    },
  };
}
