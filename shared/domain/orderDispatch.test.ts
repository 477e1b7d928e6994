import { describe, expect, it } from 'vitest';
import { appointmentProblem, dispatchRefusal, outletLoadChanges, outletServes } from './orderDispatch.js';
import type { Outlet } from './outlet.js';

const outlet = (over: Partial<Outlet>): Outlet => ({
  id: '00000000-0000-4000-8000-000000000001',
  version: 1,
  deleted: false,
  branchId: '00000000-0000-4000-8000-0000000000b1',
  name: '保定家电服务站',
  provinces: [],
  cities: ['保定市'],
  categories: ['air_conditioner'],
  load: 3,
  ...over,
});
const customer = { province: '河北省', city: '保定市' };
const X = '00000000-0000-4000-8000-00000000000a';
const Y = '00000000-0000-4000-8000-00000000000b';

describe('dispatch rules', () => {
  it('an outlet serves a customer by city or province, and the category when the order has a product', () => {
    expect(outletServes(outlet({}), customer, 'air_conditioner')).toBe(true);
    expect(outletServes(outlet({}), customer, 'microwave')).toBe(false);
    expect(outletServes(outlet({}), customer, null)).toBe(true);
    expect(outletServes(outlet({ cities: ['石家庄市'] }), customer, 'air_conditioner')).toBe(false);
    expect(outletServes(outlet({ cities: [], provinces: ['河北省'] }), customer, 'air_conditioner')).toBe(true);
    expect(outletServes(outlet({ deleted: true }), customer, 'air_conditioner')).toBe(false);
  });

  it('only new or dispatched orders may be dispatched, to an outlet that serves them', () => {
    const order = { orderNumber: 'BJ01-07-20261123-0042', status: 'new' as const };
    expect(dispatchRefusal(order, outlet({}), customer, 'air_conditioner')).toBeNull();
    expect(dispatchRefusal({ ...order, status: 'dispatched' }, outlet({}), customer, 'air_conditioner')).toBeNull();
    expect(dispatchRefusal({ ...order, status: 'accepted' }, outlet({}), customer, 'air_conditioner')).toMatch(/only a new or dispatched order/);
    expect(dispatchRefusal(order, null, customer, 'air_conditioner')).toMatch(/^outletId: no such/);
    expect(dispatchRefusal(order, outlet({}), customer, 'tv')).toMatch(/^outletId: 保定家电服务站 does not serve 保定市 for tv/);
  });

  it('an appointment window ends after it starts, is 30 min to 12 h long, starts no earlier than an hour before dispatch and within 30 days', () => {
    const dispatchedAt = '2026-11-23T08:00:00.000Z';
    const w = (start: string, end: string) => appointmentProblem({ appointmentStart: start, appointmentEnd: end }, dispatchedAt);
    expect(w('2026-11-24T09:00:00.000Z', '2026-11-24T12:00:00.000Z')).toBeNull();
    expect(w('2026-11-23T07:00:00.000Z', '2026-11-23T09:00:00.000Z')).toBeNull();
    expect(w('2026-11-24T12:00:00.000Z', '2026-11-24T09:00:00.000Z')?.field).toBe('appointmentEnd');
    expect(w('2026-11-24T12:00:00.000Z', '2026-11-24T12:00:00.000Z')?.message).toMatch(/end after it starts/);
    expect(w('2026-11-24T12:00:00.000Z', '2026-11-24T12:29:00.000Z')?.message).toMatch(/at least 30 minutes/);
    expect(w('2026-11-24T08:00:00.000Z', '2026-11-24T20:01:00.000Z')?.message).toMatch(/at most 12 hours/);
    expect(w('2026-11-23T06:59:00.000Z', '2026-11-23T09:00:00.000Z')).toEqual({ field: 'appointmentStart', message: 'the appointment cannot start in the past' });
    expect(w('2026-12-23T08:01:00.000Z', '2026-12-23T10:00:00.000Z')?.message).toMatch(/within 30 days/);
  });

  it('loads: +1 on dispatch, −1/+1 on re-dispatch, −1 on completion, cancellation or deletion, nothing otherwise', () => {
    const o = (status: 'new' | 'dispatched' | 'accepted' | 'completed' | 'cancelled', outletId: string | null, deleted = false) => ({ status, outletId, deleted });
    expect(outletLoadChanges(null, o('new', null))).toEqual([]);
    expect(outletLoadChanges(o('new', null), o('dispatched', X))).toEqual([{ outletId: X, delta: 1 }]);
    expect(outletLoadChanges(o('dispatched', X), o('dispatched', Y))).toEqual([{ outletId: X, delta: -1 }, { outletId: Y, delta: 1 }]);
    expect(outletLoadChanges(o('dispatched', X), o('accepted', X))).toEqual([]);
    expect(outletLoadChanges(o('accepted', X), o('completed', X))).toEqual([{ outletId: X, delta: -1 }]);
    expect(outletLoadChanges(o('dispatched', X), o('cancelled', X))).toEqual([{ outletId: X, delta: -1 }]);
    expect(outletLoadChanges(o('dispatched', X), o('dispatched', X, true))).toEqual([{ outletId: X, delta: -1 }]);
    expect(outletLoadChanges(o('new', null), o('cancelled', null))).toEqual([]);
  });
});
