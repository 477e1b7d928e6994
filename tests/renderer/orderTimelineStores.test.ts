import { describe, expect, it } from 'vitest';
import { createAppStores } from '../../renderer/src/app/stores.js';
import { createOrderTimelineStore, timelineEntries } from '../../renderer/src/orders/orderTimelineStore.js';
import { createOverdueOrdersStore, overdueEntries } from '../../renderer/src/orders/overdueOrdersStore.js';
import { WorkstationError } from '../../shared/workstationApi.js';
import { FakeBridge, deferred, flush } from './fakeBridge.js';
import { AGENT_ID, CUSTOMER_ID, CUSTOMER_ID_2, card, order, rowsChanged, session, syncStatus } from './fixtures.js';
import { orderEvent, orderTimeline, OTHER_AGENT_ID, OUTLET_ID, outlet } from './orderFixtures.js';

const ORDER = order({ id: '20000000-0000-4000-8000-000000000002', orderNumber: 'BJ01-07-20261120-0002' });

describe('order timeline lines', () => {
  it('are newest first: this seat’s unsynced changes on top, each from what the line before left', () => {
    const lines = timelineEntries(orderTimeline());
    expect(lines.map((l) => [l.kind, l.pending])).toEqual([
      ['owner_changed', true],
      ['status_changed', true],
      ['dispatched', true],
      ['owner_changed', false],
      ['created', false],
    ]);
    expect(lines[0]).toMatchObject({ fromOwnerAgentId: OTHER_AGENT_ID, toOwnerAgentId: AGENT_ID });
    expect(lines[1]).toMatchObject({ fromStatus: 'dispatched', toStatus: 'cancelled' });
    expect(lines[2]).toMatchObject({ fromStatus: 'new', toStatus: 'dispatched', outletId: OUTLET_ID, appointmentStart: '2026-11-24T01:00:00.000Z' });
    expect(lines[3]).toMatchObject({ fromOwnerAgentId: AGENT_ID, toOwnerAgentId: OTHER_AGENT_ID });
  });

  it('keep the backend’s events as they are when nothing is pending', () => {
    const lines = timelineEntries({ events: [orderEvent({ kind: 'created' }), orderEvent({ id: 'e0000000-0000-4000-8000-000000000009', kind: 'dispatched', fromStatus: 'new', toStatus: 'dispatched', outletId: OUTLET_ID })], pending: [], followUp: null });
    expect(lines.map((l) => l.kind)).toEqual(['dispatched', 'created']);
    expect(lines.every((l) => !l.pending)).toBe(true);
  });
});

describe('order timeline store', () => {
  it('loads the timeline and names the outlets it mentions from the order’s dispatch options', async () => {
    const bridge = new FakeBridge({ 'orders.timeline': () => orderTimeline(), 'orders.dispatchOptions': () => [outlet()] });
    const store = createOrderTimelineStore(bridge);
    const opening = store.getState().open(ORDER);
    expect(store.getState()).toMatchObject({ orderId: ORDER.id, orderNumber: ORDER.orderNumber, phase: 'loading' });
    await opening;
    expect(store.getState()).toMatchObject({ phase: 'loaded', outletNames: { [OUTLET_ID]: '海淀中关村服务站' } });
    expect(store.getState().entries).toHaveLength(5);
    expect(bridge.callsOf('orders.timeline')).toEqual([{ orderId: ORDER.id }]);
  });

  it('shows a failed read, keeps the shown timeline on a failed refresh, and drops a late answer after close', async () => {
    let fail = true;
    const bridge = new FakeBridge({
      'orders.timeline': () => {
        if (fail) throw new WorkstationError('not_found', 'order is not in this seat’s cache');
        return { events: [orderEvent({ kind: 'created' })], pending: [], followUp: null };
      },
    });
    const store = createOrderTimelineStore(bridge);
    await store.getState().open(ORDER);
    expect(store.getState()).toMatchObject({ phase: 'error', error: { code: 'not_found' } });
    fail = false;
    await store.getState().open(ORDER);
    fail = true;
    await store.getState().refresh();
    expect(store.getState()).toMatchObject({ phase: 'loaded', error: null });
    expect(store.getState().entries).toHaveLength(1);

    const slow = deferred<ReturnType<typeof orderTimeline>>();
    bridge.handle('orders.timeline', () => slow.promise);
    const late = store.getState().open(ORDER);
    store.getState().close();
    slow.resolve(orderTimeline());
    await late;
    expect(store.getState()).toMatchObject({ orderId: null, phase: 'closed', entries: [] });
  });
});

describe('overdue orders', () => {
  const now = new Date('2026-11-23T12:00:00.000Z');
  const late = order({ id: '20000000-0000-4000-8000-000000000011', orderNumber: 'BJ01-07-20261123-0011', createdAt: '2026-11-23T05:00:00.000Z' });
  const later = order({
    id: '20000000-0000-4000-8000-000000000012', orderNumber: 'BJ01-07-20261121-0012', customerId: CUSTOMER_ID_2, status: 'dispatched',
    createdAt: '2026-11-21T00:00:00.000Z', dispatchedAt: '2026-11-21T02:00:00.000Z', outletId: OUTLET_ID,
  });

  it('says which timer ran out and by how long, longest first; an order that moved on meanwhile is left out', () => {
    const entries = overdueEntries([late, later, { ...late, id: '20000000-0000-4000-8000-000000000013', status: 'in_service' }], now);
    expect(entries.map((e) => [e.order.orderNumber, e.timer, e.overdueMs / 60_000])).toEqual([
      ['BJ01-07-20261121-0012', 'accept', 56 * 60], // accept due 11-21 04:00 (on site due 11-22 02:00 too: the longest overdue shows)
      ['BJ01-07-20261123-0011', 'dispatch', 3 * 60], // dispatch due 09:00
    ]);
    expect(entries[1]!.dueAt).toBe('2026-11-23T09:00:00.000Z');
  });

  it('reads the list when the panel opens, refreshes only while open, and hands an entry on', async () => {
    const opened: string[] = [];
    const bridge = new FakeBridge({ 'orders.overdue': () => [late] });
    const store = createOverdueOrdersStore(bridge, { onOpenOrder: (o) => opened.push(o.id) });
    await store.getState().refresh();
    expect(bridge.callsOf('orders.overdue')).toHaveLength(0);
    store.getState().togglePanel();
    expect(store.getState()).toMatchObject({ panelOpen: true, phase: 'loading' });
    await flush();
    expect(store.getState()).toMatchObject({ phase: 'loaded', orders: [late] });
    store.getState().openOrder(late);
    expect(store.getState().panelOpen).toBe(false);
    expect(opened).toEqual([late.id]);
  });

  it('reads the supervisor’s low-score flags with the list, and opens a flag’s customer', async () => {
    const low = {
      id: '90000000-0000-4000-8000-000000000009', version: 4, deleted: false, orderId: ORDER.id, customerId: CUSTOMER_ID_2, branchId: late.branchId,
      dueAt: '2026-11-22T02:00:00.000Z', status: 'done' as const, satisfaction: 2, remarks: '等了三天才上门', doneAt: '2026-11-23T03:00:00.000Z', doneBy: late.ownerAgentId,
      createdAt: '2026-11-20T02:00:00.000Z', attempts: 2, lastOutcome: 'done' as const, lastAttemptAt: '2026-11-23T03:00:00.000Z',
    };
    const customers: string[] = [];
    const bridge = new FakeBridge({ 'orders.overdue': () => [], 'followUps.lowScores': () => [low] });
    const store = createOverdueOrdersStore(bridge, { onOpenCustomer: (id) => customers.push(id) });
    await store.getState().openPanel();
    expect(store.getState()).toMatchObject({ phase: 'loaded', orders: [], lowScores: [low] });
    store.getState().openLowScore(low);
    expect(store.getState().panelOpen).toBe(false);
    expect(customers).toEqual([CUSTOMER_ID_2]);
  });
});

describe('timeline and overdue list in the app', () => {
  function app() {
    const bridge = new FakeBridge({
      'session.current': () => session(),
      'session.logout': () => ({ ok: true as const }),
      'sync.status': () => syncStatus(),
      'customers.card': ({ customerId }) => ({ ...card(customerId), orders: [order({ id: ORDER.id, orderNumber: ORDER.orderNumber, customerId })] }),
      'orders.overdue': () => [order({ id: ORDER.id, orderNumber: ORDER.orderNumber, customerId: CUSTOMER_ID_2 })],
      'orders.timeline': () => ({ events: [orderEvent({ kind: 'created' })], pending: [], followUp: null }),
      'orders.changeStatus': ({ orderId, status }) => {
        // As the seat does: the order written here is named at once.
        bridge.emit('data.changed', rowsChanged({ entity: 'serviceOrder', ids: [orderId], customerIds: [CUSTOMER_ID] }));
        return order({ id: orderId, orderNumber: ORDER.orderNumber, status });
      },
    });
    const stores = createAppStores(bridge);
    stores.session.setState({ phase: 'logged_in', session: session() });
    return { bridge, stores };
  }

  it('an overdue entry opens its customer’s card at that order, with the order’s history', async () => {
    const { bridge, stores } = app();
    await stores.card.getState().open(CUSTOMER_ID);
    await stores.overdue.getState().openPanel();
    stores.overdue.getState().openOrder(stores.overdue.getState().orders[0]!);
    await flush();
    expect(stores.card.getState()).toMatchObject({ customerId: CUSTOMER_ID_2, phase: 'loaded' });
    expect(stores.orderTimeline.getState()).toMatchObject({ orderId: ORDER.id, phase: 'loaded' });
    expect(stores.overdue.getState().panelOpen).toBe(false);
    expect(bridge.callsOf('orders.timeline')).toEqual([{ orderId: ORDER.id }]);
  });

  it('reloads the history after a change of the order and when its rows change, not for a sync alone; another customer or signing out closes it', async () => {
    const { bridge, stores } = app();
    await stores.card.getState().open(CUSTOMER_ID);
    await stores.orderTimeline.getState().open(ORDER);
    await stores.orderStatus.getState().request(order({ id: ORDER.id, orderNumber: ORDER.orderNumber }), 'dispatched');
    await flush();
    expect(bridge.callsOf('orders.timeline')).toHaveLength(2);
    bridge.emit('sync.status', syncStatus({ lastSyncAt: '2026-11-23T06:00:00.000Z' }));
    bridge.emit('data.changed', rowsChanged({ entity: 'orderEvent', ids: ['e0000000-0000-4000-8000-000000000009'], orderIds: ['00000000-0000-4000-8000-0000000000ff'] }));
    await flush();
    expect(bridge.callsOf('orders.timeline')).toHaveLength(2);
    bridge.emit('data.changed', rowsChanged({ entity: 'orderEvent', ids: ['e0000000-0000-4000-8000-000000000010'], orderIds: [ORDER.id] }));
    await flush();
    expect(bridge.callsOf('orders.timeline')).toHaveLength(3);

    await stores.card.getState().open(CUSTOMER_ID_2);
    expect(stores.orderTimeline.getState().orderId).toBeNull();
    await stores.orderTimeline.getState().open(ORDER);
    await stores.overdue.getState().openPanel();
    stores.session.setState({ phase: 'logged_out', session: null });
    expect(stores.orderTimeline.getState()).toMatchObject({ orderId: null, phase: 'closed' });
    expect(stores.overdue.getState()).toMatchObject({ panelOpen: false, orders: [] });
  });
});

describe('owner handover', () => {
  const agents = [
    { id: AGENT_ID, login: 'agent07', displayName: '王丽', branchId: session().branch.id, role: 'agent' as const },
    { id: OTHER_AGENT_ID, login: 'agent08', displayName: '王强', branchId: session().branch.id, role: 'agent' as const },
  ];

  it('offers the branch’s other agents, hands the order over, and shows it on the card and its history', async () => {
    let owner = AGENT_ID;
    const bridge = new FakeBridge({
      'session.current': () => session(),
      'agents.ofBranch': () => agents,
      'customers.card': ({ customerId }) => ({ ...card(customerId), orders: [order({ id: ORDER.id, orderNumber: ORDER.orderNumber, ownerAgentId: owner })] }),
      'orders.reassign': ({ orderId, ownerAgentId }) => {
        owner = ownerAgentId;
        bridge.emit('data.changed', rowsChanged({ entity: 'serviceOrder', ids: [orderId], customerIds: [CUSTOMER_ID] }));
        return order({ id: orderId, orderNumber: ORDER.orderNumber, ownerAgentId });
      },
      'orders.timeline': () => ({ events: [orderEvent({ kind: 'created' })], pending: [], followUp: null }),
    });
    const stores = createAppStores(bridge);
    await stores.card.getState().open(CUSTOMER_ID);
    await stores.orderTimeline.getState().open(ORDER);
    await stores.orderOwner.getState().open(order({ id: ORDER.id, ownerAgentId: AGENT_ID }));
    expect(stores.orderOwner.getState()).toMatchObject({ orderId: ORDER.id, ownerAgentId: OTHER_AGENT_ID, pending: false, error: null });
    expect(await stores.orderOwner.getState().submit()).toMatchObject({ ownerAgentId: OTHER_AGENT_ID });
    expect(bridge.callsOf('orders.reassign')).toEqual([{ orderId: ORDER.id, ownerAgentId: OTHER_AGENT_ID }]);
    expect(stores.orderOwner.getState().orderId).toBeNull();
    expect(stores.card.getState().card?.orders[0]?.ownerAgentId).toBe(OTHER_AGENT_ID);
    await flush();
    expect(bridge.callsOf('orders.timeline')).toHaveLength(2);
    // The list is read once per session.
    await stores.orderOwner.getState().open(order({ id: ORDER.id, ownerAgentId: OTHER_AGENT_ID }));
    expect(stores.orderOwner.getState().ownerAgentId).toBe(AGENT_ID);
    expect(bridge.callsOf('agents.ofBranch')).toHaveLength(1);
  });

  it('shows why the list or the handover failed, and sends nothing without a new owner', async () => {
    let agentsFail = true;
    const bridge = new FakeBridge({
      'agents.ofBranch': () => {
        if (agentsFail) throw new WorkstationError('backend_unreachable', 'no agent list kept yet');
        return [agents[0]!];
      },
      'orders.reassign': () => {
        throw new WorkstationError('not_found', 'order is not in this seat’s cache');
      },
    });
    const stores = createAppStores(bridge);
    await stores.orderOwner.getState().open(order({ id: ORDER.id, ownerAgentId: AGENT_ID }));
    expect(stores.orderOwner.getState()).toMatchObject({ pending: false, error: { code: 'backend_unreachable' } });
    agentsFail = false;
    await stores.orderOwner.getState().open(order({ id: ORDER.id, ownerAgentId: AGENT_ID }));
    expect(stores.orderOwner.getState()).toMatchObject({ ownerAgentId: '', error: null });
    expect(await stores.orderOwner.getState().submit()).toBeNull();
    expect(stores.orderOwner.getState().error).toMatchObject({ code: 'bad_input', message: expect.stringContaining('ownerAgentId') });
    stores.orderOwner.getState().choose(OTHER_AGENT_ID);
    expect(await stores.orderOwner.getState().submit()).toBeNull();
    expect(stores.orderOwner.getState()).toMatchObject({ orderId: ORDER.id, pending: false, error: { code: 'not_found' } });
  });
});
