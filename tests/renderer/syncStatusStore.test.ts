import { describe, expect, it } from 'vitest';
import { createSyncStatusStore } from '../../renderer/src/sync/syncStatusStore.js';
import { WorkstationError, type SyncStatus } from '../../shared/workstationApi.js';
import { deferred, FakeBridge, flush } from './fakeBridge.js';
import { syncStatus } from './fixtures.js';

describe('sync status store', () => {
  it('asks for the status at start and follows the sync.status event', async () => {
    const bridge = new FakeBridge({ 'sync.status': () => syncStatus({ pending: 2 }) });
    const store = createSyncStatusStore(bridge);
    expect(store.getState().status).toBeNull();
    const stop = store.getState().start();
    await flush();
    expect(store.getState().status?.pending).toBe(2);
    bridge.emit('sync.status', syncStatus({ online: false, progress: { done: 10, total: 100 } }));
    expect(store.getState().status).toMatchObject({ online: false, progress: { done: 10, total: 100 } });
    stop();
    expect(bridge.listenerCount('sync.status')).toBe(0);
  });

  it('asks the seat to sync at once when the network comes back, until stopped', async () => {
    const bridge = new FakeBridge({ 'sync.status': () => syncStatus(), 'sync.now': () => syncStatus({ online: true }) });
    const network = new EventTarget();
    const store = createSyncStatusStore(bridge, network);
    const stop = store.getState().start();
    network.dispatchEvent(new Event('online'));
    await flush();
    expect(bridge.callsOf('sync.now')).toHaveLength(1);
    stop();
    network.dispatchEvent(new Event('online'));
    await flush();
    expect(bridge.callsOf('sync.now')).toHaveLength(1);
  });

  it('does not let a slow start-up answer overwrite a newer event', async () => {
    const answer = deferred<SyncStatus>();
    const bridge = new FakeBridge({ 'sync.status': () => answer.promise });
    const store = createSyncStatusStore(bridge);
    store.getState().start();
    bridge.emit('sync.status', syncStatus({ pending: 5 }));
    answer.resolve(syncStatus({ pending: 0 }));
    await flush();
    expect(store.getState().status?.pending).toBe(5);
  });

  it('keeps a failed call apart from the engine’s own last error', async () => {
    const bridge = new FakeBridge({
      'sync.status': () => {
        throw new WorkstationError('internal', 'sync engine not started');
      },
      'sync.now': () => syncStatus({ lastError: 'HTTP 502 from backend' }),
    });
    const store = createSyncStatusStore(bridge);
    store.getState().start();
    await flush();
    expect(store.getState()).toMatchObject({ status: null, callError: { code: 'internal', message: 'sync engine not started' } });
    await store.getState().syncNow();
    expect(store.getState()).toMatchObject({ callError: null, status: { lastError: 'HTTP 502 from backend' } });
  });
});
