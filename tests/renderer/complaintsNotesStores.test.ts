import { describe, expect, it } from 'vitest';
import { createAppStores } from '../../renderer/src/app/stores.js';
import { Complaint, complaintDeadlines } from '../../shared/domain/complaint.js';
import { NOTE_MAX_CHARS, type Note } from '../../shared/domain/note.js';
import { refusal } from '../../shared/domain/refusal.js';
import { WorkstationError, type CustomerCard } from '../../shared/workstationApi.js';
import { FakeBridge, flush } from './fakeBridge.js';
import { AGENT_ID, BRANCH_ID, card, CUSTOMER_ID, order, rowsChanged } from './fixtures.js';

const OUTLET_ID = '30000000-0000-4000-8000-000000000001';
const ORDER = order({ id: '20000000-0000-4000-8000-000000000002', orderNumber: 'BJ01-07-20261120-0002', status: 'in_service', outletId: OUTLET_ID });
const cardWithOrder = (): CustomerCard => ({ ...card(), orders: [ORDER] });
const at = '2026-12-07T08:00:00.000Z';

const complaint = (over: Partial<Complaint> = {}): Complaint =>
  Complaint.parse({
    id: '40000000-0000-4000-8000-000000000001', version: 0, deleted: false, branchId: BRANCH_ID, customerId: CUSTOMER_ID, orderId: ORDER.id, outletId: OUTLET_ID,
    technicianName: null, category: 'lateness', severity: 'serious', channel: 'phone', customerWords: '迟到三小时', customerWants: '', status: 'received', takenBy: AGENT_ID,
    receivedAt: at, promisedBy: null, ...complaintDeadlines('serious', at, null), acknowledgedAt: null, resolvedAt: null, confirmedAt: null, reopenCount: 0,
    escalation: 'none', escalatedAt: null, resolution: '', compensationKind: 'none', compensationYuan: null, createdAt: at, updatedAt: at, ...over,
  });

const note = (over: Partial<Note> = {}): Note => ({
  id: '50000000-0000-4000-8000-000000000001', version: 0, deleted: false, branchId: BRANCH_ID, customerId: CUSTOMER_ID, orderId: null, authorId: AGENT_ID, text: '上午联系', createdAt: at, ...over,
});

describe('complaints on the card', () => {
  it('follow the open customer; bad input is said field by field before any call; a good one is taken with its order’s outlet', async () => {
    const taken: unknown[] = [];
    const bridge = new FakeBridge({
      'customers.card': () => cardWithOrder(),
      'complaints.ofCustomer': () => [],
      'notes.ofCustomer': () => [],
      'complaints.create': (input) => {
        taken.push(input);
        return complaint();
      },
    });
    const s = createAppStores(bridge, {});
    await s.card.getState().open(CUSTOMER_ID);
    await flush();
    expect(bridge.callsOf('complaints.ofCustomer')).toEqual([{ customerId: CUSTOMER_ID }]);
    expect(s.complaints.getState()).toMatchObject({ customerId: CUSTOMER_ID, phase: 'loaded' });

    s.complaints.getState().startForm();
    s.complaints.getState().setForm({ customerWords: '   ', promisedBy: '2020-01-01T10:00' });
    expect(await s.complaints.getState().submit()).toBeNull();
    const errors = s.complaints.getState().fieldErrors;
    expect(errors.customerWords?.message).toBe('write down what the customer said');
    expect(errors.promisedBy?.refusal?.code).toBe('complaint_deadline_in_past');
    expect(bridge.callsOf('complaints.create')).toEqual([]);

    s.complaints.getState().setForm({ customerWords: '师傅迟到三小时', promisedBy: '', orderId: ORDER.id, outletId: ORDER.outletId, severity: 'serious' });
    expect(s.complaints.getState().fieldErrors).toEqual({});
    expect(await s.complaints.getState().submit()).toMatchObject({ id: complaint().id });
    expect(taken).toEqual([expect.objectContaining({ customerId: CUSTOMER_ID, orderId: ORDER.id, outletId: OUTLET_ID, severity: 'serious', promisedBy: null })]);
    expect(s.complaints.getState()).toMatchObject({ form: null, complaints: [expect.objectContaining({ id: complaint().id })] });
  });

  it('a step the seat refuses lands on its field; a notice about the customer’s complaints reloads them', async () => {
    let listed = [complaint({ status: 'investigating' })];
    const bridge = new FakeBridge({
      'customers.card': () => cardWithOrder(),
      'complaints.ofCustomer': () => listed,
      'notes.ofCustomer': () => [],
      'complaints.advance': () => {
        throw WorkstationError.refused('bad_input', refusal('complaint_compensation_amount_missing', { kind: 'coupon' }, 'compensationYuan'));
      },
    });
    const s = createAppStores(bridge, {});
    await s.card.getState().open(CUSTOMER_ID);
    await flush();
    s.complaints.getState().startStep(complaint().id, 'resolved');
    expect(await s.complaints.getState().submitStep()).toBeNull();
    expect(s.complaints.getState().stepErrors.resolution?.message).toBe('say how the complaint was resolved');
    expect(bridge.callsOf('complaints.advance')).toEqual([]);
    s.complaints.getState().setStep({ resolution: '赠券致歉', compensationKind: 'coupon' });
    expect(await s.complaints.getState().submitStep()).toBeNull();
    expect(bridge.callsOf('complaints.advance')).toEqual([{ complaintId: complaint().id, step: { to: 'resolved', resolution: '赠券致歉', compensationKind: 'coupon', compensationYuan: null } }]);
    expect(s.complaints.getState().stepErrors.compensationYuan?.refusal?.code).toBe('complaint_compensation_amount_missing');

    listed = [complaint({ status: 'investigating', escalation: 'supervisor', version: 9 })];
    bridge.emit('data.changed', rowsChanged({ entity: 'complaint', ids: [complaint().id], customerIds: [CUSTOMER_ID] }));
    await flush();
    expect(s.complaints.getState().complaints[0]).toMatchObject({ escalation: 'supervisor' });
  });

  it('reopening asks why: an empty reason is said on its field before any call, a given one is sent with the step', async () => {
    const bridge = new FakeBridge({
      'customers.card': () => cardWithOrder(),
      'complaints.ofCustomer': () => [complaint({ status: 'resolved', resolution: '已修好' })],
      'notes.ofCustomer': () => [],
      'complaints.advance': () => complaint({ status: 'reopened', resolution: '已修好', reopenCount: 1 }),
    });
    const s = createAppStores(bridge, {});
    await s.card.getState().open(CUSTOMER_ID);
    await flush();
    s.complaints.getState().startStep(complaint().id, 'reopened');
    s.complaints.getState().setStep({ reason: '   ' });
    expect(await s.complaints.getState().submitStep()).toBeNull();
    expect(s.complaints.getState().stepErrors.reason?.message).toBe('say why the complaint is reopened');
    expect(bridge.callsOf('complaints.advance')).toEqual([]);
    s.complaints.getState().setStep({ reason: '客户说还在滴水' });
    expect(s.complaints.getState().stepErrors).toEqual({});
    expect(await s.complaints.getState().submitStep()).toMatchObject({ status: 'reopened' });
    expect(bridge.callsOf('complaints.advance')).toEqual([{ complaintId: complaint().id, step: { to: 'reopened', reason: '客户说还在滴水' } }]);
    expect(s.complaints.getState().step).toBeNull();
  });
});

describe('notes on the card', () => {
  it('refuses an empty note and one over the limit without a call, adds a good one, filters by words, shows who wrote each', async () => {
    const bridge = new FakeBridge({
      'customers.card': () => cardWithOrder(),
      'complaints.ofCustomer': () => [],
      'notes.ofCustomer': ({ query }) => (query ? [] : [note()]),
      'notes.add': (input) => note({ id: '50000000-0000-4000-8000-000000000002', text: input.text, orderId: input.orderId ?? null }),
      'agents.ofBranch': () => [{ id: AGENT_ID, login: 'bj.agent1', displayName: '李娜', branchId: BRANCH_ID, role: 'agent' }],
    });
    const s = createAppStores(bridge, {});
    await s.card.getState().open(CUSTOMER_ID);
    await flush();
    await flush();
    expect(s.notes.getState()).toMatchObject({ phase: 'loaded', notes: [expect.objectContaining({ text: '上午联系' })], authors: { [AGENT_ID]: '李娜' } });

    s.notes.getState().set({ text: ' ' });
    expect(await s.notes.getState().submit()).toBeNull();
    expect(s.notes.getState().fieldErrors.text).toBeDefined();
    s.notes.getState().set({ text: 'x'.repeat(NOTE_MAX_CHARS + 1) });
    expect(await s.notes.getState().submit()).toBeNull();
    expect(s.notes.getState().fieldErrors.text).toBeDefined();
    expect(bridge.callsOf('notes.add')).toEqual([]);

    s.notes.getState().set({ text: '外机漏水', orderId: ORDER.id });
    expect(await s.notes.getState().submit()).toMatchObject({ orderId: ORDER.id });
    expect(bridge.callsOf('notes.add')).toEqual([{ customerId: CUSTOMER_ID, orderId: ORDER.id, text: '外机漏水' }]);
    expect(s.notes.getState()).toMatchObject({ text: '', fieldErrors: {} });

    await s.notes.getState().setQuery('没有的词');
    expect(bridge.callsOf('notes.ofCustomer').at(-1)).toEqual({ customerId: CUSTOMER_ID, query: '没有的词' });
    expect(s.notes.getState().notes).toEqual([]);
  });
});
