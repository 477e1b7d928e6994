import type { ProductCategory } from '../../../shared/domain/product.js';
import { OPEN_ORDER_STATUSES, type ServiceOrder, type ServiceOrderType } from '../../../shared/domain/serviceOrder.js';
import type { LocalCacheDb } from './openLocalCache.js';
import { rowOf } from './rowParams.js';

/** All SQL touching the cache's `service_orders` table. */

interface ServiceOrderRow {
  id: string;
  order_number: string;
  customer_id: string;
  product_id: string | null;
  branch_id: string;
  type: string;
  status: string;
  fault: string;
  owner_agent_id: string;
  created_at: string;
  updated_at: string;
  outlet_id: string | null;
  appointment_start: string | null;
  appointment_end: string | null;
  dispatched_at: string | null;
  version: number;
  deleted: number;
}

function toServiceOrder(r: ServiceOrderRow): ServiceOrder {
  return {
    id: r.id,
    orderNumber: r.order_number,
    customerId: r.customer_id,
    productId: r.product_id,
    branchId: r.branch_id,
    type: r.type as ServiceOrder['type'],
    status: r.status as ServiceOrder['status'],
    fault: r.fault,
    ownerAgentId: r.owner_agent_id,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    outletId: r.outlet_id,
    appointmentStart: r.appointment_start,
    appointmentEnd: r.appointment_end,
    dispatchedAt: r.dispatched_at,
    version: r.version,
    deleted: r.deleted === 1,
  };
}

const openStatusList = OPEN_ORDER_STATUSES.map((s) => `'${s}'`).join(', ');

/** The upsert's columns, in the order of its parameters (serviceOrderParams). */
const COLUMNS = [
  'id', 'order_number', 'customer_id', 'product_id', 'branch_id', 'type', 'status', 'fault', 'owner_agent_id', 'created_at', 'updated_at',
  'outlet_id', 'appointment_start', 'appointment_end', 'dispatched_at', 'version', 'deleted',
] as const;

/** A service order as the upsert's parameters, in COLUMNS order (see customerParams). */
export function serviceOrderParams(o: ServiceOrder): unknown[] {
  return [
    o.id, o.orderNumber, o.customerId, o.productId, o.branchId, o.type, o.status, o.fault, o.ownerAgentId, o.createdAt, o.updatedAt,
    o.outletId, o.appointmentStart, o.appointmentEnd, o.dispatchedAt, o.version, o.deleted ? 1 : 0,
  ];
}

export function serviceOrderFromParams(params: readonly unknown[]): ServiceOrder {
  return toServiceOrder(rowOf(COLUMNS, params) as unknown as ServiceOrderRow);
}

export function serviceOrderTable(db: LocalCacheDb) {
  const upsert = db.prepare(`
    INSERT INTO service_orders (id, order_number, customer_id, product_id, branch_id, type, status, fault, owner_agent_id, created_at, updated_at,
      outlet_id, appointment_start, appointment_end, dispatched_at, version, deleted)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(id) DO UPDATE SET
      order_number = excluded.order_number, customer_id = excluded.customer_id, product_id = excluded.product_id,
      branch_id = excluded.branch_id, type = excluded.type, status = excluded.status, fault = excluded.fault,
      owner_agent_id = excluded.owner_agent_id, created_at = excluded.created_at, updated_at = excluded.updated_at,
      outlet_id = excluded.outlet_id, appointment_start = excluded.appointment_start, appointment_end = excluded.appointment_end,
      dispatched_at = excluded.dispatched_at, version = excluded.version, deleted = excluded.deleted
    WHERE excluded.version >= service_orders.version`);
  // Open orders first (the agent acts on those), then the history, newest first.
  const byCustomer = db.prepare(`
    SELECT * FROM service_orders WHERE customer_id = ? AND deleted = 0
    ORDER BY (status IN (${openStatusList})) DESC, created_at DESC`);
  const count = db.prepare('SELECT count(*) AS n FROM service_orders WHERE deleted = 0');
  const discard = db.prepare('DELETE FROM service_orders WHERE id = ?');
  const anyById = db.prepare('SELECT * FROM service_orders WHERE id = ?');
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
  const lastNumberWithPrefix = db.prepare(
    'SELECT max(order_number) AS n FROM service_orders WHERE order_number >= @prefix AND order_number < @prefix || char(0x10FFFF)',
  );

  return {
    upsert(o: ServiceOrder): void {
      // Positional parameters: a quarter cheaper than named ones, which an initial sync feels.
      upsert.run(serviceOrderParams(o));
    },
    /** A row already in upsert parameters (serviceOrderParams). */
    upsertParams(params: readonly unknown[]): void {
      upsert.run(params);
    },
    /** Live open orders (a service-level timer may run for each), oldest first. */
    awaitingService(): ServiceOrder[] {
      return (awaitingService.all() as ServiceOrderRow[]).map(toServiceOrder);
    },
    /** The row whatever its state, tombstones included (for sync bookkeeping). */
    find(id: string): ServiceOrder | null {
      const row = anyById.get(id) as ServiceOrderRow | undefined;
      return row ? toServiceOrder(row) : null;
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
    /** Removes a row the server never had (a local create it refused). */
    discard(id: string): void {
      discard.run(id);
    },
    count(): number {
      return (count.get() as { n: number }).n;
    },
  };
}
export type ServiceOrderTable = ReturnType<typeof serviceOrderTable>;
