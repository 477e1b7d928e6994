import { describe, expect, it } from 'vitest';
import { createTeamReassignStore } from '../../renderer/src/desk/teamReassignStore.js';
import { refusal } from '../../shared/domain/refusal.js';
import type { TeamReassignRequest } from '../../shared/domain/teamReassignment.js';
import { WorkstationError } from '../../shared/workstationApi.js';
import { FakeBridge } from './fakeBridge.js';
import { AGENT_ID, order, session, syncStatus } from './fixtures.js';
import { OTHER_AGENT_ID } from './orderFixtures.js';

/**
 * The team board's reassign dialog store: it opens on a board row's agent with nothing ticked (or
 * the one order ticked), reassigns the ticked orders in list order with the receivers, the
 * distribution and the reason, then uploads; a refusal of the seat keeps every choice.
 */
const BRANCH_ID = session().branch.id;
const LEAVING_ID = '30000000-0000-4000-8000-000000000007';
const SUPER_ID = '30000000-0000-4000-8000-000000000009';
const leaving = { id: LEAVING_ID, login: 'bj.agent1', displayName: '李娜', branchId: BRANCH_ID, role: 'agent' as const };
const orders = [1, 2, 3].map((n) => ({ order: order({ id: `20000000-0000-4000-8000-00000000000${n}`, orderNumber: `BJ01-07-20261207-000${n}`, ownerAgentId: LEAVING_ID }), customerName: `客户${n}` }));
const receivers = [
  { agent: { id: OTHER_AGENT_ID, login: 'bj.agent2', displayName: '王强', branchId: BRANCH_ID, role: 'agent' as const }, openOrders: 4 },
  { agent: { id: SUPER_ID, login: 'bj.super', displayName: '赵敏', branchId: BRANCH_ID, role: 'supervisor' as const }, openOrders: 0 },
];

function bridgeWith(reassign: (input: TeamReassignRequest) => unknown, draftOrders = orders, pending = 0) {
  return new FakeBridge({
    'team.reassignDraft': () => ({ agent: leaving, orders: draftOrders, receivers }),
    'team.reassign': (input) => reassign(input) as never,
    'sync.now': () => syncStatus({ pending, online: pending === 0 }),
  });
}

const resultOf = (input: TeamReassignRequest) => {
  const ids = input.orderIds === 'all' ? orders.map((o) => o.order.id) : input.orderIds;
  return {
    assignments: ids.map((orderId, i) => ({ orderId, orderNumber: `n${i}`, toAgentId: input.toAgentIds[i % input.toAgentIds.length]!, note: input.reason })),
    receivers: input.toAgentIds.map((agentId) => ({ agentId, displayName: agentId === SUPER_ID ? '赵敏' : '王强', login: '', count: 1 })),
  };
};

describe('team reassign dialog store', () => {
  it("opens on the row's agent with nothing ticked; reassigns all of them (an agent leaving) in list order, with the reason; then uploads", async () => {
    const bridge = bridgeWith(resultOf);
    const store = createTeamReassignStore(bridge);
    await store.getState().open(LEAVING_ID);
    expect(bridge.callsOf('team.reassignDraft')).toEqual([{ agentId: LEAVING_ID }]);
    expect(store.getState()).toMatchObject({ phase: 'ready', agent: { login: 'bj.agent1' }, selected: [], toAgentIds: [], distribution: 'least_loaded', reason: '' });
    store.getState().toggleOrder(orders[2]!.order.id);
    store.getState().selectAll(true);
    store.getState().toggleReceiver(SUPER_ID);
    store.getState().toggleReceiver(OTHER_AGENT_ID);
    store.getState().setDistribution('round_robin');
    store.getState().setReason('李娜今日离岗');
    const result = await store.getState().submit();
    expect(result?.assignments).toHaveLength(3);
    expect(bridge.callsOf('team.reassign')).toEqual([
      { fromAgentId: LEAVING_ID, orderIds: orders.map((o) => o.order.id), toAgentIds: [SUPER_ID, OTHER_AGENT_ID], distribution: 'round_robin', reason: '李娜今日离岗' },
    ]);
    expect(store.getState()).toMatchObject({ phase: 'done', upload: { state: 'uploaded' } });
    store.getState().close();
    expect(store.getState()).toMatchObject({ phase: 'closed', agent: null, result: null });
  });

  it('ticks the only order at once; one order of several goes alone', async () => {
    const single = createTeamReassignStore(bridgeWith(resultOf, orders.slice(0, 1)));
    await single.getState().open(LEAVING_ID);
    expect(single.getState().selected).toEqual([orders[0]!.order.id]);

    const bridge = bridgeWith(resultOf);
    const store = createTeamReassignStore(bridge);
    await store.getState().open(LEAVING_ID);
    store.getState().toggleOrder(orders[1]!.order.id);
    store.getState().toggleReceiver(OTHER_AGENT_ID);
    store.getState().setReason('客户要求换人跟进');
    await store.getState().submit();
    expect(bridge.callsOf('team.reassign')).toEqual([{ fromAgentId: LEAVING_ID, orderIds: [orders[1]!.order.id], toAgentIds: [OTHER_AGENT_ID], distribution: 'least_loaded', reason: '客户要求换人跟进' }]);
  });

  it("keeps the choices and shows the seat's refusal (no reason); says offline when the owner changes wait for the link", async () => {
    const bridge = bridgeWith((input) => {
      if (!input.reason.trim()) throw WorkstationError.refused('bad_input', refusal('reassign_reason_required', {}, 'reason'));
      return resultOf(input);
    }, orders, 2);
    const store = createTeamReassignStore(bridge);
    await store.getState().open(LEAVING_ID);
    store.getState().selectAll(true);
    store.getState().toggleReceiver(OTHER_AGENT_ID);
    expect(await store.getState().submit()).toBeNull();
    expect(store.getState()).toMatchObject({ phase: 'ready', selected: orders.map((o) => o.order.id), toAgentIds: [OTHER_AGENT_ID], error: { code: 'bad_input', details: { code: 'reassign_reason_required' } } });
    store.getState().setReason('离岗');
    expect(store.getState().error).toBeNull();
    await store.getState().submit();
    expect(store.getState()).toMatchObject({ phase: 'done', upload: { state: 'offline', pending: 2 } });
  });

  it('shows why the draft could not be read (not a supervisor)', async () => {
    const bridge = new FakeBridge({
      'team.reassignDraft': () => {
        throw WorkstationError.refused('not_permitted', refusal('reassign_not_team_lead', {}));
      },
    });
    const store = createTeamReassignStore(bridge);
    await store.getState().open(AGENT_ID);
    expect(store.getState()).toMatchObject({ phase: 'ready', agent: null, error: { code: 'not_permitted' } });
    expect(await store.getState().submit()).toBeNull();
    expect(bridge.callsOf('team.reassign')).toEqual([]);
  });
});
