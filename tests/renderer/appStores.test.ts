import { describe, expect, it } from 'vitest';
import { createAppStores } from '../../renderer/src/app/stores.js';
import { FakeBridge, flush } from './fakeBridge.js';
import { card, CUSTOMER_ID, session, summary, syncStatus } from './fixtures.js';

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

  it('reload the open card when a sync finishes', async () => {
    const fake = bridge();
    const stores = createAppStores(fake);
    stores.sync.getState().start();
    await flush();
    await stores.card.getState().open(CUSTOMER_ID);
    fake.emit('sync.status', syncStatus({ syncing: true })); // same lastSyncAt: nothing to reload
    await flush();
    expect(fake.callsOf('customers.card')).toHaveLength(1);
    fake.emit('sync.status', syncStatus({ lastSyncAt: '2026-11-23T05:31:00.000Z' }));
    await flush();
    expect(fake.callsOf('customers.card')).toHaveLength(2);
  });
});
