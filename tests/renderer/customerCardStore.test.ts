import { describe, expect, it } from 'vitest';
import { createCustomerCardStore, sortOrders } from '../../renderer/src/customer/customerCardStore.js';
import { WorkstationError, type CustomerCard } from '../../shared/workstationApi.js';
import { deferred, FakeBridge, flush } from './fakeBridge.js';
import { card, CUSTOMER_ID, CUSTOMER_ID_2, order } from './fixtures.js';

describe('customer card store', () => {
  it('loads a card', async () => {
    const bridge = new FakeBridge({ 'customers.card': ({ customerId }) => card(customerId) });
    const store = createCustomerCardStore(bridge);
    const loading = store.getState().open(CUSTOMER_ID);
    expect(store.getState()).toMatchObject({ phase: 'loading', customerId: CUSTOMER_ID, card: null });
    await loading;
    expect(store.getState()).toMatchObject({ phase: 'loaded', card: { customer: { id: CUSTOMER_ID } } });
  });

  it('says when the customer is not there, and when loading failed', async () => {
    const bridge = new FakeBridge({
      'customers.card': ({ customerId }) => {
        if (customerId === CUSTOMER_ID) return null;
        throw new WorkstationError('internal', 'cache is locked');
      },
    });
    const store = createCustomerCardStore(bridge);
    await store.getState().open(CUSTOMER_ID);
    expect(store.getState().phase).toBe('missing');
    await store.getState().open(CUSTOMER_ID_2);
    expect(store.getState()).toMatchObject({ phase: 'error', error: { code: 'internal', message: 'cache is locked' } });
  });

  it('shows the last customer opened when answers cross', async () => {
    const first = deferred<CustomerCard | null>();
    const bridge = new FakeBridge({ 'customers.card': ({ customerId }) => (customerId === CUSTOMER_ID ? first.promise : card(customerId)) });
    const store = createCustomerCardStore(bridge);
    void store.getState().open(CUSTOMER_ID);
    await store.getState().open(CUSTOMER_ID_2);
    first.resolve(card(CUSTOMER_ID));
    await flush();
    expect(store.getState().card?.customer.id).toBe(CUSTOMER_ID_2);
  });

  it('shows a card as it came without reading it again, and a load still under way does not replace it', async () => {
    const slow = deferred<CustomerCard | null>();
    const bridge = new FakeBridge({ 'customers.card': () => slow.promise });
    const store = createCustomerCardStore(bridge);
    void store.getState().open(CUSTOMER_ID_2);
    store.getState().show(card(CUSTOMER_ID));
    expect(store.getState()).toMatchObject({ phase: 'loaded', customerId: CUSTOMER_ID, card: { customer: { id: CUSTOMER_ID } } });
    slow.resolve(card(CUSTOMER_ID_2));
    await flush();
    expect(store.getState().customerId).toBe(CUSTOMER_ID);
    expect(bridge.callsOf('customers.card')).toEqual([{ customerId: CUSTOMER_ID_2 }]);
  });

  it('refreshes in place, keeping the card on screen when the refresh fails', async () => {
    let fail = false;
    const bridge = new FakeBridge({
      'customers.card': ({ customerId }) => {
        if (fail) throw new WorkstationError('internal', 'busy');
        return card(customerId);
      },
    });
    const store = createCustomerCardStore(bridge);
    await store.getState().refresh(); // nothing open: no call
    expect(bridge.calls).toHaveLength(0);
    await store.getState().open(CUSTOMER_ID);
    const refreshing = store.getState().refresh();
    expect(store.getState().phase).toBe('loaded');
    await refreshing;
    fail = true;
    await store.getState().refresh();
    expect(store.getState()).toMatchObject({ phase: 'loaded', error: null });
    expect(bridge.callsOf('customers.card')).toHaveLength(3);
  });

  it('shows a just-saved customer or order at once, on the right card only', async () => {
    const bridge = new FakeBridge({ 'customers.card': ({ customerId }) => card(customerId) });
    const store = createCustomerCardStore(bridge);
    await store.getState().open(CUSTOMER_ID);
    store.getState().applyCustomer({ ...card(CUSTOMER_ID_2).customer, name: '别人' });
    expect(store.getState().card?.customer.name).toBe('张伟');
    store.getState().applyCustomer({ ...card().customer, address: '海淀区学院路 5 号' });
    expect(store.getState().card?.customer.address).toBe('海淀区学院路 5 号');
    const made = order({ id: '30000000-0000-4000-8000-000000000001', status: 'new' });
    store.getState().applyOrder(made);
    store.getState().applyOrder({ ...made, status: 'dispatched' });
    store.getState().applyOrder(order({ id: '30000000-0000-4000-8000-000000000002', customerId: CUSTOMER_ID_2 }));
    expect(store.getState().card?.orders.map((o) => [o.id, o.status])).toEqual([['30000000-0000-4000-8000-000000000001', 'dispatched']]);
  });

  it('closes', async () => {
    const bridge = new FakeBridge({ 'customers.card': ({ customerId }) => card(customerId) });
    const store = createCustomerCardStore(bridge);
    await store.getState().open(CUSTOMER_ID);
    store.getState().close();
    expect(store.getState()).toMatchObject({ phase: 'idle', customerId: null, card: null });
  });
});

describe('sortOrders', () => {
  it('puts open orders first, each group newest first', () => {
    const orders = [
      order({ orderNumber: 'BJ01-07-20250101-0001', status: 'closed', createdAt: '2025-01-01T00:00:00Z' }),
      order({ orderNumber: 'BJ01-07-20260101-0002', status: 'new', createdAt: '2026-01-01T00:00:00Z' }),
      order({ orderNumber: 'BJ01-07-20261101-0003', status: 'completed', createdAt: '2026-11-01T00:00:00Z' }),
      order({ orderNumber: 'BJ01-07-20260601-0004', status: 'parts_pending', createdAt: '2026-06-01T00:00:00Z' }),
      order({ orderNumber: 'BJ01-07-20240101-0005', status: 'cancelled', createdAt: '2024-01-01T00:00:00Z' }),
    ];
    expect(sortOrders(orders).map((o) => o.orderNumber)).toEqual([
      'BJ01-07-20260601-0004',
      'BJ01-07-20260101-0002',
      'BJ01-07-20261101-0003',
      'BJ01-07-20250101-0001',
      'BJ01-07-20240101-0005',
    ]);
    expect(orders[0]?.orderNumber).toBe('BJ01-07-20250101-0001'); // the input is left as it was
  });
});
