import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSyncProblemsStore, problemCount } from '../../renderer/src/sync/syncProblemsStore.js';
import { WorkstationError, type ConflictAtSeat, type DeadLetterAtSeat } from '../../shared/workstationApi.js';
import { deferred, FakeBridge, flush } from './fakeBridge.js';
import { card, conflict, CONFLICT_ID, CUSTOMER_ID, CUSTOMER_ID_2, deadLetter, rowsChanged, syncStatus } from './fixtures.js';

const CONFLICT_ID_2 = 'b0000000-0000-4000-8000-000000000002';

function setup(lists: { deadLetters?: DeadLetterAtSeat[]; conflicts?: ConflictAtSeat[] } = {}) {
  const state = { deadLetters: lists.deadLetters ?? [], conflicts: lists.conflicts ?? [] };
  const bridge = new FakeBridge({
    'sync.deadLetters': () => state.deadLetters,
    'sync.conflicts': () => state.conflicts,
    'sync.resolveConflict': ({ conflictId }) => {
      state.conflicts = state.conflicts.filter((c) => c.id !== conflictId);
      return { ok: true as const };
    },
    'sync.dismissDeadLetter': ({ mutationId }) => {
      state.deadLetters = state.deadLetters.filter((d) => d.mutationId !== mutationId);
      return { ok: true as const };
    },
    'customers.card': ({ customerId }) => card(customerId),
  });
  return { bridge, state };
}

describe('sync problems store', () => {
  afterEach(() => vi.useRealTimers());

  it('reads dead letters and open conflicts at start, and counts them', async () => {
    const { bridge } = setup({
      deadLetters: [deadLetter()],
      conflicts: [conflict(), conflict({ id: CONFLICT_ID_2, resolved: true })],
    });
    const store = createSyncProblemsStore(bridge, { minIntervalMs: 0 });
    expect(problemCount(store.getState())).toBe(0);
    store.getState().start();
    await flush();
    expect(store.getState().loaded).toBe(true);
    expect(store.getState().conflicts.map((c) => c.id)).toEqual([CONFLICT_ID]);
    expect(problemCount(store.getState())).toBe(2);
    // The seat names the record they are about; the store asks nothing more.
    expect(store.getState().conflicts[0]?.record.customerName).toBe('张伟');
    expect(bridge.callsOf('customers.card')).toEqual([]);
  });

  it('reads again when a notice names conflicts or dead letters, not for other rows nor the sync status', async () => {
    const { bridge, state } = setup();
    const store = createSyncProblemsStore(bridge, { minIntervalMs: 0 });
    const stop = store.getState().start();
    await flush();
    expect(bridge.callsOf('sync.deadLetters')).toHaveLength(1);
    bridge.emit('sync.status', syncStatus({ pending: 1, lastSyncAt: '2026-11-23T05:31:00.000Z' }));
    bridge.emit('data.changed', rowsChanged({ entity: 'customer', ids: [CUSTOMER_ID] }));
    await flush();
    expect(bridge.callsOf('sync.deadLetters')).toHaveLength(1);
    state.deadLetters = [deadLetter()];
    bridge.emit('data.changed', rowsChanged({ entity: 'customer', ids: [CUSTOMER_ID] }, { entity: 'deadLetter', ids: [deadLetter().mutationId] }));
    await flush();
    expect(bridge.callsOf('sync.deadLetters')).toHaveLength(2);
    expect(problemCount(store.getState())).toBe(1);
    bridge.emit('data.changed', rowsChanged({ entity: 'conflict', ids: [CONFLICT_ID] }));
    await flush();
    expect(bridge.callsOf('sync.conflicts')).toHaveLength(3);
    stop();
    expect(bridge.listenerCount('data.changed')).toBe(0);
  });

  it('folds a burst of notices into few reads, at most one per interval', async () => {
    vi.useFakeTimers();
    const { bridge } = setup();
    const store = createSyncProblemsStore(bridge, { minIntervalMs: 1000 });
    store.getState().start();
    await vi.advanceTimersByTimeAsync(0);
    expect(bridge.callsOf('sync.deadLetters')).toHaveLength(1);
    for (let n = 1; n <= 20; n++) bridge.emit('data.changed', rowsChanged({ entity: 'conflict', ids: [CONFLICT_ID] }));
    await vi.advanceTimersByTimeAsync(0);
    expect(bridge.callsOf('sync.deadLetters')).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(bridge.callsOf('sync.deadLetters')).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(5000);
    expect(bridge.callsOf('sync.deadLetters')).toHaveLength(2);
  });

  it('resolves a conflict with the method and choice asked for', async () => {
    const { bridge } = setup({
      conflicts: [conflict(), conflict({ id: CONFLICT_ID_2, field: 'phone', mine: '+8613900001111', theirs: '+8613800138000' }), conflict({ id: 'b0000000-0000-4000-8000-000000000003' })],
    });
    const resolved: string[] = [];
    const store = createSyncProblemsStore(bridge, { minIntervalMs: 0, onResolved: (c) => resolved.push(c.id) });
    await store.getState().refresh();
    await store.getState().resolve(CONFLICT_ID, { choice: 'keepMine' });
    await store.getState().resolve(CONFLICT_ID_2, { choice: 'keepTheirs' });
    await store.getState().resolve('b0000000-0000-4000-8000-000000000003', { choice: 'edit', value: '海淀区学院路 5 号' });
    expect(bridge.callsOf('sync.resolveConflict')).toEqual([
      { conflictId: CONFLICT_ID, choice: 'keepMine' },
      { conflictId: CONFLICT_ID_2, choice: 'keepTheirs' },
      { conflictId: 'b0000000-0000-4000-8000-000000000003', choice: 'edit', value: '海淀区学院路 5 号' },
    ]);
    expect(resolved).toHaveLength(3);
    expect(store.getState().conflicts).toEqual([]);
  });

  it('keeps a conflict whose resolution failed, with the reason on its row', async () => {
    const { bridge } = setup({ conflicts: [conflict({ entity: 'product' })] });
    bridge.handle('sync.resolveConflict', () => {
      throw new WorkstationError('bad_input', 'conflicts on products are resolved by the install-base team');
    });
    const store = createSyncProblemsStore(bridge, { minIntervalMs: 0 });
    await store.getState().refresh();
    await store.getState().resolve(CONFLICT_ID, { choice: 'keepMine' });
    expect(store.getState().conflicts).toHaveLength(1);
    expect(store.getState().rowErrors[CONFLICT_ID]).toMatchObject({ code: 'bad_input' });
    expect(store.getState().busy).toEqual({});
  });

  it('dismisses a dead letter', async () => {
    const { bridge } = setup({ deadLetters: [deadLetter(), deadLetter({ mutationId: 'a0000000-0000-4000-8000-000000000002', entityId: CUSTOMER_ID_2, op: 'create', patch: { name: '刘洋' } })] });
    const store = createSyncProblemsStore(bridge, { minIntervalMs: 0 });
    await store.getState().refresh();
    await store.getState().dismiss('a0000000-0000-4000-8000-000000000001');
    expect(bridge.callsOf('sync.dismissDeadLetter')).toEqual([{ mutationId: 'a0000000-0000-4000-8000-000000000001' }]);
    expect(store.getState().deadLetters.map((d) => d.mutationId)).toEqual(['a0000000-0000-4000-8000-000000000002']);
  });

  it('says when the lists cannot be read, and forgets everything on reset', async () => {
    const answer = deferred<DeadLetterAtSeat[]>();
    const { bridge } = setup({ conflicts: [conflict()] });
    bridge.handle('sync.deadLetters', () => {
      throw new WorkstationError('not_logged_in', 'log in first');
    });
    const store = createSyncProblemsStore(bridge, { minIntervalMs: 0 });
    await store.getState().refresh();
    expect(store.getState().error).toMatchObject({ code: 'not_logged_in' });
    bridge.handle('sync.deadLetters', () => answer.promise);
    const late = store.getState().refresh();
    store.getState().openPanel();
    store.getState().reset();
    answer.resolve([deadLetter()]);
    await late;
    expect(store.getState()).toMatchObject({ deadLetters: [], conflicts: [], loaded: false, error: null, panelOpen: false });
  });
});
