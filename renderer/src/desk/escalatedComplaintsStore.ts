import { createStore, type StoreApi } from 'zustand/vanilla';
import type { MethodOutput, WorkstationBridge } from '../../../shared/workstationApi.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';

type EscalatedComplaint = MethodOutput<'complaints.escalated'>[number];

export interface EscalatedComplaintsState {
  phase: 'idle' | 'loading' | 'loaded' | 'error';
  rows: EscalatedComplaint[];
  error: ErrorInfo | null;
  load(): Promise<void>;
  /** Opens the customer's card at the complaint, where the supervisor takes its next step. */
  open(row: EscalatedComplaint): void;
}

export type EscalatedComplaintsStore = StoreApi<EscalatedComplaintsState>;

/**
 * The supervisor's desk section of complaints escalated past the agent (the seat's cache, offline
 * too). Handling one is the complaint's own workflow on the customer's card (CustomerComplaints):
 * this list is the way to it.
 */
export function createEscalatedComplaintsStore(bridge: WorkstationBridge, options: { onOpenComplaint?(customerId: string, complaintId: string): void } = {}): EscalatedComplaintsStore {
  const store = createStore<EscalatedComplaintsState>()((set) => ({
    phase: 'idle',
    rows: [],
    error: null,
    async load() {
      set((s) => (s.phase === 'loaded' ? s : { phase: 'loading', error: null }));
      try {
        set({ phase: 'loaded', rows: await bridge.call('complaints.escalated', { limit: 100 }), error: null });
      } catch (error) {
        set({ phase: 'error', error: toErrorInfo(error) });
      }
    },
    open(row) {
      options.onOpenComplaint?.(row.complaint.customerId, row.complaint.id);
    },
  }));
  // A complaint escalated or handled elsewhere (sync) changes the list.
  bridge.on('data.changed', (notice) => {
    if (store.getState().phase === 'loaded' && notice.changes.some((c) => c.entity === 'complaint')) void store.getState().load();
  });
  return store;
}
