import { describe, expect, it } from 'vitest';
import { appointmentProblem, dispatchRefusal, NOT_DISPATCHABLE_NOW, outletLoadChanges, outletServes } from './orderDispatch.js';
import type { Outlet } from './outlet.js';
import { refusalMessage } from './refusal.js';

const outlet = (over: Partial<Outlet>): Outlet => ({
  id: '00000000-0000-4000-8000-000000000001',
  version: 1,
  capacity: null,
  deleted: false,
  branchId: '00000000-0000-4000-8000-0000000000b1',
  name: '保定家电服务站',
  regionCodes: ['130600'],
  categories: ['air_conditioner'],
  load: 3,
  ...over,
});
const customer = { name: '王芳', city: '保定市', provinceCode: '130000', cityCode: '130600', districtCode: null };
const X = '00000000-0000-4000-8000-00000000000a';
const Y = '00000000-0000-4000-8000-00000000000b';

describe('dispatch rules', () => {
  it('an outlet serves a customer by city or province, and the category when the order has a product', () => {
    expect(outletServes(outlet({}), customer, 'air_conditioner')).toBe(true);
    expect(outletServes(outlet({}), customer, 'microwave')).toBe(false);
    expect(outletServes(outlet({}), customer, null)).toBe(true);
    expect(outletServes(outlet({ regionCodes: ['130100'] }), customer, 'air_conditioner')).toBe(false);
    expect(outletServes(outlet({ regionCodes: ['130000'] }), customer, 'air_conditioner')).toBe(true);
    expect(outletServes(outlet({ deleted: true }), customer, 'air_conditioner')).toBe(false);
  });

  it('only new or dispatched orders may be dispatched, to an outlet that serves them', () => {
    const order = { orderNumber: 'BJ01-07-20261123-0042', status: 'new' as const, duplicateReason: null, duplicateReview: null };
    expect(dispatchRefusal(order, outlet({}), customer, 'air_conditioner')).toBeNull();
    expect(dispatchRefusal({ ...order, status: 'dispatched' }, outlet({}), customer, 'air_conditioner')).toBeNull();
    expect(dispatchRefusal({ ...order, status: 'accepted' }, outlet({}), customer, 'air_conditioner')).toEqual({
      code: 'order_not_dispatchable',
      params: { orderNumber: 'BJ01-07-20261123-0042', status: 'accepted' },
    });
    expect(dispatchRefusal(order, null, customer, 'air_conditioner')).toEqual({ code: 'outlet_unknown', field: 'outletId', params: {} });
    expect(dispatchRefusal(order, outlet({ deleted: true }), customer, 'air_conditioner')?.code).toBe('outlet_unknown');
    const notServing = dispatchRefusal(order, outlet({}), customer, 'tv');
    expect(notServing).toEqual({ code: 'outlet_does_not_serve', field: 'outletId', params: { outlet: '保定家电服务站', city: '保定市', category: 'tv' } });
    expect(refusalMessage(notServing!)).toBe('outletId: 保定家电服务站 does not serve 保定市 for tv');
  });

  it('an order made as a possible duplicate is dispatched only once the supervisor approved it', () => {
    const duplicate = { orderNumber: 'BJ01-07-20261123-0043', status: 'new' as const, duplicateReason: '客户说上次没修好', duplicateReview: null };
    expect(dispatchRefusal(duplicate, outlet({}), customer, 'air_conditioner')).toEqual({ code: 'dispatch_awaits_duplicate_review', params: { orderNumber: 'BJ01-07-20261123-0043' } });
    const rejected = { ...duplicate, duplicateReview: { decision: 'rejected' as const, reason: '与上周工单重复' } };
    expect(dispatchRefusal(rejected, outlet({}), customer, 'air_conditioner')).toEqual({ code: 'dispatch_duplicate_rejected', params: { orderNumber: 'BJ01-07-20261123-0043', reason: '与上周工单重复' } });
    expect(dispatchRefusal({ ...duplicate, duplicateReview: { decision: 'approved' as const, reason: '不同故障' } }, outlet({}), customer, 'air_conditioner')).toBeNull();
    // One dispatched before the decision existed goes on (a re-dispatch before the outlet accepts).
    expect(dispatchRefusal({ ...duplicate, status: 'dispatched' }, outlet({}), customer, 'air_conditioner')).toBeNull();
    expect(NOT_DISPATCHABLE_NOW.has('dispatch_awaits_duplicate_review') && NOT_DISPATCHABLE_NOW.has('dispatch_duplicate_rejected')).toBe(true);
  });

  it('an appointment window ends after it starts, is 30 min to 12 h long, starts no earlier than an hour before dispatch and within 30 days', () => {
    const dispatchedAt = '2026-11-23T08:00:00.000Z';
    const w = (start: string, end: string) => appointmentProblem({ appointmentStart: start, appointmentEnd: end }, dispatchedAt);
    expect(w('2026-11-24T09:00:00.000Z', '2026-11-24T12:00:00.000Z')).toBeNull();
    expect(w('2026-11-23T07:00:00.000Z', '2026-11-23T09:00:00.000Z')).toBeNull();
    expect(w('2026-11-24T12:00:00.000Z', '2026-11-24T09:00:00.000Z')).toEqual({ code: 'appointment_ends_before_start', field: 'appointmentEnd', params: {} });
    expect(w('2026-11-24T12:00:00.000Z', '2026-11-24T12:00:00.000Z')?.code).toBe('appointment_ends_before_start');
    expect(w('2026-11-24T12:00:00.000Z', '2026-11-24T12:29:00.000Z')).toEqual({ code: 'appointment_too_short', field: 'appointmentEnd', params: { minMinutes: 30 } });
    expect(w('2026-11-24T08:00:00.000Z', '2026-11-24T20:01:00.000Z')).toEqual({ code: 'appointment_too_long', field: 'appointmentEnd', params: { maxHours: 12 } });
    expect(w('2026-11-23T06:59:00.000Z', '2026-11-23T09:00:00.000Z')).toEqual({ code: 'appointment_in_past', field: 'appointmentStart', params: {} });
    const farAhead = w('2026-12-23T08:01:00.000Z', '2026-12-23T10:00:00.000Z');
    expect(farAhead).toEqual({ code: 'appointment_too_far_ahead', field: 'appointmentStart', params: { maxDays: 30 } });
    expect(refusalMessage(farAhead!)).toBe('appointmentStart: the appointment must be within 30 days');
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
