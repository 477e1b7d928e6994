import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PendingChange, SyncStatus, WorkstationBridge } from '../../../shared/workstationApi.js';
import { latestRequest } from '../app/latestRequest.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';

export interface SyncStatusState {
  /** Null until the first answer or event. */
  status: SyncStatus | null;
  /** A failed `sync.status` / `sync.now` call (the engine's own last error is in `status.lastError`). */
  callError: ErrorInfo | null;
  /** The changes waiting to upload, oldest first, read while their list is open. */
  waiting: PendingChange[];
  waitingOpen: boolean;
  /** A failed read of the waiting list. */
  waitingError: ErrorInfo | null;
  /** Follows the `sync.status` event and asks once for the current status; returns the unsubscribe. */
  start(): () => void;
  syncNow(): Promise<void>;
  /** Opens the list of waiting changes (read now, and again as the pending count moves). */
  openWaiting(): Promise<void>;
  closeWaiting(): void;
}

/** How many waiting changes the list shows (the oldest). */
export const WAITING_LIST_LIMIT = 100;

export type SyncStatusStore = StoreApi<SyncStatusState>;

/**
 * `connectivity` is where the browser announces the network coming back (`window`'s `online`
 * event): the seat is asked to sync at once instead of waiting for its next retry.
 */
export function createSyncStatusStore(
  bridge: WorkstationBridge,
  connectivity: EventTarget | null = typeof window === 'undefined' ? null : window,
): SyncStatusStore {
  return createStore<SyncStatusState>()((set, get) => {
    /** Each event outdates the calls before it: an older answer must not undo it. */
    const asks = latestRequest();
    /** Only the newest read of the waiting list may land; closing the list drops them. */
    const waitingReads = latestRequest();

    const readWaiting = async () => {
      const current = waitingReads.begin();
      try {
        const waiting = await bridge.call('sync.pending', { limit: WAITING_LIST_LIMIT });
        if (current()) set({ waiting, waitingError: null });
      } catch (error) {
        if (current()) set({ waitingError: toErrorInfo(error) });
      }
    };

    /** A new status: the waiting list, when open and its count moved, is read again. */
    const statusArrived = (status: SyncStatus) => {
      const before = get().status?.pending;
      set({ status, callError: null });
      if (get().waitingOpen && before !== status.pending) void readWaiting();
    };

    const ask = async (method: 'sync.status' | 'sync.now') => {
      const current = asks.join();
      try {
        const status = await bridge.call(method, {});
        if (current()) statusArrived(status);
        else set({ callError: null });
      } catch (error) {
        set({ callError: toErrorInfo(error) });
      }
    };

    return {
      status: null,
      callError: null,
      waiting: [],
      waitingOpen: false,
      waitingError: null,

      start() {
        const off = bridge.on('sync.status', (status) => {
          asks.drop();
          statusArrived(status);
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

      async openWaiting() {
        set({ waitingOpen: true });
        await readWaiting();
      },

      closeWaiting() {
        waitingReads.drop();
        set({ waitingOpen: false, waiting: [], waitingError: null });
      },
    };
  });
}
