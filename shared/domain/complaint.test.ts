import { describe, expect, it } from 'vitest';
import {
  Complaint,
  complaintChangeRefusal,
  complaintDeadlines,
  complaintEscalationDue,
  complaintNextDeadline,
  complaintRates,
  complaintsPerThousandOrders,
  complaintStepChanges,
  complaintStepRecordOf,
  complaintStepRecordRefusal,
  ComplaintStep,
  ComplaintStepRecord,
  complaintTransitionRefusal,
  NewComplaint,
  nextComplaintStatuses,
  promisedByRefusal,
} from './complaint.js';
import { NewNote, NOTE_MAX_CHARS } from './note.js';

const received = '2026-12-07T08:00:00.000Z';
const hours = (h: number) => new Date(Date.parse(received) + h * 3_600_000);

function complaint(overrides: Partial<Complaint> = {}): Complaint {
  return Complaint.parse({
    id: '5d8f6a1e-2b3c-4d5e-8f90-a1b2c3d4e5f6',
    version: 3,
    deleted: false,
    branchId: '0b1c2d3e-4f50-4a6b-8c7d-8e9f0a1b2c3d',
    customerId: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b',
    orderId: null,
    outletId: null,
    technicianName: null,
    category: 'lateness',
    severity: 'serious',
    channel: 'phone',
    customerWords: '师傅迟到三个小时',
    customerWants: '道歉',
    status: 'received',
    takenBy: '1b1c2d3e-4f50-4a6b-8c7d-8e9f0a1b2c3d',
    receivedAt: received,
    promisedBy: null,
    ...complaintDeadlines('serious', received, null),
    acknowledgedAt: null,
    resolvedAt: null,
    confirmedAt: null,
    reopenCount: 0,
    escalation: 'none',
    escalatedAt: null,
    resolution: '',
    compensationKind: 'none',
    compensationYuan: null,
    createdAt: received,
    updatedAt: received,
    ...overrides,
  });
}

describe('the complaint workflow', () => {
  it('goes received → acknowledged → investigating → resolved → confirmed, or reopened and investigated again', () => {
    expect(nextComplaintStatuses('received')).toEqual(['acknowledged']);
    expect(nextComplaintStatuses('resolved')).toEqual(['confirmed', 'reopened']);
    expect(nextComplaintStatuses('reopened')).toEqual(['investigating']);
    expect(nextComplaintStatuses('confirmed')).toEqual([]);
    expect(complaintTransitionRefusal('received', 'acknowledged')).toBeNull();
    expect(complaintTransitionRefusal('received', 'resolved')).toEqual({
      code: 'complaint_next_status_not_allowed',
      field: 'status',
      params: { from: 'received', to: 'resolved', allowed: ['acknowledged'] },
    });
    expect(complaintTransitionRefusal('confirmed', 'reopened')?.code).toBe('complaint_final');
    expect(complaintTransitionRefusal('acknowledged', 'acknowledged')?.code).toBe('complaint_already_in_status');
  });

  it('each step writes its fields at the given clock; resolving records the resolution and compensation', () => {
    expect(complaintStepChanges(complaint(), { to: 'acknowledged' }, hours(1))).toEqual({ changes: { status: 'acknowledged', acknowledgedAt: hours(1).toISOString() } });
    const resolve = ComplaintStep.parse({ to: 'resolved', resolution: '上门致歉并赠券', compensationKind: 'coupon', compensationYuan: 50 });
    expect(complaintStepChanges(complaint({ status: 'investigating' }), resolve, hours(5))).toEqual({
      changes: { status: 'resolved', resolvedAt: hours(5).toISOString(), resolution: '上门致歉并赠券', compensationKind: 'coupon', compensationYuan: 50 },
    });
    const noAmount = ComplaintStep.parse({ to: 'resolved', resolution: '赠券', compensationKind: 'coupon' });
    expect(complaintStepChanges(complaint({ status: 'investigating' }), noAmount, hours(5))).toEqual({
      refusal: { code: 'complaint_compensation_amount_missing', field: 'compensationYuan', params: { kind: 'coupon' } },
    });
    expect(complaintStepChanges(complaint({ status: 'resolved', resolution: 'x', resolvedAt: hours(5).toISOString() }), { to: 'reopened', reason: '又坏了' }, hours(6))).toEqual({
      changes: { status: 'reopened', resolvedAt: null, reopenCount: 1 },
    });
    expect(ComplaintStep.safeParse({ to: 'resolved', resolution: '  ' }).success).toBe(false);
  });

  it('a pushed change is checked against the status before it, and a resolved complaint must say how', () => {
    const before = complaint({ status: 'acknowledged' });
    expect(complaintChangeRefusal(before, { ...before, status: 'investigating' })).toBeNull();
    expect(complaintChangeRefusal(before, { ...before, status: 'confirmed' })?.code).toBe('complaint_next_status_not_allowed');
    const investigating = complaint({ status: 'investigating' });
    expect(complaintChangeRefusal(investigating, { ...investigating, status: 'resolved' })?.code).toBe('complaint_resolution_missing');
    expect(complaintChangeRefusal(investigating, { ...investigating, status: 'resolved', resolution: '换新', compensationKind: 'replacement', compensationYuan: 10 })?.code).toBe(
      'complaint_compensation_amount_unexpected',
    );
  });
});

describe('complaint deadlines and escalation, on a clock the caller gives', () => {
  it('the severity sets the deadlines; a promise to the customer brings the resolve deadline forward, never back', () => {
    expect(complaintDeadlines('serious', received, null)).toEqual({ acknowledgeDueAt: hours(2).toISOString(), resolveDueAt: hours(48).toISOString() });
    expect(complaintDeadlines('normal', received, null)).toEqual({ acknowledgeDueAt: hours(4).toISOString(), resolveDueAt: hours(72).toISOString() });
    expect(complaintDeadlines('critical', received, hours(10).toISOString()).resolveDueAt).toBe(hours(10).toISOString());
    expect(complaintDeadlines('critical', received, hours(100).toISOString()).resolveDueAt).toBe(hours(24).toISOString());
    expect(promisedByRefusal(hours(-1).toISOString(), hours(0))?.code).toBe('complaint_deadline_in_past');
    expect(promisedByRefusal(hours(1).toISOString(), hours(0))).toBeNull();
    expect(promisedByRefusal(null, hours(0))).toBeNull();
  });

  it('escalates to the supervisor when a deadline passes, to headquarters once the resolve deadline is far behind, and never back down', () => {
    const c = complaint(); // serious: acknowledge in 2 h, resolve in 48 h, headquarters 12 h after that
    expect(complaintEscalationDue(c, hours(1.9))).toBe('none');
    expect(complaintEscalationDue(c, hours(2.1))).toBe('supervisor');
    const acknowledged = complaint({ status: 'acknowledged', acknowledgedAt: hours(1).toISOString() });
    expect(complaintEscalationDue(acknowledged, hours(47))).toBe('none');
    expect(complaintEscalationDue(acknowledged, hours(48.5))).toBe('supervisor');
    expect(complaintEscalationDue(acknowledged, hours(60.5))).toBe('headquarters');
    expect(complaintEscalationDue({ ...acknowledged, escalation: 'headquarters' }, hours(3))).toBe('headquarters');
    // Resolved in time or late, a resolved complaint escalates no further.
    expect(complaintEscalationDue(complaint({ status: 'resolved', resolution: 'x', escalation: 'supervisor' }), hours(100))).toBe('supervisor');
    expect(complaintNextDeadline(c, hours(3))).toEqual({ kind: 'acknowledge', dueAt: hours(2).toISOString(), overdue: true });
    expect(complaintNextDeadline(acknowledged, hours(3))).toEqual({ kind: 'resolve', dueAt: hours(48).toISOString(), overdue: false });
  });
});

describe('the complaint rate', () => {
  it('is complaints per 1,000 orders with two decimals, null without orders', () => {
    expect(complaintsPerThousandOrders(3, 1200)).toBe(2.5);
    expect(complaintsPerThousandOrders(1, 3)).toBe(333.33);
    expect(complaintsPerThousandOrders(0, 40)).toBe(0);
    expect(complaintsPerThousandOrders(2, 0)).toBeNull();
  });

  it('groups by key, highest rate first; groups with orders and no complaint have rate 0', () => {
    const rows = complaintRates(new Map([['a', 2], ['b', 1], ['c', 1]]), new Map([['a', 400], ['b', 100], ['d', 50]]));
    expect(rows).toEqual([
      { key: 'b', complaints: 1, orders: 100, perThousandOrders: 10 },
      { key: 'a', complaints: 2, orders: 400, perThousandOrders: 5 },
      { key: 'd', complaints: 0, orders: 50, perThousandOrders: 0 },
      { key: 'c', complaints: 1, orders: 0, perThousandOrders: null },
    ]);
    expect(complaintRates(new Map([['王师傅', 2]]), null)).toEqual([{ key: '王师傅', complaints: 2, orders: null, perThousandOrders: null }]);
  });
});

describe('bad input', () => {
  it('an empty complaint and a note over its limit are refused with the field named', () => {
    const empty = NewComplaint.safeParse({ customerId: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b', category: 'fees', severity: 'normal', channel: 'phone', customerWords: '   ' });
    expect(empty.success).toBe(false);
    expect(empty.error?.issues[0]?.path).toEqual(['customerWords']);
    const long = NewNote.safeParse({ customerId: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b', text: 'x'.repeat(NOTE_MAX_CHARS + 1) });
    expect(long.error?.issues[0]?.path).toEqual(['text']);
    expect(NewNote.safeParse({ text: '无主备注' }).error?.issues[0]?.path).toEqual(['customerId']);
  });
});

describe('the complaint step records', () => {
  const agentId = '2b1c2d3e-4f50-4a6b-8c7d-8e9f0a1b2c3d';
  const record = (c: Complaint, step: Parameters<typeof complaintStepRecordOf>[1], from: Complaint['status'] | null) =>
    ComplaintStepRecord.parse({ id: '7d8f6a1e-2b3c-4d5e-8f90-a1b2c3d4e5f6', version: 0, deleted: false, ...complaintStepRecordOf(c, step, from, agentId, hours(1).toISOString()) });

  it('record what the step recorded: the customer\'s words, the resolution and compensation, the reason for reopening', () => {
    expect(record(complaint(), { to: 'received' }, null)).toMatchObject({ kind: 'received', fromStatus: null, text: '师傅迟到三个小时', agentId, at: hours(1).toISOString() });
    const resolved = complaint({ status: 'resolved', resolution: '致歉', compensationKind: 'coupon', compensationYuan: 30 });
    expect(record(resolved, ComplaintStep.parse({ to: 'resolved', resolution: '致歉', compensationKind: 'coupon', compensationYuan: 30 }), 'investigating')).toMatchObject({
      kind: 'resolved', fromStatus: 'investigating', text: '致歉', compensationKind: 'coupon', compensationYuan: 30, escalation: null,
    });
    expect(record(complaint({ status: 'reopened' }), { to: 'reopened', reason: '还是坏的' }, 'resolved')).toMatchObject({ kind: 'reopened', text: '还是坏的', compensationKind: null });
    expect(ComplaintStep.safeParse({ to: 'reopened', reason: '  ' }).success).toBe(false);
    expect(ComplaintStep.safeParse({ to: 'reopened' }).success).toBe(false);
  });

  it('are taken only after the complaint\'s last recorded step, once', () => {
    const acknowledged = complaint({ status: 'acknowledged', acknowledgedAt: hours(1).toISOString() });
    const step = record(acknowledged, { to: 'acknowledged' }, 'received');
    expect(complaintStepRecordRefusal(step, acknowledged, 'received')).toBeNull();
    // The same step again (another seat's), or one whose complaint change was refused.
    expect(complaintStepRecordRefusal(step, acknowledged, 'acknowledged')).toMatchObject({ code: 'complaint_step_out_of_order', params: { step: 'acknowledged', after: 'acknowledged' } });
    expect(complaintStepRecordRefusal(step, complaint(), 'received')?.code).toBe('complaint_step_out_of_order');
    // A complaint taken before steps were recorded: its status is what the step follows.
    expect(complaintStepRecordRefusal(step, acknowledged, null)).toBeNull();
    // Received only as the first; escalations are the backend's.
    expect(complaintStepRecordRefusal(record(complaint(), { to: 'received' }, null), complaint({ takenBy: agentId }), null)).toBeNull();
    expect(complaintStepRecordRefusal(record(complaint(), { to: 'received' }, null), complaint(), null)?.code).toBe('complaint_step_out_of_order');
    expect(complaintStepRecordRefusal(record(complaint(), { to: 'received' }, null), complaint({ takenBy: agentId }), 'received')?.code).toBe('complaint_step_out_of_order');
    expect(complaintStepRecordRefusal({ ...step, kind: 'escalated', fromStatus: null }, acknowledged, 'received')?.code).toBe('complaint_step_out_of_order');
    // A resolution other than the complaint's (another seat resolved it first).
    const resolved = complaint({ status: 'resolved', resolution: '改派师傅', compensationKind: 'none' });
    const mine = record(complaint({ status: 'resolved', resolution: '退款' }), ComplaintStep.parse({ to: 'resolved', resolution: '退款' }), 'investigating');
    expect(complaintStepRecordRefusal(mine, resolved, 'investigating')?.code).toBe('complaint_step_out_of_order');
  });
});
