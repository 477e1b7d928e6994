import { describe, expect, it } from 'vitest';
import { createAppStores } from '../../renderer/src/app/stores.js';
import { FakeBridge, flush } from './fakeBridge.js';
import { card, CUSTOMER_ID, CUSTOMER_ID_2, rowsChanged, session, summary, syncStatus } from './fixtures.js';

const ORDER_ID = '00000000-0000-4000-8000-000000000001';

function bridge() {
  return new FakeBridge({
    'session.current': () => session(),
    'session.logout': () => ({ ok: true as const }),
    'customers.search': () => [summary()],
    'customers.card': ({ customerId }) => card(customerId),
    'sync.status': () => syncStatus(),
  });
}

describe('app stores together', () => {
  it('forget the search and the customer when the agent signs out', async () => {
    const fake = bridge();
    const stores = createAppStores(fake);
    stores.session.getState().start();
    await flush();
    stores.search.getState().setQuery('138');
    await stores.search.getState().searchNow();
    await stores.card.getState().open(CUSTOMER_ID);
    await stores.session.getState().logout();
    expect(stores.search.getState()).toMatchObject({ query: '', results: [] });
    expect(stores.card.getState()).toMatchObject({ phase: 'idle', card: null });
  });

  it('reload the open card only when a notice names its rows: not for a sync that brought nothing, nor for another customer', async () => {
    const fake = bridge();
    const stores = createAppStores(fake);
    stores.sync.getState().start();
    await flush();
    await stores.card.getState().open(CUSTOMER_ID);
    const cardReads = () => fake.callsOf('customers.card').length;
    expect(cardReads()).toBe(1);

    // A poll that found nothing: the status line moves, the card does not reload.
    fake.emit('sync.status', syncStatus({ lastSyncAt: '2026-11-23T05:31:00.000Z' }));
    fake.emit('sync.status', syncStatus({ lastSyncAt: '2026-11-23T05:31:05.000Z' }));
    await flush();
    expect(stores.sync.getState().status?.lastSyncAt).toBe('2026-11-23T05:31:05.000Z');
    expect(cardReads()).toBe(1);

    // Rows of another customer, and a follow-up: not on this card.
    fake.emit('data.changed', rowsChanged({ entity: 'customer', ids: [CUSTOMER_ID_2] }, { entity: 'serviceOrder', ids: [ORDER_ID], customerIds: [CUSTOMER_ID_2] }));
    fake.emit('data.changed', rowsChanged({ entity: 'followUp', ids: [ORDER_ID], customerIds: [CUSTOMER_ID], orderIds: [ORDER_ID] }));
    await flush();
    expect(cardReads()).toBe(1);

    // The customer, a new order of theirs, a page too large to list: each reloads it.
    fake.emit('data.changed', rowsChanged({ entity: 'customer', ids: [CUSTOMER_ID] }));
    await flush();
    expect(cardReads()).toBe(2);
    fake.emit('data.changed', rowsChanged({ entity: 'serviceOrder', ids: [ORDER_ID], customerIds: [CUSTOMER_ID] }));
    await flush();
    expect(cardReads()).toBe(3);
    fake.emit('data.changed', rowsChanged({ entity: 'product', ids: null }));
    await flush();
    expect(cardReads()).toBe(4);
  });

  it('run the shown search again when a customer in its results changes, not for others', async () => {
    const fake = bridge();
    const stores = createAppStores(fake);
    stores.search.getState().setQuery('138');
    await stores.search.getState().searchNow();
    expect(fake.callsOf('customers.search')).toHaveLength(1);
    fake.emit('data.changed', rowsChanged({ entity: 'customer', ids: [CUSTOMER_ID_2] }));
    await flush();
    expect(fake.callsOf('customers.search')).toHaveLength(1);
    fake.emit('data.changed', rowsChanged({ entity: 'customer', ids: [CUSTOMER_ID] }));
    await flush();
    expect(fake.callsOf('customers.search')).toHaveLength(2);
  });
});
