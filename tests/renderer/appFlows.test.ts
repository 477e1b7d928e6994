import { describe, expect, it } from 'vitest';
import { createAppStores } from '../../renderer/src/app/stores.js';
import type { Customer } from '../../shared/domain/customer.js';
import type { ServiceOrder } from '../../shared/domain/serviceOrder.js';
import type { CustomerCard } from '../../shared/workstationApi.js';
import { FakeBridge, flush } from './fakeBridge.js';
import { card, conflict, CONFLICT_ID, CUSTOMER_ID, CUSTOMER_ID_2, order, rowsChanged, session, summary, syncStatus } from './fixtures.js';

/** A seat in memory: customers and their orders, as the service would keep them. */
function seat() {
  const cards = new Map<string, CustomerCard>([[CUSTOMER_ID, card()]]);
  let conflicts = [conflict()];
  let sequence = 0;
  const bridge = new FakeBridge({
    'session.current': () => session(),
    'session.logout': () => ({ ok: true as const }),
    'sync.status': () => syncStatus(),
    'sync.deadLetters': () => [],
    'sync.conflicts': () => conflicts,
    'sync.resolveConflict': (input) => {
      const resolved = conflicts.find((c) => c.id === input.conflictId);
      conflicts = conflicts.filter((c) => c.id !== input.conflictId);
      // As the seat does: the conflict record changed, and the customer's field unless theirs stays.
      const changed = input.choice === 'keepTheirs' || !resolved ? [] : [{ entity: resolved.entity as 'customer', ids: [resolved.entityId] }];
      bridge.emit('data.changed', rowsChanged({ entity: 'conflict', ids: [input.conflictId] }, ...changed));
      return { ok: true as const };
    },
    'customers.search': ({ query }) => [...cards.values()].filter((c) => c.customer.phone.includes(query.replace(/\D/g, '').slice(-8))).map((c) => summary({ id: c.customer.id, name: c.customer.name, phone: c.customer.phone })),
    'customers.card': ({ customerId }) => cards.get(customerId) ?? null,
    'customers.create': (input) => {
      const customer: Customer = { ...card(CUSTOMER_ID_2).customer, name: input.name, phone: '+8613911112222', vipTier: 'none' };
      cards.set(customer.id, { customer, products: [], orders: [] });
      return customer;
    },
    'customers.update': ({ customerId, changes }) => {
      const current = cards.get(customerId)!;
      const customer = { ...current.customer, ...(changes as Partial<Customer>) };
      cards.set(customerId, { ...current, customer });
      return customer;
    },
    'orders.create': (input) => {
      const made = order({ id: `30000000-0000-4000-8000-00000000000${++sequence}`, orderNumber: `BJ01-01-20261123-000${sequence}`, ...input, status: 'new' });
      const current = cards.get(input.customerId)!;
      cards.set(input.customerId, { ...current, orders: [...current.orders, made] });
      return made;
    },
    'orders.changeStatus': ({ orderId, status }) => {
      for (const [id, c] of cards) {
        const found = c.orders.find((o) => o.id === orderId);
        if (found) {
          const changed: ServiceOrder = { ...found, status };
          cards.set(id, { ...c, orders: c.orders.map((o) => (o.id === orderId ? changed : o)) });
          return changed;
        }
      }
      throw new Error('no such order');
    },
  });
  return { bridge, cards };
}

describe('workstation flows', () => {
  it('a number that finds nobody → new customer with it → their card opens and the search finds them', async () => {
    const { bridge } = seat();
    const stores = createAppStores(bridge);
    stores.search.getState().setQuery('13911112222');
    await stores.search.getState().searchNow();
    expect(stores.search.getState().results).toEqual([]);
    stores.newCustomer.getState().start({ phone: '13911112222' });
    stores.newCustomer.getState().setField('name', '刘洋');
    await stores.newCustomer.getState().submit();
    await flush();
    expect(bridge.callsOf('customers.create')).toHaveLength(1);
    expect(stores.newCustomer.getState().open).toBe(false);
    expect(stores.card.getState()).toMatchObject({ phase: 'loaded', customerId: CUSTOMER_ID_2, card: { customer: { name: '刘洋' } } });
    expect(stores.search.getState().results.map((r) => r.id)).toEqual([CUSTOMER_ID_2]);
  });

  it('a new order appears in the card’s orders once made, and its status change too', async () => {
    const { bridge } = seat();
    const stores = createAppStores(bridge);
    await stores.card.getState().open(CUSTOMER_ID);
    stores.newOrder.getState().start(CUSTOMER_ID, []);
    stores.newOrder.getState().set({ fault: '洗衣机脱水时噪音大' });
    await stores.newOrder.getState().submit();
    await flush();
    const orders = stores.card.getState().card?.orders ?? [];
    expect(orders.map((o) => [o.orderNumber, o.status])).toEqual([['BJ01-01-20261123-0001', 'new']]);
    await stores.orderStatus.getState().request(orders[0]!, 'cancelled');
    stores.orderStatus.getState().set({ cancelReason: '客户已自行解决' });
    await stores.orderStatus.getState().submitForm(orders[0]!);
    await flush();
    expect(stores.card.getState().card?.orders[0]?.status).toBe('cancelled');
  });

  it('a saved edit shows on the card', async () => {
    const { bridge } = seat();
    const stores = createAppStores(bridge);
    await stores.card.getState().open(CUSTOMER_ID);
    stores.editCustomer.getState().start(stores.card.getState().card!.customer);
    stores.editCustomer.getState().setField('address', '海淀区学院路 5 号');
    await stores.editCustomer.getState().submit();
    await flush();
    expect(bridge.callsOf('customers.update')).toEqual([{ customerId: CUSTOMER_ID, changes: { address: '海淀区学院路 5 号' } }]);
    expect(stores.card.getState().card?.customer.address).toBe('海淀区学院路 5 号');
  });

  it('opening another customer closes the forms about the previous one; a card takes the pane from the new-customer form', async () => {
    const { bridge } = seat();
    const stores = createAppStores(bridge);
    await stores.card.getState().open(CUSTOMER_ID);
    stores.editCustomer.getState().start(stores.card.getState().card!.customer);
    stores.newOrder.getState().start(CUSTOMER_ID, []);
    stores.orderStatus.setState({ errors: { x: { code: 'invalid_transition', message: 'no' } } });
    stores.newCustomer.getState().start();
    await stores.card.getState().open(CUSTOMER_ID_2);
    expect(stores.editCustomer.getState().customerId).toBeNull();
    expect(stores.newOrder.getState().customerId).toBeNull();
    expect(stores.orderStatus.getState().errors).toEqual({});
    expect(stores.newCustomer.getState().open).toBe(false);
  });

  it('resolving a conflict with my value reloads the open card, and signing out forgets the problems', async () => {
    const { bridge } = seat();
    const stores = createAppStores(bridge, { syncProblemsMinIntervalMs: 0 });
    stores.session.getState().start();
    stores.syncProblems.getState().start();
    await flush();
    await stores.card.getState().open(CUSTOMER_ID);
    expect(stores.syncProblems.getState().conflicts).toHaveLength(1);
    const cardReads = bridge.callsOf('customers.card').length;
    await stores.syncProblems.getState().resolve(CONFLICT_ID, { choice: 'keepMine' });
    await flush();
    expect(bridge.callsOf('sync.resolveConflict')).toEqual([{ conflictId: CONFLICT_ID, choice: 'keepMine' }]);
    expect(bridge.callsOf('customers.card').slice(cardReads)).toEqual([{ customerId: CUSTOMER_ID }]);
    expect(stores.syncProblems.getState().conflicts).toEqual([]);
    stores.newCustomer.getState().start();
    stores.syncProblems.getState().openPanel();
    await stores.session.getState().logout();
    expect(stores.syncProblems.getState()).toMatchObject({ conflicts: [], panelOpen: false, loaded: false });
    expect(stores.newCustomer.getState().open).toBe(false);
  });
});
