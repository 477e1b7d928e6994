import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSearchStore, SEARCH_DEBOUNCE_MS } from '../../renderer/src/search/searchStore.js';
import { WorkstationError, type CustomerSummary } from '../../shared/workstationApi.js';
import { deferred, FakeBridge } from './fakeBridge.js';
import { CUSTOMER_ID, CUSTOMER_ID_2, summary } from './fixtures.js';

const two = [summary(), summary({ id: CUSTOMER_ID_2, name: '张伟明', matchedOn: 'name' })];

function setup(answer: (query: string) => CustomerSummary[] | Promise<CustomerSummary[]> = () => two) {
  const bridge = new FakeBridge({ 'customers.search': ({ query }) => answer(query) });
  return { bridge, store: createSearchStore(bridge) };
}

describe('search store', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('searches once typing pauses, with the trimmed text', async () => {
    const { bridge, store } = setup();
    store.getState().setQuery('1');
    store.getState().setQuery('13');
    store.getState().setQuery('138 ');
    expect(bridge.calls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS);
    expect(bridge.callsOf('customers.search')).toEqual([{ query: '138', limit: 50 }]);
    expect(store.getState()).toMatchObject({ phase: 'done', resultsFor: '138', active: 0 });
    expect(store.getState().results.map((r) => r.id)).toEqual([CUSTOMER_ID, CUSTOMER_ID_2]);
  });

  it('searches at once on Enter and gives its first row, and a second Enter opens the highlighted row', async () => {
    const { bridge, store } = setup();
    store.getState().setQuery('张');
    expect((await store.getState().submit())?.id).toBe(CUSTOMER_ID);
    expect(bridge.callsOf('customers.search')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS * 2); // the debounce was cancelled
    expect(bridge.callsOf('customers.search')).toHaveLength(1);
    store.getState().move(1);
    expect((await store.getState().submit())?.id).toBe(CUSTOMER_ID_2);
  });

  it('moves the highlight within the list', async () => {
    const { store } = setup();
    store.getState().setQuery('张');
    await store.getState().searchNow();
    const { move } = store.getState();
    move(-1);
    expect(store.getState().active).toBe(0);
    move(1);
    move(1);
    expect(store.getState().active).toBe(1);
    store.getState().setActive(0);
    expect(store.getState().active).toBe(0);
    store.getState().setActive(9);
    expect(store.getState().active).toBe(0);
  });

  it('Enter before the list refreshes opens the first customer of the text in the box, never the older text’s', async () => {
    const li = summary({ id: 'e5c3f4a6-7d8e-4f90-8b12-c3d4e5f6a7b8', name: '李娜', matchedOn: 'name' });
    const { store } = setup((query) => (query === '李' ? [li] : two));
    store.getState().setQuery('张');
    await store.getState().searchNow();
    // Scanned or typed fast: the list still shows 张's customers when Enter comes.
    store.getState().setQuery('李');
    expect(store.getState().listIsCurrent()).toBe(false);
    expect((await store.getState().submit())?.id).toBe(li.id);
  });

  it('↑↓ do not move within a list that answers an older text', async () => {
    const { store } = setup();
    store.getState().setQuery('张');
    await store.getState().searchNow();
    store.getState().setQuery('张伟');
    store.getState().move(1);
    store.getState().setActive(1);
    expect(store.getState().active).toBe(0);
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS);
    store.getState().move(1);
    expect(store.getState().active).toBe(1);
  });

  it('an Enter whose answer was overtaken by more typing opens nothing', async () => {
    const slow = deferred<CustomerSummary[]>();
    const { store } = setup((query) => (query === '张' ? slow.promise : two));
    store.getState().setQuery('张');
    const opened = store.getState().submit();
    store.getState().setQuery('张伟');
    void store.getState().searchNow();
    slow.resolve(two);
    expect(await opened).toBeNull();
  });

  it('shows only the newest answer when answers arrive out of order', async () => {
    const slow = deferred<CustomerSummary[]>();
    const { store } = setup((query) => (query === '张' ? slow.promise : [summary({ name: '张伟' })]));
    store.getState().setQuery('张');
    void store.getState().searchNow();
    store.getState().setQuery('张伟');
    await store.getState().searchNow();
    slow.resolve(two);
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState()).toMatchObject({ resultsFor: '张伟', results: [{ name: '张伟' }] });
  });

  it('reports no results and errors', async () => {
    const { store } = setup((query) => {
      if (query === 'x') throw new WorkstationError('not_logged_in', 'log in first');
      return [];
    });
    store.getState().setQuery('nobody');
    await store.getState().searchNow();
    expect(store.getState()).toMatchObject({ phase: 'done', results: [], resultsFor: 'nobody', active: -1 });
    store.getState().setQuery('x');
    await store.getState().searchNow();
    expect(store.getState()).toMatchObject({ phase: 'error', error: { code: 'not_logged_in', message: 'log in first' } });
  });

  it('clears at once when the box is emptied, without calling the bridge', async () => {
    const { bridge, store } = setup();
    store.getState().setQuery('张');
    await store.getState().searchNow();
    store.getState().setQuery('   ');
    expect(store.getState()).toMatchObject({ phase: 'idle', results: [], resultsFor: null });
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS);
    expect(bridge.callsOf('customers.search')).toHaveLength(1);
  });

  it('waits while an IME is composing, then searches the composed text', async () => {
    const { bridge, store } = setup();
    store.getState().setQuery('zhang', { debounce: false });
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS);
    expect(bridge.calls).toHaveLength(0);
    store.getState().setQuery('张');
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS);
    expect(bridge.callsOf('customers.search')).toEqual([{ query: '张', limit: 50 }]);
  });

  it('does not search again for text the list already answers', async () => {
    const { bridge, store } = setup();
    store.getState().setQuery('张');
    await store.getState().searchNow();
    store.getState().setQuery('张 ');
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS);
    expect(bridge.callsOf('customers.search')).toHaveLength(1);
  });

  it('caps the text at the contract’s 100 characters', () => {
    const { store } = setup();
    store.getState().setQuery('9'.repeat(150));
    expect(store.getState().query).toHaveLength(100);
  });

  it('resets, dropping a pending answer', async () => {
    const slow = deferred<CustomerSummary[]>();
    const { store } = setup(() => slow.promise);
    store.getState().setQuery('张');
    void store.getState().searchNow();
    store.getState().reset();
    slow.resolve(two);
    await vi.advanceTimersByTimeAsync(0);
    expect(store.getState()).toMatchObject({ query: '', phase: 'idle', results: [] });
  });

  it('runs the shown search again on refresh, keeping the highlighted customer', async () => {
    let answer = two;
    const { bridge, store } = setup(() => answer);
    await store.getState().refresh(); // nothing shown: no call
    expect(bridge.calls).toHaveLength(0);
    store.getState().setQuery('张伟');
    await store.getState().searchNow();
    store.getState().move(1);
    answer = [summary({ id: 'e5c3f4a6-7d8e-4f90-8b12-c3d4e5f6a7b8', name: '张伟强' }), ...two];
    await store.getState().refresh();
    expect(store.getState().results).toHaveLength(3);
    expect(store.getState().results[store.getState().active]?.id).toBe(CUSTOMER_ID_2);
    store.getState().setQuery('张伟 '.repeat(2), { debounce: false }); // the box no longer matches the list
    await store.getState().refresh();
    expect(bridge.callsOf('customers.search')).toHaveLength(2);
  });
});
