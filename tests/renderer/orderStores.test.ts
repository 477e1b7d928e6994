import { describe, expect, it } from 'vitest';
import { createNewOrderStore, NO_PRODUCT } from '../../renderer/src/orders/newOrderStore.js';
import { createOrderStatusStore, parseParts, statusChoices } from '../../renderer/src/orders/orderStatusStore.js';
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
    expect(bridge.callsOf('orders.create')).toEqual([{ customerId: CUSTOMER_ID, productId: null, type: 'inquiry', fault: '咨询以旧换新政策', feeEstimate: null, duplicateReason: null }]);
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
    expect(bridge.callsOf('orders.create')).toEqual([{ customerId: CUSTOMER_ID, productId: PRODUCT_ID, type: 'repair', fault: '', feeEstimate: null, duplicateReason: null }]);
    expect(store.getState()).toMatchObject({ customerId: CUSTOMER_ID, pending: false, error: { code: 'bad_input' }, fieldErrors: { fault: { kind: 'required' } } });
    store.getState().set({ fault: '不制冷' });
    expect(store.getState()).toMatchObject({ error: null, fieldErrors: {} });
  });
});

describe('new order store: what the order is made with', () => {
  it('sends the fee estimate only with the customer’s consent, and the reason only when duplicates were shown', async () => {
    const duplicate = { order: order({ orderNumber: 'BJ01-07-20261120-0009' }), reason: 'same_serial_number' as const };
    const bridge = new FakeBridge({
      'orders.duplicateCheck': () => [duplicate],
      'orders.create': (input) => order({ ...input, orderNumber: 'BJ01-01-20261123-0002' }) as ServiceOrder,
    });
    const store = createNewOrderStore(bridge);
    store.getState().start(CUSTOMER_ID, [PRODUCT_ID, PRODUCT_ID_2]);
    await Promise.resolve();
    await Promise.resolve();
    store.getState().set({ productId: PRODUCT_ID_2, fault: '不加热', feeEstimate: '180', duplicateReason: '转盘也坏了' });
    await Promise.resolve();
    await Promise.resolve();
    expect(store.getState().duplicates).toEqual([duplicate]);
    await store.getState().submit();
    store.getState().start(CUSTOMER_ID, [PRODUCT_ID, PRODUCT_ID_2]);
    store.getState().set({ productId: PRODUCT_ID_2, fault: '不加热', feeEstimate: '180', feeConsent: true, duplicateReason: '转盘也坏了' });
    await Promise.resolve();
    await Promise.resolve();
    await store.getState().submit();
    expect(bridge.callsOf('orders.create')).toEqual([
      { customerId: CUSTOMER_ID, productId: PRODUCT_ID_2, type: 'repair', fault: '不加热', feeEstimate: null, duplicateReason: '转盘也坏了' },
      { customerId: CUSTOMER_ID, productId: PRODUCT_ID_2, type: 'repair', fault: '不加热', feeEstimate: 180, duplicateReason: '转盘也坏了' },
    ]);
  });
});

describe('order status choices', () => {
  it('offer exactly the state machine’s valid next statuses, but dispatch (it needs an outlet and a window) and visited (the follow-up makes it)', () => {
    for (const from of ServiceOrderStatus.options) {
      const offered: readonly string[] = statusChoices(from);
      for (const to of ServiceOrderStatus.options) expect(offered.includes(to), `${from} → ${to}`).toBe(to !== 'dispatched' && to !== 'visited' && canTransition(from, to));
    }
    expect(statusChoices('new')).toEqual(['cancelled']);
    expect(statusChoices('dispatched')).toEqual(['accepted', 'cancelled']);
    expect(statusChoices('in_service')).toEqual(['parts_pending', 'completed', 'cancelled']);
    expect(statusChoices('completed')).toEqual(['closed']);
    expect(statusChoices('closed')).toEqual([]);
    expect(statusChoices('cancelled')).toEqual([]);
  });

  it('read the parts as agents type them', () => {
    expect(parseParts('启动电容×1，主板 x 2、 排水泵')).toEqual([
      { name: '启动电容', quantity: 1 },
      { name: '主板', quantity: 2 },
      { name: '排水泵', quantity: 1 },
    ]);
    expect(parseParts('  ')).toEqual([]);
  });
});

describe('order status store', () => {
  const row = order({ id: ORDER_ID, orderNumber: 'BJ01-07-20261120-0002', status: 'in_service' });
  const changeAnswer = (input: { orderId: string; status: ServiceOrder['status'] }) => order({ id: input.orderId, status: input.status });

  it('makes a plain step at once and says so', async () => {
    const changed: string[] = [];
    const bridge = new FakeBridge({ 'orders.changeStatus': changeAnswer });
    const store = createOrderStatusStore(bridge, { onChanged: (o) => changed.push(o.status) });
    await store.getState().request(row, 'parts_pending');
    expect(bridge.callsOf('orders.changeStatus')).toEqual([{ orderId: ORDER_ID, status: 'parts_pending' }]);
    expect(changed).toEqual(['parts_pending']);
    expect(store.getState()).toMatchObject({ busy: {}, errors: {}, form: null, takeover: null });
  });

  it('completes through the completion form: resolution, parts, fee and technician go with the step', async () => {
    const bridge = new FakeBridge({ 'orders.changeStatus': changeAnswer });
    const store = createOrderStatusStore(bridge);
    await store.getState().request(row, 'completed');
    expect(store.getState().form).toEqual({ orderId: ORDER_ID, status: 'completed' });
    expect(bridge.calls).toHaveLength(0);
    store.getState().set({ resolution: '更换启动电容', parts: '启动电容×1', fee: '120', technician: '张师傅' });
    await store.getState().submitForm(row);
    expect(bridge.callsOf('orders.changeStatus')).toEqual([
      { orderId: ORDER_ID, status: 'completed', completion: { resolution: '更换启动电容', parts: [{ name: '启动电容', quantity: 1 }], fee: 120, technician: '张师傅' } },
    ]);
    expect(store.getState().form).toBeNull();
  });

  it('cancels only through the cancel form, with the reason; the seat’s refusal stays on the form', async () => {
    const bridge = new FakeBridge({
      'orders.changeStatus': () => {
        throw WorkstationError.refused('details_required', { code: 'order_cancel_reason_required', field: 'cancelReason', params: { orderNumber: 'BJ01-07-20261120-0002' } });
      },
    });
    const store = createOrderStatusStore(bridge);
    await store.getState().request(row, 'cancelled');
    expect(bridge.calls).toHaveLength(0);
    store.getState().dismiss();
    expect(store.getState().form).toBeNull();
    await store.getState().submitForm(row); // no form open: nothing happens
    expect(bridge.calls).toHaveLength(0);
    await store.getState().request(row, 'cancelled');
    await store.getState().submitForm(row);
    expect(bridge.callsOf('orders.changeStatus')).toEqual([{ orderId: ORDER_ID, status: 'cancelled', cancelReason: '' }]);
    expect(store.getState().form).toEqual({ orderId: ORDER_ID, status: 'cancelled' });
    expect(store.getState().errors[ORDER_ID]).toMatchObject({ code: 'details_required', details: { code: 'order_cancel_reason_required' } });
  });

  it('asks to take another agent’s order over, and makes the step with the takeover once the agent agrees', async () => {
    const bridge = new FakeBridge({
      'orders.changeStatus': (input) => {
        if (!input.takeOver) throw WorkstationError.refused('not_permitted', { code: 'order_not_owner', field: 'ownerAgentId', params: { orderNumber: 'BJ01-07-20261120-0002', ownerAgentId: ORDER_ID } });
        return order({ id: input.orderId, status: input.status });
      },
    });
    const changed: string[] = [];
    const store = createOrderStatusStore(bridge, { onChanged: (o) => changed.push(o.status) });
    await store.getState().request(row, 'parts_pending');
    expect(store.getState().takeover).toEqual({ orderId: ORDER_ID, status: 'parts_pending', details: {} });
    expect(store.getState().errors).toEqual({});
    await store.getState().confirmTakeover(row);
    expect(bridge.callsOf('orders.changeStatus')).toEqual([
      { orderId: ORDER_ID, status: 'parts_pending' },
      { orderId: ORDER_ID, status: 'parts_pending', takeOver: true },
    ]);
    expect(changed).toEqual(['parts_pending']);
    expect(store.getState().takeover).toBeNull();
  });

  it('shows the service’s refusal on the order’s row', async () => {
    const bridge = new FakeBridge({
      'orders.changeStatus': () => {
        throw WorkstationError.refused('invalid_transition', { code: 'order_done_cannot_cancel', params: { orderNumber: 'BJ01-07-20261120-0002', status: 'completed' } });
      },
    });
    const store = createOrderStatusStore(bridge);
    await store.getState().request(row, 'cancelled');
    store.getState().set({ cancelReason: '客户取消' });
    await store.getState().submitForm(row);
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
    const first = store.getState().request(row, 'parts_pending');
    expect(store.getState().busy).toEqual({ [ORDER_ID]: true });
    await store.getState().request(row, 'parts_pending');
    expect(bridge.calls).toHaveLength(1);
    store.getState().clear();
    answer.resolve(order({ id: ORDER_ID, status: 'parts_pending' }));
    await first;
    expect(changed).toEqual([]);
    expect(store.getState().busy).toEqual({});
  });
});
