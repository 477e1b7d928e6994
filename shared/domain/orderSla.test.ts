import { describe, expect, it } from 'vitest';
import {
  ACCEPT_WITHIN_HOURS,
  COMPLETE_WITHIN_HOURS,
  DISPATCH_WITHIN_HOURS,
  isOverdue,
  nextDeadline,
  ON_SITE_WITHIN_HOURS,
  runningClocks,
  type SlaOrder,
} from './orderSla.js';

const created = '2026-11-23T08:00:00.000Z';
const at = (iso: string) => new Date(iso);
const HOUR = 3_600_000;

describe('service-level timers for every stage', () => {
  it('are 4 h to dispatch, 2 h to accept and 24 h to be on site after the dispatch, 72 h to complete', () => {
    expect([DISPATCH_WITHIN_HOURS, ACCEPT_WITHIN_HOURS, ON_SITE_WITHIN_HOURS, COMPLETE_WITHIN_HOURS]).toEqual([4, 2, 24, 72]);
  });

  it('a new order runs the dispatch and completion timers; overdue only after the deadline', () => {
    const order: SlaOrder = { status: 'new', createdAt: created, dispatchedAt: null };
    expect(runningClocks(order, at('2026-11-23T10:00:00.000Z'))).toEqual([
      { stage: 'dispatch', dueAt: '2026-11-23T12:00:00.000Z', remainingMs: 2 * HOUR },
      { stage: 'complete', dueAt: '2026-11-26T08:00:00.000Z', remainingMs: 70 * HOUR },
    ]);
    expect(isOverdue(order, at('2026-11-23T12:00:00.000Z'))).toBe(false);
    expect(isOverdue(order, at('2026-11-23T12:00:00.001Z'))).toBe(true);
    expect(nextDeadline(order, at('2026-11-23T13:00:00.000Z'))).toEqual({ stage: 'dispatch', dueAt: '2026-11-23T12:00:00.000Z', remainingMs: -HOUR });
  });

  it('a dispatched order counts acceptance and on site from its dispatch; accepted, only on site and completion run', () => {
    const dispatched: SlaOrder = { status: 'dispatched', createdAt: created, dispatchedAt: '2026-11-23T10:00:00.000Z' };
    expect(runningClocks(dispatched, at('2026-11-23T11:00:00.000Z')).map((c) => [c.stage, c.dueAt])).toEqual([
      ['accept', '2026-11-23T12:00:00.000Z'],
      ['onSite', '2026-11-24T10:00:00.000Z'],
      ['complete', '2026-11-26T08:00:00.000Z'],
    ]);
    expect(nextDeadline(dispatched, at('2026-11-23T12:30:00.000Z'))).toMatchObject({ stage: 'accept', remainingMs: -0.5 * HOUR });
    const accepted: SlaOrder = { ...dispatched, status: 'accepted' };
    expect(nextDeadline(accepted, at('2026-11-23T12:30:00.000Z'))).toMatchObject({ stage: 'onSite', remainingMs: 21.5 * HOUR });
    expect(isOverdue(accepted, at('2026-11-24T10:00:01.000Z'))).toBe(true);
  });

  it('in service or waiting for parts only the completion timer runs', () => {
    for (const status of ['in_service', 'parts_pending'] as const) {
      const order: SlaOrder = { status, createdAt: created, dispatchedAt: '2026-11-23T09:00:00.000Z' };
      expect(runningClocks(order, at('2026-11-25T00:00:00.000Z')).map((c) => c.stage)).toEqual(['complete']);
      expect(isOverdue(order, at('2026-11-26T08:00:00.000Z'))).toBe(false);
      expect(isOverdue(order, at('2026-11-26T08:00:01.000Z'))).toBe(true);
    }
  });

  it('an order accepted 66 days ago and never dispatched on record is overdue', () => {
    const order: SlaOrder = { status: 'accepted', createdAt: '2026-09-18T08:00:00.000Z', dispatchedAt: null };
    const now = at('2026-11-23T08:00:00.000Z');
    expect(isOverdue(order, now)).toBe(true);
    expect(nextDeadline(order, now)).toMatchObject({ stage: 'onSite', remainingMs: -(66 * 24 - 24) * HOUR });
    expect(isOverdue({ ...order, status: 'dispatched' }, now)).toBe(true);
  });

  it('cancelled and finished orders run no timer and are never overdue', () => {
    for (const status of ['cancelled', 'completed', 'visited', 'closed'] as const) {
      const order: SlaOrder = { status, createdAt: created, dispatchedAt: null };
      expect(nextDeadline(order, at('2027-01-01T00:00:00.000Z'))).toBeNull();
      expect(isOverdue(order, at('2027-01-01T00:00:00.000Z'))).toBe(false);
    }
  });
});
