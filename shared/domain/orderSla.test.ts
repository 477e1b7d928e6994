import { describe, expect, it } from 'vitest';
import { isOverdue, orderOverdue, SERVICE_LEVEL } from './orderSla.js';

const created = '2026-11-23T08:00:00.000Z';
const at = (iso: string) => new Date(iso);

describe('service-level timers', () => {
  it('a new order is overdue for dispatch only after N hours', () => {
    expect(SERVICE_LEVEL.dispatchWithinHours).toBe(4);
    const order = { status: 'new' as const, createdAt: created, dispatchedAt: null };
    expect(orderOverdue(order, at('2026-11-23T12:00:00.000Z'))).toEqual({ dispatchDueAt: '2026-11-23T12:00:00.000Z', dispatchOverdue: false, onSiteDueAt: null, onSiteOverdue: false });
    expect(orderOverdue(order, at('2026-11-23T12:00:00.001Z')).dispatchOverdue).toBe(true);
    expect(isOverdue(order, at('2026-11-23T12:00:00.001Z'))).toBe(true);
  });

  it('a dispatched or accepted order is overdue on site M hours after its dispatch; in service it is not', () => {
    const dispatched = { status: 'dispatched' as const, createdAt: created, dispatchedAt: '2026-11-23T10:00:00.000Z' };
    expect(orderOverdue(dispatched, at('2026-11-24T10:00:00.000Z'))).toMatchObject({ onSiteDueAt: '2026-11-24T10:00:00.000Z', onSiteOverdue: false, dispatchOverdue: false });
    expect(orderOverdue(dispatched, at('2026-11-24T10:00:01.000Z')).onSiteOverdue).toBe(true);
    expect(orderOverdue({ ...dispatched, status: 'accepted' }, at('2026-11-25T00:00:00.000Z')).onSiteOverdue).toBe(true);
    expect(isOverdue({ ...dispatched, status: 'in_service' }, at('2026-11-30T00:00:00.000Z'))).toBe(false);
  });

  it('cancelled and finished orders are never overdue', () => {
    for (const status of ['cancelled', 'completed', 'visited', 'closed'] as const) {
      expect(isOverdue({ status, createdAt: created, dispatchedAt: null }, at('2027-01-01T00:00:00.000Z'))).toBe(false);
    }
  });
});
