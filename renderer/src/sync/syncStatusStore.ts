import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SyncStatus, WorkstationBridge } from '../../../shared/workstationApi.js';
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
    /** Counts events, so an answer to a call made before the latest event does not undo it. */
    let events = 0;

    const ask = async (method: 'sync.status' | 'sync.now') => {
      const seen = events;
      try {
        const status = await bridge.call(method, {});
        if (seen === events) set({ status, callError: null });
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
          events++;
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
