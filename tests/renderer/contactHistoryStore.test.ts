import { describe, expect, it } from 'vitest';
import { createAppStores } from '../../renderer/src/app/stores.js';
import type { ContactHistoryEntry, ContactHistoryPage } from '../../shared/domain/contactHistory.js';
import { FakeBridge, flush } from './fakeBridge.js';
import { AGENT_ID, card, CUSTOMER_ID, CUSTOMER_ID_2, order, rowsChanged } from './fixtures.js';

/**
 * The card's contact history store: it follows the open customer, asks for the chosen kinds,
 * pages with "more", refuses a bad contact without a call (in the agent's words, by its refusal),
 * and reads again only when a change notice touches this customer's rows or their orders' events.
 */
const ORDER_ID = '20000000-0000-4000-8000-000000000001';
const entry = (n: number, over: Partial<ContactHistoryEntry> = {}): ContactHistoryEntry => ({
  key: `note:${n}`,
  kind: 'note',
  step: 'customer',
  at: new Date(Date.UTC(2026, 10, 23, 12, 0) - n * 60_000).toISOString(),
  agentId: AGENT_ID,
  agentName: '王丽',
  byBackend: false,
  orderId: null,
  orderNumber: null,
  text: `note ${n}`,
  facts: {},
  ...over,
});

function setup(pages: (input: { kinds: string[]; offset: number; limit: number }) => ContactHistoryPage) {
  const bridge = new FakeBridge({
    'customers.card': ({ customerId }) => ({ ...card(customerId), orders: customerId === CUSTOMER_ID ? [order({ id: ORDER_ID })] : [] }),
    'complaints.ofCustomer': () => [],
    'notes.ofCustomer': () => [],
    'contacts.history': (input) => pages({ kinds: input.kinds ?? [], offset: input.offset ?? 0, limit: input.limit ?? 50 }),
    'contacts.record': () => {
      throw new Error('not expected');
    },
  });
  return { bridge, stores: createAppStores(bridge, {}) };
}

describe('the contact history store', () => {
  it('follows the open customer, filters by kinds, pages with more', async () => {
    const all = Array.from({ length: 70 }, (_, i) => entry(i));
    const { bridge, stores } = setup(({ offset, limit }) => ({ entries: all.slice(offset, offset + limit), more: offset + limit < all.length }));
    await stores.card.getState().open(CUSTOMER_ID);
    await flush();
    const history = stores.contactHistory.getState;
    expect(history()).toMatchObject({ customerId: CUSTOMER_ID, phase: 'loaded', more: true });
    expect(history().entries).toHaveLength(50);
    await history().loadMore();
    expect(history().entries.map((e) => e.key)).toEqual(all.map((e) => e.key));
    expect(history().more).toBe(false);
    await history().toggleKind('note');
    await history().toggleKind('call');
    expect(history().kinds).toEqual(['note', 'call']);
    expect(bridge.callsOf('contacts.history').at(-1)).toEqual({ customerId: CUSTOMER_ID, kinds: ['note', 'call'], offset: 0, limit: 50 });
    await history().allKinds();
    expect(history().kinds).toEqual([]);
    await stores.card.getState().open(CUSTOMER_ID_2);
    await flush();
    expect(history().customerId).toBe(CUSTOMER_ID_2);
    expect(bridge.callsOf('contacts.history').at(-1)).toMatchObject({ customerId: CUSTOMER_ID_2, kinds: [] });
  });

  it('reads again for a notice about this customer or their orders’ events, never for another customer’s', async () => {
    const { bridge, stores } = setup(() => ({ entries: [entry(1)], more: false }));
    await stores.card.getState().open(CUSTOMER_ID);
    await flush();
    const reads = () => bridge.callsOf('contacts.history').length;
    const before = reads();
    bridge.emit('data.changed', rowsChanged({ entity: 'note', ids: ['x'], customerIds: [CUSTOMER_ID_2] }, { entity: 'orderEvent', ids: ['y'], orderIds: ['20000000-0000-4000-8000-000000000099'] }));
    await flush();
    expect(reads()).toBe(before);
    bridge.emit('data.changed', rowsChanged({ entity: 'orderEvent', ids: ['y'], orderIds: [ORDER_ID] }));
    await flush();
    expect(reads()).toBe(before + 1);
    bridge.emit('data.changed', rowsChanged({ entity: 'interaction', ids: ['z'], customerIds: [CUSTOMER_ID] }));
    await flush();
    expect(reads()).toBe(before + 2);
  });

  it('refuses an empty contact and one over 1000 characters without calling the seat', async () => {
    const { bridge, stores } = setup(() => ({ entries: [], more: false }));
    await stores.card.getState().open(CUSTOMER_ID);
    await flush();
    const history = stores.contactHistory.getState;
    history().set({ text: '   ' });
    expect(await history().record()).toBe(false);
    expect(history().formError?.details).toMatchObject({ code: 'contact_text_empty' });
    history().set({ text: '字'.repeat(1001) });
    expect(history().formError).toBeNull();
    expect(await history().record()).toBe(false);
    expect(history().formError?.details).toMatchObject({ code: 'contact_text_too_long', params: { maxLength: 1000, length: 1001 } });
    expect(bridge.callsOf('contacts.record')).toEqual([]);
  });
});
