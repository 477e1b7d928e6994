import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SyncStatus, WorkstationBridge } from '../../../shared/workstationApi.js';
import { latestRequest } from '../app/latestRequest.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';

export interface SyncStatusState {
  /** Null until the first answer or event. */
  status: SyncStatus | null;
  /** A failed `sync.status` / `sync.now` call (the engine's own last error is in `status.lastError`). */
  callError: ErrorInfo | null;
  /** Follows the `sync.status` event and asks once for the current status; returns the unsubscribe. */
  start(): () => void;
  syncNow(): Promise<void>;
}

export type SyncStatusStore = StoreApi<SyncStatusState>;

/**
 * `connectivity` is where the browser announces the network coming back (`window`'s `online`
 * event): the seat is asked to sync at once instead of waiting for its next retry.
 */
export function createSyncStatusStore(
  bridge: WorkstationBridge,
  connectivity: EventTarget | null = typeof window === 'undefined' ? null : window,
): SyncStatusStore {
  return createStore<SyncStatusState>()((set) => {
    /** Each event outdates the calls before it: an older answer must not undo it. */
    const asks = latestRequest();

    const ask = async (method: 'sync.status' | 'sync.now') => {
      const current = asks.join();
      try {
        const status = await bridge.call(method, {});
        if (current()) set({ status, callError: null });
        else set({ callError: null });
      } catch (error) {
        set({ callError: toErrorInfo(error) });
      }
    };

    return {
      status: null,
      callError: null,

      start() {
        const off = bridge.on('sync.status', (status) => {
          asks.drop();
          set({ status, callError: null });
        });
        void ask('sync.status');
        const onOnline = () => void ask('sync.now');
        connectivity?.addEventListener('online', onOnline);
        return () => {
          off();
          connectivity?.removeEventListener('online', onOnline);
        };
      },

      syncNow: () => ask('sync.now'),
    };
  });
}
