import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canTransition, nextStatuses, transitionRefusal } from './orderStatus.js';
import { refusalMessage } from './refusal.js';
import { ServiceOrderStatus } from './serviceOrder.js';

const ALL = ServiceOrderStatus.options;

describe('order status state machine', () => {
  it('follows the happy path, with parts pending back and forth', () => {
    const path = ['new', 'dispatched', 'accepted', 'in_service', 'parts_pending', 'in_service', 'completed', 'visited', 'closed'] as const;
    for (let i = 1; i < path.length; i++) expect(canTransition(path[i - 1] ?? 'new', path[i] ?? 'new')).toBe(true);
  });

  it('cancels from any state before completed, and from none after', () => {
    for (const from of ['new', 'dispatched', 'accepted', 'in_service', 'parts_pending'] as const) expect(canTransition(from, 'cancelled')).toBe(true);
    for (const from of ['completed', 'visited', 'closed', 'cancelled'] as const) expect(canTransition(from, 'cancelled')).toBe(false);
  });

  it('has final states and never skips ahead', () => {
    expect(nextStatuses('closed')).toEqual([]);
    expect(nextStatuses('cancelled')).toEqual([]);
    expect(canTransition('new', 'completed')).toBe(false);
    expect(canTransition('completed', 'in_service')).toBe(false);
  });

  it('says which refusal it is, with the statuses, and words it in English from that', () => {
    const n = 'BJ01-07-20261123-0042';
    const tooLate = transitionRefusal(n, 'completed', 'cancelled');
    expect(tooLate).toEqual({ code: 'order_done_cannot_cancel', params: { orderNumber: n, status: 'completed' } });
    expect(refusalMessage(tooLate!)).toBe('order BJ01-07-20261123-0042 is already completed; it can no longer be cancelled');
    const notNext = transitionRefusal(n, 'new', 'completed');
    expect(notNext).toEqual({ code: 'order_next_status_not_allowed', params: { orderNumber: n, from: 'new', to: 'completed', allowed: ['dispatched', 'cancelled'] } });
    expect(refusalMessage(notNext!)).toMatch(/is new; it cannot be completed next \(only dispatched or cancelled\)/);
    expect(transitionRefusal(n, 'in_service', 'in_service')?.code).toBe('order_already_in_status');
    expect(transitionRefusal(n, 'cancelled', 'new')).toEqual({ code: 'order_cancelled', params: { orderNumber: n, to: 'new' } });
    expect(transitionRefusal(n, 'closed', 'visited')).toEqual({ code: 'order_closed', params: { orderNumber: n, to: 'visited' } });
    expect(transitionRefusal(n, 'new', 'dispatched')).toBeNull();
  });

  it('refuses exactly what canTransition refuses, and nextStatuses lists exactly what it allows', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ALL), fc.constantFrom(...ALL), (from, to) => {
        expect(transitionRefusal('X', from, to) === null).toBe(canTransition(from, to));
        expect(nextStatuses(from).includes(to)).toBe(canTransition(from, to));
      }),
    );
  });
});
