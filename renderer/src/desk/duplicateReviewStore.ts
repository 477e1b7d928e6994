import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DuplicateDecision } from '../../../shared/domain/serviceOrder.js';
import type { MethodOutput, WorkstationBridge } from '../../../shared/workstationApi.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';

type AwaitingDuplicate = MethodOutput<'orders.awaitingDuplicateReview'>[number];

export interface DuplicateReviewState {
  phase: 'idle' | 'loading' | 'loaded' | 'error';
  rows: AwaitingDuplicate[];
  /** The order being decided on (its row is selected); null when none is. */
  selectedId: string | null;
  /** The supervisor's reason for the selected order, as typed. */
  reason: string;
  pending: boolean;
  error: ErrorInfo | null;
  /** The last decision taken here, for the notice (order number and decision). */
  decided: { orderNumber: string; decision: DuplicateDecision } | null;
  load(): Promise<void>;
  select(orderId: string): void;
  /** Moves the selection up or down the list (↑↓). */
  move(by: number): void;
  setReason(reason: string): void;
  decide(decision: DuplicateDecision): Promise<boolean>;
}

export type DuplicateReviewStore = StoreApi<DuplicateReviewState>;

/**
 * The supervisor's desk section of duplicate orders awaiting a decision (shared/domain/duplicateReview.ts):
 * read from the seat's cache (offline too), decided with a reason at the seat, pushed by the sync.
 */
export function createDuplicateReviewStore(bridge: WorkstationBridge): DuplicateReviewStore {
  const store = createStore<DuplicateReviewState>()((set, get) => ({
    phase: 'idle',
    rows: [],
    selectedId: null,
    reason: '',
    pending: false,
    error: null,
    decided: null,
    async load() {
      set((s) => (s.phase === 'loaded' ? s : { phase: 'loading' }));
      try {
        const rows = await bridge.call('orders.awaitingDuplicateReview', { limit: 100 });
        set((s) => {
          const kept = rows.some((r) => r.order.id === s.selectedId);
          return { phase: 'loaded', rows, selectedId: kept ? s.selectedId : (rows[0]?.order.id ?? null), reason: kept ? s.reason : '' };
        });
      } catch (error) {
        set({ phase: 'error', error: toErrorInfo(error) });
      }
    },
    select(orderId) {
      if (orderId !== get().selectedId) set({ selectedId: orderId, reason: '', error: null });
    },
    move(by) {
      const { rows, selectedId } = get();
      if (rows.length === 0) return;
      const at = rows.findIndex((r) => r.order.id === selectedId);
      const next = rows[Math.min(rows.length - 1, Math.max(0, (at < 0 ? 0 : at) + by))]!;
      get().select(next.order.id);
    },
    setReason(reason) {
      set({ reason, error: null });
    },
    async decide(decision) {
      const { selectedId, reason, pending, rows } = get();
      const row = rows.find((r) => r.order.id === selectedId);
      if (!row || pending) return false;
      set({ pending: true, error: null });
      try {
        await bridge.call('orders.reviewDuplicate', { orderId: row.order.id, decision, reason });
        set({ pending: false, reason: '', decided: { orderNumber: row.order.orderNumber, decision } });
        await get().load();
        return true;
      } catch (error) {
        set({ pending: false, error: toErrorInfo(error) });
        return false;
      }
    },
  }));
  // A duplicate made or decided elsewhere (sync) changes the list.
  bridge.on('data.changed', (notice) => {
    if (store.getState().phase === 'loaded' && notice.changes.some((c) => c.entity === 'serviceOrder')) void store.getState().load();
  });
  return store;
}
