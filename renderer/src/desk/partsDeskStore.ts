import { createStore, type StoreApi } from 'zustand/vanilla';
import type { WaitingPartsRequest } from '../../../shared/domain/partsDesk.js';
import type { PartsRequestStatus } from '../../../shared/domain/partsRequest.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { latestRequest } from '../app/latestRequest.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';

export interface PartsDeskState {
  phase: 'idle' | 'loading' | 'loaded' | 'error';
  waiting: WaitingPartsRequest[];
  error: ErrorInfo | null;
  /** The request whose rejection reason is being typed. */
  rejecting: string | null;
  reason: string;
  /** A decision on its way to the backend. */
  deciding: string | null;
  decisionError: ErrorInfo | null;
  /** What the last decision did (approved from stock, planned at headquarters, rejected). */
  lastDecision: { requestId: string; partNumber: string; status: PartsRequestStatus } | null;
  load(): Promise<void>;
  approve(requestId: string): Promise<void>;
  startReject(requestId: string): void;
  setReason(reason: string): void;
  confirmReject(): Promise<void>;
  cancelReject(): void;
  reset(): void;
}

export type PartsDeskStore = StoreApi<PartsDeskState>;

const initial = () => ({ phase: 'idle' as const, waiting: [], error: null, rejecting: null, reason: '', deciding: null, decisionError: null, lastDecision: null });

/** The parts desk's queue in the desk (Alt+Y): approve, or reject with a reason; the queue is read again after each decision. */
export function createPartsDeskStore(bridge: WorkstationBridge): PartsDeskStore {
  return createStore<PartsDeskState>()((set, get) => {
    const requests = latestRequest();

    const decide = async (requestId: string, decision: { decision: 'approve' | 'reject'; reason: string }) => {
      set({ deciding: requestId, decisionError: null });
      try {
        const outcome = await bridge.call('partsDesk.decide', { requestId, decision });
        set({ deciding: null, rejecting: null, reason: '', lastDecision: { requestId, partNumber: outcome.request.partNumber, status: outcome.request.status } });
        await get().load();
      } catch (error) {
        set({ deciding: null, decisionError: toErrorInfo(error) });
      }
    };

    return {
      ...initial(),
      async load() {
        const current = requests.begin();
        if (get().phase !== 'loaded') set({ phase: 'loading', error: null });
        try {
          const waiting = await bridge.call('partsDesk.waiting', {});
          if (current()) set({ phase: 'loaded', waiting, error: null });
        } catch (error) {
          if (current()) set({ phase: 'error', error: toErrorInfo(error) });
        }
      },
      approve: (requestId) => decide(requestId, { decision: 'approve', reason: '' }),
      startReject(requestId) {
        set({ rejecting: requestId, reason: '', decisionError: null });
      },
      setReason(reason) {
        set({ reason });
      },
      async confirmReject() {
        const { rejecting, reason } = get();
        if (rejecting) await decide(rejecting, { decision: 'reject', reason });
      },
      cancelReject() {
        set({ rejecting: null, reason: '', decisionError: null });
      },
      reset() {
        requests.drop();
        set(initial());
      },
    };
  });
}
