import { describe, expect, it } from 'vitest';
import type { Agent } from './branch.js';
import { HANDOVER_NOTE_MAX, type ServiceOrderStatus } from './serviceOrder.js';
import { HANDOVER_MAX_ORDERS, handoverCounts, orderHolderRefusal, planShiftHandover, type ShiftHandoverFacts } from './shiftHandover.js';

const BJ = '10000000-0000-4000-8000-000000000001';
const GZ = '10000000-0000-4000-8000-000000000002';
const agent = (n: number, over: Partial<Agent> = {}): Agent => ({
  id: `20000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  login: `bj.agent${n}`,
  displayName: `坐席${n}`,
  branchId: BJ,
  role: 'agent',
  ...over,
});
const me = agent(1, { displayName: '李娜' });
const wang = agent(2, { displayName: '王强' });
const zhao = agent(3, { displayName: '赵敏', role: 'supervisor', login: 'bj.super' });
const chen = agent(4, { displayName: '陈静', login: 'gz.agent1', branchId: GZ });
const sun = agent(5, { displayName: '孙丽', login: 'bj.parts', role: 'parts_desk' });
const zhou = agent(6, { displayName: '周总', login: 'hq.admin', role: 'headquarters' });

const order = (n: number, over: { status?: ServiceOrderStatus; ownerAgentId?: string; branchId?: string } = {}) => ({
  id: `30000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  orderNumber: `BJ01-07-20261207-${String(n).padStart(4, '0')}`,
  ownerAgentId: me.id,
  status: 'new' as ServiceOrderStatus,
  branchId: BJ,
  ...over,
});

const facts = (over: Partial<ShiftHandoverFacts> = {}): ShiftHandoverFacts => ({
  me,
  orders: [order(1), order(2), order(3)],
  receivers: [{ id: wang.id, agent: wang }],
  openLoad: new Map(),
  distribution: 'round_robin',
  note: '',
  orderNotes: {},
  ...over,
});

function refusalOf(result: ReturnType<typeof planShiftHandover>) {
  return 'refusal' in result ? result.refusal : null;
}
function assignmentsOf(result: ReturnType<typeof planShiftHandover>) {
  if ('refusal' in result) throw new Error(`refused: ${result.refusal.code}`);
  return result.assignments;
}

describe('shift handover rule', () => {
  it('hands every chosen open order of mine to the one receiver, with the note for all', () => {
    const assignments = assignmentsOf(planShiftHandover(facts({ note: '  客户下午回电  ' })));
    expect(assignments.map((a) => [a.orderNumber, a.toAgentId, a.note])).toEqual([
      ['BJ01-07-20261207-0001', wang.id, '客户下午回电'],
      ['BJ01-07-20261207-0002', wang.id, '客户下午回电'],
      ['BJ01-07-20261207-0003', wang.id, '客户下午回电'],
    ]);
  });

  it("an order's own note replaces the note for all; no note at all is null", () => {
    const withNotes = assignmentsOf(planShiftHandover(facts({ note: '交班', orderNotes: { [order(2).id]: '备件已到' } })));
    expect(withNotes.map((a) => a.note)).toEqual(['交班', '备件已到', '交班']);
    const none = assignmentsOf(planShiftHandover(facts({ note: '   ', orderNotes: { [order(1).id]: '' } })));
    expect(none.map((a) => a.note)).toEqual([null, null, null]);
  });

  it('round-robin: in turn over the receivers as named, counts differ by at most one', () => {
    const orders = Array.from({ length: 7 }, (_, i) => order(i + 1));
    const receivers = [wang, zhao, agent(7)].map((a) => ({ id: a.id, agent: a }));
    const assignments = assignmentsOf(planShiftHandover(facts({ orders, receivers })));
    expect(assignments.map((a) => a.toAgentId)).toEqual([wang.id, zhao.id, agent(7).id, wang.id, zhao.id, agent(7).id, wang.id]);
    expect(handoverCounts(assignments, receivers.map((r) => r.id)).map((c) => c.count)).toEqual([3, 2, 2]);
  });

  it('least-loaded: each order to whoever then holds fewest open orders, the first named on a tie', () => {
    const orders = Array.from({ length: 6 }, (_, i) => order(i + 1));
    const receivers = [wang, zhao].map((a) => ({ id: a.id, agent: a }));
    // 王强 holds 4 already, 赵敏 1: the first three go to 赵敏 (1→4), then in turn from the tie (王强 first).
    const assignments = assignmentsOf(planShiftHandover(facts({ orders, receivers, distribution: 'least_loaded', openLoad: new Map([[wang.id, 4], [zhao.id, 1]]) })));
    expect(assignments.map((a) => a.toAgentId)).toEqual([zhao.id, zhao.id, zhao.id, wang.id, zhao.id, wang.id]);
    // Both end with 6 open orders.
    expect(handoverCounts(assignments, [wang.id, zhao.id])).toEqual([
      { agentId: wang.id, count: 2 },
      { agentId: zhao.id, count: 4 },
    ]);
  });

  it('an order or receiver named twice counts once', () => {
    const assignments = assignmentsOf(planShiftHandover(facts({ orders: [order(1), order(1)], receivers: [{ id: wang.id, agent: wang }, { id: wang.id, agent: wang }] })));
    expect(assignments).toHaveLength(1);
  });

  it('refuses an agent of another branch, naming him', () => {
    const refused = refusalOf(planShiftHandover(facts({ receivers: [{ id: wang.id, agent: wang }, { id: chen.id, agent: chen }] })));
    expect(refused).toEqual({ code: 'handover_receiver_other_branch', field: 'toAgentIds', params: { agentName: '陈静', login: 'gz.agent1' } });
  });

  it('refuses the parts desk and headquarters (they hold no orders: roles.ts), an unknown agent, and myself', () => {
    expect(refusalOf(planShiftHandover(facts({ receivers: [{ id: sun.id, agent: sun }] })))).toMatchObject({ code: 'handover_receiver_cannot_hold', params: { agentName: '孙丽', role: 'parts_desk' } });
    expect(refusalOf(planShiftHandover(facts({ receivers: [{ id: zhou.id, agent: zhou }] })))).toMatchObject({ code: 'handover_receiver_cannot_hold', params: { role: 'headquarters' } });
    expect(refusalOf(planShiftHandover(facts({ receivers: [{ id: agent(99).id, agent: null }] })))).toMatchObject({ code: 'handover_receiver_unknown', params: { agentId: agent(99).id } });
    expect(refusalOf(planShiftHandover(facts({ receivers: [{ id: me.id, agent: me }] })))).toMatchObject({ code: 'handover_to_self' });
    // A supervisor receives.
    expect(assignmentsOf(planShiftHandover(facts({ receivers: [{ id: zhao.id, agent: zhao }] })))).toHaveLength(3);
  });

  it("hands over only my own open orders: another agent's, or a completed, closed or cancelled one, refuses the whole handover", () => {
    expect(refusalOf(planShiftHandover(facts({ orders: [order(1), order(2, { ownerAgentId: wang.id })] })))).toEqual({
      code: 'handover_order_not_mine',
      field: 'orderIds',
      params: { orderNumber: 'BJ01-07-20261207-0002' },
    });
    for (const status of ['completed', 'visited', 'closed', 'cancelled'] as const) {
      expect(refusalOf(planShiftHandover(facts({ orders: [order(1), order(2, { status })] }))), status).toMatchObject({ code: 'handover_order_not_open', params: { status } });
    }
    for (const status of ['new', 'dispatched', 'accepted', 'in_service', 'parts_pending'] as const) {
      expect(assignmentsOf(planShiftHandover(facts({ orders: [order(1, { status })] }))), status).toHaveLength(1);
    }
  });

  it('limits the notes, the note for all and each order’s, by length after trimming', () => {
    const atLimit = 'x'.repeat(HANDOVER_NOTE_MAX);
    expect(assignmentsOf(planShiftHandover(facts({ note: `  ${atLimit}  ` })))[0]!.note).toBe(atLimit);
    expect(refusalOf(planShiftHandover(facts({ note: `${atLimit}x` })))).toEqual({ code: 'handover_note_too_long', field: 'note', params: { maxLength: HANDOVER_NOTE_MAX, length: HANDOVER_NOTE_MAX + 1 } });
    expect(refusalOf(planShiftHandover(facts({ orderNotes: { [order(3).id]: `${atLimit}yy` } })))).toEqual({
      code: 'handover_order_note_too_long',
      field: 'orderNotes',
      params: { orderNumber: 'BJ01-07-20261207-0003', maxLength: HANDOVER_NOTE_MAX, length: HANDOVER_NOTE_MAX + 2 },
    });
  });

  it('needs orders and receivers, and at most so many orders at once', () => {
    expect(refusalOf(planShiftHandover(facts({ orders: [] })))).toMatchObject({ code: 'handover_no_orders' });
    expect(refusalOf(planShiftHandover(facts({ receivers: [] })))).toMatchObject({ code: 'handover_no_receivers' });
    const many = Array.from({ length: HANDOVER_MAX_ORDERS + 1 }, (_, i) => order(i + 1));
    expect(refusalOf(planShiftHandover(facts({ orders: many })))).toMatchObject({ code: 'handover_too_many_orders', params: { count: HANDOVER_MAX_ORDERS + 1 } });
  });

  it("an order handed to me from another branch goes back to an agent of that branch only", () => {
    const abroad = order(9, { branchId: GZ });
    expect(refusalOf(planShiftHandover(facts({ orders: [order(1), abroad] })))).toMatchObject({ code: 'handover_receiver_other_branch', params: { agentName: '王强' } });
  });

  it('the single owner change uses the same holder rule', () => {
    expect(orderHolderRefusal(wang.id, wang, BJ)).toBeNull();
    expect(orderHolderRefusal(chen.id, chen, BJ)).toMatchObject({ code: 'handover_receiver_other_branch', field: 'ownerAgentId' });
    expect(orderHolderRefusal(chen.id, chen, GZ)).toBeNull();
    expect(orderHolderRefusal(sun.id, sun, BJ)).toMatchObject({ code: 'handover_receiver_cannot_hold' });
    expect(orderHolderRefusal('x', null, BJ)).toMatchObject({ code: 'handover_receiver_unknown' });
  });
});
