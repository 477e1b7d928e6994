import { describe, expect, it } from 'vitest';
import { createShiftHandoverStore } from '../../renderer/src/orders/shiftHandoverStore.js';
import { refusal } from '../../shared/domain/refusal.js';
import { WorkstationError } from '../../shared/workstationApi.js';
import { FakeBridge } from './fakeBridge.js';
import { AGENT_ID, order, session, syncStatus } from './fixtures.js';
import { OTHER_AGENT_ID } from './orderFixtures.js';

const BRANCH_ID = session().branch.id;
const THIRD_AGENT_ID = '30000000-0000-4000-8000-000000000009';
const orders = [1, 2, 3].map((n) => ({ order: order({ id: `20000000-0000-4000-8000-00000000000${n}`, orderNumber: `BJ01-07-20261207-000${n}`, ownerAgentId: AGENT_ID }), customerName: `客户${n}` }));
const receivers = [
  { agent: { id: OTHER_AGENT_ID, login: 'bj.agent2', displayName: '王强', branchId: BRANCH_ID, role: 'agent' as const }, openOrders: 4 },
  { agent: { id: THIRD_AGENT_ID, login: 'bj.super', displayName: '赵敏', branchId: BRANCH_ID, role: 'supervisor' as const }, openOrders: 0 },
];

function bridgeWith(handOver: (input: { orderIds: string[]; toAgentIds: string[] }) => unknown, pending = 0) {
  return new FakeBridge({
    'orders.handoverDraft': () => ({ orders, receivers }),
    'orders.handOver': (input) => handOver(input) as never,
    'sync.now': () => syncStatus({ pending, online: pending === 0 }),
  });
}

describe('shift handover dialog store', () => {
  it('opens with every open order ticked, hands the ticked ones over in list order with the notes, then uploads', async () => {
    const bridge = bridgeWith(({ orderIds, toAgentIds }) => ({
      assignments: orderIds.map((orderId, i) => ({ orderId, orderNumber: `n${i}`, toAgentId: toAgentIds[i % toAgentIds.length]!, note: '交班' })),
      receivers: [
        { agentId: OTHER_AGENT_ID, displayName: '王强', login: 'bj.agent2', count: 1 },
        { agentId: THIRD_AGENT_ID, displayName: '赵敏', login: 'bj.super', count: 1 },
      ],
    }));
    const store = createShiftHandoverStore(bridge);
    await store.getState().openPanel();
    expect(store.getState()).toMatchObject({ panelOpen: true, phase: 'ready', selected: orders.map((o) => o.order.id), toAgentIds: [] });
    store.getState().toggleOrder(orders[1]!.order.id);
    store.getState().toggleReceiver(THIRD_AGENT_ID);
    store.getState().toggleReceiver(OTHER_AGENT_ID);
    store.getState().setDistribution('least_loaded');
    store.getState().setNote('交班');
    store.getState().setOrderNote(orders[2]!.order.id, '备件已到');
    store.getState().setOrderNote(orders[1]!.order.id, '未选中的单');
    store.getState().toggleOrder(orders[0]!.order.id);
    store.getState().toggleOrder(orders[0]!.order.id); // ticked again: goes back to its place in the list
    const result = await store.getState().submit();
    expect(result?.assignments).toHaveLength(2);
    expect(bridge.callsOf('orders.handOver')).toEqual([
      { orderIds: [orders[0]!.order.id, orders[2]!.order.id], toAgentIds: [THIRD_AGENT_ID, OTHER_AGENT_ID], distribution: 'least_loaded', note: '交班', orderNotes: { [orders[2]!.order.id]: '备件已到' } },
    ]);
    expect(store.getState()).toMatchObject({ phase: 'done', upload: { state: 'uploaded' } });
    store.getState().closePanel();
    expect(store.getState()).toMatchObject({ panelOpen: false, phase: 'closed', result: null });
  });

  it('keeps the choices and shows the refusal when the seat refuses; says offline when the upload waits', async () => {
    let refuse = true;
    const bridge = bridgeWith(() => {
      if (refuse) throw WorkstationError.refused('bad_input', refusal('handover_receiver_cannot_hold', { agentName: '孙丽', login: 'bj.parts', role: 'parts_desk' }, 'toAgentIds'));
      return { assignments: orders.map((o) => ({ orderId: o.order.id, orderNumber: o.order.orderNumber, toAgentId: OTHER_AGENT_ID, note: null })), receivers: [{ agentId: OTHER_AGENT_ID, displayName: '王强', login: 'bj.agent2', count: 3 }] };
    }, 3);
    const store = createShiftHandoverStore(bridge);
    await store.getState().openPanel();
    store.getState().toggleReceiver(OTHER_AGENT_ID);
    expect(await store.getState().submit()).toBeNull();
    expect(store.getState()).toMatchObject({ phase: 'ready', toAgentIds: [OTHER_AGENT_ID], error: { code: 'bad_input', details: { code: 'handover_receiver_cannot_hold' } } });
    refuse = false;
    await store.getState().submit();
    expect(store.getState()).toMatchObject({ phase: 'done', error: null, upload: { state: 'offline', pending: 3 } });
  });
});
