import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canTransition, nextStatuses, transitionRefusal } from './orderStatus.js';
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

  it('explains a refusal in words', () => {
    expect(transitionRefusal('BJ01-07-20261123-0042', 'completed', 'cancelled')).toBe(
      'order BJ01-07-20261123-0042 is already completed; it can no longer be cancelled',
    );
    expect(transitionRefusal('BJ01-07-20261123-0042', 'new', 'completed')).toMatch(/is new; it cannot be completed next \(only dispatched or cancelled\)/);
    expect(transitionRefusal('BJ01-07-20261123-0042', 'new', 'dispatched')).toBeNull();
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
