import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SyncChange } from '../../shared/api/rest.js';
import type { ServiceOrder } from '../../shared/domain/serviceOrder.js';
import { workstationMethods } from '../../shared/workstationApi.js';
import { makeTempDir } from '../../tests/support/tempDir.js';
import { LocalCache } from './localCache/localCache.js';
import { overdueOrders } from './overdueOrders.js';

/**
 * 'orders.overdue' at the seat, against a real cache file and a fixed clock: which orders of the
 * branch are past a service-level deadline (dispatch within 4 h of creation, accepted within 2 h
 * and on site within 24 h of dispatch, completed within 72 h of creation), oldest first,
 * including what this seat changed and has not synced yet.
 */
const tmp = makeTempDir('overdue');
afterAll(tmp.cleanup);

const branchId = '0b1c2d3e-4f50-4a6b-8c7d-8e9f0a1b2c3d';
const agentId = '1b1c2d3e-4f50-4a6b-8c7d-8e9f0a1b2c3d';
const customerId = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const outletId = '9a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const NOW = new Date('2026-11-23T12:00:00.000Z');
const hoursBefore = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();

let seq = 0;
function order(n: number, over: Partial<ServiceOrder>): SyncChange {
  seq += 1;
  const createdAt = over.createdAt ?? hoursBefore(1);
  return {
    seq,
    entity: 'serviceOrder',
    row: {
      id: `b1b2c3d4-0000-4000-8000-${String(n).padStart(12, '0')}`,
      orderNumber: `BJ01-01-20261123-${String(n).padStart(4, '0')}`,
      customerId, productId: null, branchId, type: 'repair', status: 'new', fault: '', ownerAgentId: agentId,
      createdAt, updatedAt: createdAt, outletId: null, appointmentStart: null, appointmentEnd: null, dispatchedAt: null, warranty: null, feeConsent: null, duplicateReason: null, duplicateReview: null, completion: null, cancelReason: null, handoverNote: null,
      version: seq, deleted: false, ...over,
    },
  };
}

const dispatchedAt = (hoursAgo: number) => ({ outletId, appointmentStart: hoursBefore(-2), appointmentEnd: hoursBefore(-5), dispatchedAt: hoursBefore(hoursAgo) });

function seededCache(name: string): LocalCache {
  const cache = LocalCache.open(path.join(tmp.dir, `${name}.db`));
  cache.applyPulledPage(
    [
      order(1, { createdAt: hoursBefore(5) }), // new for 5 h: dispatch overdue by 1 h
      order(2, { createdAt: hoursBefore(3) }), // new for 3 h: within the 4 h
      order(3, { createdAt: hoursBefore(4) }), // exactly at the deadline: not yet overdue
      order(4, { createdAt: hoursBefore(30), status: 'dispatched', ...dispatchedAt(25) }), // on site overdue by 1 h
      order(5, { createdAt: hoursBefore(40), status: 'accepted', ...dispatchedAt(30) }), // accepted, on site overdue by 6 h
      order(6, { createdAt: hoursBefore(10), status: 'dispatched', ...dispatchedAt(5) }), // not accepted 5 h after dispatch: accept overdue by 3 h
      order(7, { createdAt: hoursBefore(50), status: 'in_service', ...dispatchedAt(45) }), // technician on site: completion due in 22 h
      order(8, { createdAt: hoursBefore(50), status: 'cancelled' }),
      order(9, { createdAt: hoursBefore(60), status: 'completed', ...dispatchedAt(55) }),
      order(10, { createdAt: hoursBefore(70), deleted: true }), // a tombstone is never listed
      order(11, { createdAt: hoursBefore(6), status: 'parts_pending', ...dispatchedAt(30) }),
      order(12, { createdAt: hoursBefore(66 * 24), status: 'accepted' }), // accepted 66 days ago, never dispatched on record
      order(13, { createdAt: hoursBefore(80), status: 'in_service', ...dispatchedAt(70) }), // completion overdue by 8 h
    ],
    seq,
    NOW.toISOString(),
  );
  return cache;
}

const numbers = (orders: ServiceOrder[]) => orders.map((o) => Number(o.orderNumber.slice(-4)));

describe("'orders.overdue' at the seat, with a fixed clock", () => {
  it('lists the orders past any stage’s deadline, never-dispatched ones too, oldest first, in the contract’s shape', () => {
    const cache = seededCache('list');
    const overdue = overdueOrders(cache, NOW);
    expect(numbers(overdue)).toEqual([12, 13, 5, 4, 6, 1]);
    expect(workstationMethods['orders.overdue'].output.parse(overdue)).toEqual(overdue);
    // A minute later the order created exactly 4 h ago is overdue too; an hour earlier the 5-hour-old one was not yet.
    expect(numbers(overdueOrders(cache, new Date(NOW.getTime() + 60_000)))).toEqual([12, 13, 5, 4, 6, 1, 3]);
    expect(numbers(overdueOrders(cache, new Date(NOW.getTime() - 3_600_000)))).toEqual([12, 13, 5, 4, 6]);
    cache.close();
  });

  it('follows this seat’s unsynced changes: a dispatch stops the dispatch timer and starts the accept and on-site ones', () => {
    const cache = seededCache('local');
    const id = 'b1b2c3d4-0000-4000-8000-000000000001';
    cache.recordLocalChange(
      { entity: 'serviceOrder', entityId: id, op: 'update', patch: { status: 'dispatched', ...dispatchedAt(0.5) } },
      hoursBefore(0.5),
    );
    cache.recordLocalChange(
      { entity: 'serviceOrder', entityId: 'b1b2c3d4-0000-4000-8000-000000000004', op: 'update', patch: { status: 'in_service' } },
      hoursBefore(0.2),
    );
    expect(cache.outbox.count()).toBe(2);
    expect(numbers(overdueOrders(cache, NOW))).toEqual([12, 13, 5, 6]);
    // 24 h after the local dispatch the technician is late there too; the order in service since 50 h is late to complete.
    expect(numbers(overdueOrders(cache, new Date(NOW.getTime() + 24 * 3_600_000)))).toEqual([12, 13, 7, 5, 6, 1, 3, 2]);
    cache.close();
  });

});
