import { describe, expect, it } from 'vitest';
import { createNewOrderStore, NO_PRODUCT } from '../../renderer/src/orders/newOrderStore.js';
import { createOrderStatusStore, statusChoices } from '../../renderer/src/orders/orderStatusStore.js';
import { canTransition } from '../../shared/domain/orderStatus.js';
import { ServiceOrderStatus, type ServiceOrder } from '../../shared/domain/serviceOrder.js';
import { WorkstationError } from '../../shared/workstationApi.js';
import { deferred, FakeBridge } from './fakeBridge.js';
import { CUSTOMER_ID, order, PRODUCT_ID, PRODUCT_ID_2 } from './fixtures.js';

const ORDER_ID = '20000000-0000-4000-8000-000000000002';

describe('new order store', () => {
  it('chooses the only product, or none when there are several or none', () => {
    const store = createNewOrderStore(new FakeBridge());
    store.getState().start(CUSTOMER_ID, [PRODUCT_ID]);
    expect(store.getState()).toMatchObject({ customerId: CUSTOMER_ID, productId: PRODUCT_ID, type: 'repair', fault: '' });
    store.getState().start(CUSTOMER_ID, [PRODUCT_ID, PRODUCT_ID_2]);
    expect(store.getState().productId).toBe(NO_PRODUCT);
    store.getState().start(CUSTOMER_ID, []);
    expect(store.getState().productId).toBe(NO_PRODUCT);
  });

  it('creates the order (no product as null) and says so', async () => {
    const made: string[] = [];
    const bridge = new FakeBridge({ 'orders.create': (input) => order({ ...input, orderNumber: 'BJ01-01-20261123-0001' }) as ServiceOrder });
    const store = createNewOrderStore(bridge, { onCreated: (o) => made.push(o.orderNumber) });
    store.getState().start(CUSTOMER_ID, []);
    store.getState().set({ type: 'inquiry', fault: '咨询以旧换新政策' });
    await store.getState().submit();
    expect(bridge.callsOf('orders.create')).toEqual([{ customerId: CUSTOMER_ID, productId: null, type: 'inquiry', fault: '咨询以旧换新政策' }]);
    expect(made).toEqual(['BJ01-01-20261123-0001']);
    expect(store.getState().customerId).toBeNull();
  });

  it('shows a refusal and marks the field it names, until that field changes', async () => {
    const bridge = new FakeBridge({
      'orders.create': () => {
        throw new WorkstationError('bad_input', 'fault: describe the fault or request');
      },
    });
    const store = createNewOrderStore(bridge);
    store.getState().start(CUSTOMER_ID, [PRODUCT_ID]);
    await store.getState().submit();
    expect(bridge.callsOf('orders.create')).toEqual([{ customerId: CUSTOMER_ID, productId: PRODUCT_ID, type: 'repair', fault: '' }]);
    expect(store.getState()).toMatchObject({ customerId: CUSTOMER_ID, pending: false, error: { code: 'bad_input' }, fieldErrors: { fault: { kind: 'required' } } });
    store.getState().set({ fault: '不制冷' });
    expect(store.getState()).toMatchObject({ error: null, fieldErrors: {} });
  });
});

describe('order status choices', () => {
  it('offer exactly the state machine’s valid next statuses, but dispatch (it needs an outlet and a window)', () => {
    for (const from of ServiceOrderStatus.options) {
      const offered = statusChoices(from);
      for (const to of ServiceOrderStatus.options) expect(offered.includes(to), `${from} → ${to}`).toBe(to !== 'dispatched' && canTransition(from, to));
    }
    expect(statusChoices('new')).toEqual(['cancelled']);
    expect(statusChoices('in_service')).toEqual(['parts_pending', 'completed', 'cancelled']);
    expect(statusChoices('completed')).toEqual(['visited']);
    expect(statusChoices('closed')).toEqual([]);
    expect(statusChoices('cancelled')).toEqual([]);
  });
});

describe('order status store', () => {
  const row = order({ id: ORDER_ID, orderNumber: 'BJ01-07-20261120-0002', status: 'in_service' });

  it('changes a status at once and says so', async () => {
    const changed: string[] = [];
    const bridge = new FakeBridge({ 'orders.changeStatus': ({ orderId, status }) => order({ id: orderId, status }) });
    const store = createOrderStatusStore(bridge, { onChanged: (o) => changed.push(o.status) });
    await store.getState().request(row, 'completed');
    expect(bridge.callsOf('orders.changeStatus')).toEqual([{ orderId: ORDER_ID, status: 'completed' }]);
    expect(changed).toEqual(['completed']);
    expect(store.getState()).toMatchObject({ busy: {}, errors: {}, confirming: null });
  });

  it('asks before cancelling, and cancels only once confirmed', async () => {
    const bridge = new FakeBridge({ 'orders.changeStatus': ({ orderId, status }) => order({ id: orderId, status }) });
    const store = createOrderStatusStore(bridge);
    await store.getState().request(row, 'cancelled');
    expect(store.getState().confirming).toEqual({ orderId: ORDER_ID, status: 'cancelled' });
    expect(bridge.calls).toHaveLength(0);
    store.getState().dismiss();
    expect(store.getState().confirming).toBeNull();
    await store.getState().confirm(row); // nothing to confirm any more
    expect(bridge.calls).toHaveLength(0);
    await store.getState().request(row, 'cancelled');
    await store.getState().confirm(row);
    expect(bridge.callsOf('orders.changeStatus')).toEqual([{ orderId: ORDER_ID, status: 'cancelled' }]);
  });

  it('shows the service’s refusal on the order’s row', async () => {
    const bridge = new FakeBridge({
      'orders.changeStatus': () => {
        throw WorkstationError.refused('invalid_transition', { code: 'order_done_cannot_cancel', params: { orderNumber: 'BJ01-07-20261120-0002', status: 'completed' } });
      },
    });
    const store = createOrderStatusStore(bridge);
    await store.getState().request(row, 'cancelled');
    await store.getState().confirm(row);
    expect(store.getState().errors[ORDER_ID]).toEqual({
      code: 'invalid_transition',
      message: 'order BJ01-07-20261120-0002 is already completed; it can no longer be cancelled',
      details: { code: 'order_done_cannot_cancel', params: { orderNumber: 'BJ01-07-20261120-0002', status: 'completed' } },
    });
    expect(store.getState().busy).toEqual({});
  });

  it('refuses an impossible change itself, without asking the service', async () => {
    const bridge = new FakeBridge();
    const store = createOrderStatusStore(bridge);
    await store.getState().request({ ...row, status: 'closed' }, 'dispatched');
    expect(bridge.calls).toHaveLength(0);
    expect(store.getState().errors[ORDER_ID]).toMatchObject({ code: 'invalid_transition', details: { code: 'order_closed', params: { to: 'dispatched' } } });
  });

  it('makes one change of an order at a time, and forgets all on clear', async () => {
    const answer = deferred<ServiceOrder>();
    const changed: string[] = [];
    const bridge = new FakeBridge({ 'orders.changeStatus': () => answer.promise });
    const store = createOrderStatusStore(bridge, { onChanged: (o) => changed.push(o.status) });
    const first = store.getState().request(row, 'completed');
    expect(store.getState().busy).toEqual({ [ORDER_ID]: true });
    await store.getState().request(row, 'parts_pending');
    expect(bridge.calls).toHaveLength(1);
    store.getState().clear();
    answer.resolve(order({ id: ORDER_ID, status: 'completed' }));
    await first;
    expect(changed).toEqual([]);
    expect(store.getState().busy).toEqual({});
  });
});
