import type { OrderEvent } from '../../../shared/domain/orderEvent.js';
import type { LocalCacheDb } from './openLocalCache.js';

/** All SQL touching the cache's `order_events` table (service orders' timelines, pulled only). */

interface OrderEventRow {
  id: string;
  order_id: string;
  branch_id: string;
  seq: number;
  kind: string;
  from_status: string | null;
  to_status: string;
  from_owner_agent_id: string | null;
  to_owner_agent_id: string | null;
  outlet_id: string | null;
  appointment_start: string | null;
  appointment_end: string | null;
  agent_id: string | null;
  seat_id: string | null;
  at: string;
  version: number;
  deleted: number;
}

function toOrderEvent(r: OrderEventRow): OrderEvent {
  return {
    id: r.id,
    orderId: r.order_id,
    branchId: r.branch_id,
    seq: r.seq,
    kind: r.kind as OrderEvent['kind'],
    fromStatus: r.from_status as OrderEvent['fromStatus'],
    toStatus: r.to_status as OrderEvent['toStatus'],
    fromOwnerAgentId: r.from_owner_agent_id,
    toOwnerAgentId: r.to_owner_agent_id,
    outletId: r.outlet_id,
    appointmentStart: r.appointment_start,
    appointmentEnd: r.appointment_end,
    agentId: r.agent_id,
    seatId: r.seat_id,
    at: r.at,
    version: r.version,
    deleted: r.deleted === 1,
  };
}

export function orderEventTable(db: LocalCacheDb) {
  // Events never change once written: a second copy of one (a re-pulled page) is ignored.
  const insert = db.prepare(`
    INSERT INTO order_events (id, order_id, branch_id, seq, kind, from_status, to_status, from_owner_agent_id, to_owner_agent_id,
      outlet_id, appointment_start, appointment_end, agent_id, seat_id, at, version, deleted)
    VALUES (@id, @orderId, @branchId, @seq, @kind, @fromStatus, @toStatus, @fromOwnerAgentId, @toOwnerAgentId,
      @outletId, @appointmentStart, @appointmentEnd, @agentId, @seatId, @at, @version, @deleted)
    ON CONFLICT(id) DO NOTHING`);
  const ofOrder = db.prepare('SELECT * FROM order_events WHERE order_id = ? AND deleted = 0 ORDER BY seq, version');

  return {
    add(e: OrderEvent): void {
      insert.run({ ...e, deleted: e.deleted ? 1 : 0 });
    },
    /** One order's history, oldest first. */
    ofOrder(orderId: string): OrderEvent[] {
      return (ofOrder.all(orderId) as OrderEventRow[]).map(toOrderEvent);
    },
  };
}
export type OrderEventTable = ReturnType<typeof orderEventTable>;
