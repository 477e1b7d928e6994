import type { OrderEvent } from '../../shared/domain/orderEvent.js';
import type { OrderTimeline } from '../../shared/domain/orderTimeline.js';
import type { Outlet } from '../../shared/domain/outlet.js';
import { AGENT_ID, BRANCH_ID } from './fixtures.js';

export const ORDER_ID = '20000000-0000-4000-8000-000000000002';
export const OTHER_AGENT_ID = '1f5a3c1e-8d7b-4e2a-9c6f-1b2d3e4f5a62';
export const OUTLET_ID = '40000000-0000-4000-8000-000000000001';

export const outlet = (over: Partial<Outlet> = {}): Outlet => ({
  id: OUTLET_ID,
  version: 1,
  capacity: null,
  deleted: false,
  branchId: BRANCH_ID,
  name: '海淀中关村服务站',
  regionCodes: ['110000', '110100'],
  categories: ['air_conditioner'],
  load: 3,
  ...over,
});

export const orderEvent = (over: Partial<OrderEvent>): OrderEvent => ({
  id: 'e0000000-0000-4000-8000-000000000001',
  version: 5,
  deleted: false,
  orderId: ORDER_ID,
  branchId: BRANCH_ID,
  seq: 5,
  kind: 'created',
  fromStatus: null,
  toStatus: 'new',
  fromOwnerAgentId: null,
  toOwnerAgentId: null,
  note: null,
  outletId: null,
  appointmentStart: null,
  appointmentEnd: null,
  agentId: AGENT_ID,
  seatId: 'seat-07',
  at: '2026-11-23T01:00:00.000Z',
  ...over,
});

/**
 * Created and handed to another agent at the backend; then, at this seat and not yet synced:
 * dispatched, cancelled, and taken back.
 */
export const orderTimeline = (): OrderTimeline => ({
  events: [
    orderEvent({ kind: 'created' }),
    orderEvent({ id: 'e0000000-0000-4000-8000-000000000002', seq: 6, kind: 'owner_changed', fromStatus: 'new', toStatus: 'new', fromOwnerAgentId: AGENT_ID, toOwnerAgentId: OTHER_AGENT_ID, at: '2026-11-23T02:00:00.000Z' }),
  ],
  pending: [
    { at: '2026-11-23T03:00:00.000Z', status: 'dispatched', ownerAgentId: null, handoverNote: null, outletId: OUTLET_ID, appointmentStart: '2026-11-24T01:00:00.000Z', appointmentEnd: '2026-11-24T04:00:00.000Z' },
    { at: '2026-11-23T03:10:00.000Z', status: 'cancelled', ownerAgentId: null, handoverNote: null, outletId: null, appointmentStart: null, appointmentEnd: null },
    { at: '2026-11-23T03:20:00.000Z', status: null, ownerAgentId: AGENT_ID, handoverNote: null, outletId: null, appointmentStart: null, appointmentEnd: null },
  ],
  followUp: null,
});
