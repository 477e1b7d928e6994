import { describe, expect, it } from 'vitest';
import { findDuplicateOrders, type DuplicateCheckFacts } from './duplicateOrders.js';
import type { ServiceOrder } from './serviceOrder.js';

const now = new Date('2026-11-23T10:00:00Z');
let seq = 0;
function order(overrides: Partial<ServiceOrder> = {}): ServiceOrder {
  seq += 1;
  return {
    id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    version: seq,
    deleted: false,
    orderNumber: `BJ01-07-20261120-${String(seq).padStart(4, '0')}`,
    customerId: '11111111-1111-4111-8111-111111111111',
    productId: null,
    branchId: '22222222-2222-4222-8222-222222222222',
    type: 'repair',
    status: 'new',
    fault: '不制冷',
    ownerAgentId: '33333333-3333-4333-8333-333333333333',
    createdAt: '2026-11-20T08:00:00Z',
    updatedAt: '2026-11-20T08:00:00Z',
    outletId: null, appointmentStart: null, appointmentEnd: null, dispatchedAt: null, warranty: null, feeConsent: null, duplicateReason: null, duplicateReview: null, completion: null, cancelReason: null, handoverNote: null,
    ...overrides,
  };
}

const candidate: DuplicateCheckFacts = { type: 'repair', serialNumber: 'AC2309K0012345', category: 'air_conditioner', phone: '+8613800138000' };
const sameProduct = { serialNumber: 'AC2309K0012345', category: 'air_conditioner' as const, phone: '+8613900000000' };
const samePhoneOtherUnit = { serialNumber: 'AC2401K0099999', category: 'air_conditioner' as const, phone: '+8613800138000' };

describe('findDuplicateOrders', () => {
  it('finds an open order for the same serial number, whatever its age or phone', () => {
    const old = order({ createdAt: '2026-06-01T08:00:00Z' });
    expect(findDuplicateOrders(candidate, [{ order: old, ...sameProduct }], now)).toEqual([{ order: old, reason: 'same_serial_number' }]);
  });

  it('finds an open order from the same phone for the same category within 7 days only', () => {
    const recent = order({ createdAt: '2026-11-17T10:00:00Z' });
    const tooOld = order({ createdAt: '2026-11-16T09:59:59Z' });
    const otherCategory = order();
    const result = findDuplicateOrders(
      candidate,
      [
        { order: recent, ...samePhoneOtherUnit },
        { order: tooOld, ...samePhoneOtherUnit },
        { order: otherCategory, ...samePhoneOtherUnit, category: 'refrigerator' },
      ],
      now,
    );
    expect(result).toEqual([{ order: recent, reason: 'same_phone_and_category' }]);
  });

  it('ignores closed, completed, cancelled and deleted orders, and orders of another type', () => {
    const others = [
      order({ status: 'completed' }),
      order({ status: 'closed' }),
      order({ status: 'cancelled' }),
      order({ deleted: true }),
      order({ type: 'installation' }),
    ].map((o) => ({ order: o, ...sameProduct }));
    expect(findDuplicateOrders(candidate, others, now)).toEqual([]);
  });

  it('lists same-serial matches first, then newest first; an order without a product matches nothing', () => {
    const a = order({ createdAt: '2026-11-21T08:00:00Z' });
    const b = order({ createdAt: '2026-11-22T08:00:00Z', status: 'parts_pending' });
    const c = order({ createdAt: '2026-11-10T08:00:00Z', status: 'in_service' });
    const existing = [{ order: a, ...samePhoneOtherUnit }, { order: b, ...samePhoneOtherUnit }, { order: c, ...sameProduct }];
    expect(findDuplicateOrders(candidate, existing, now).map((d) => d.order.id)).toEqual([c.id, b.id, a.id]);
    expect(findDuplicateOrders({ ...candidate, serialNumber: null, category: null }, existing, now)).toEqual([]);
  });
});
