import { createStore, type StoreApi } from 'zustand/vanilla';
import type { HandoverDistribution, ShiftHandoverResult } from '../../../shared/domain/shiftHandover.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { latestRequest } from '../app/latestRequest.js';
import type { ErrorInfo } from '../bridge/errors.js';
import { handoverChoiceActions, loadHandoverDraft, submitHandover, tickedOrderIds, type HandoverOrderLine, type HandoverPhase, type HandoverReceiver, type HandoverUpload } from './handoverChoices.js';

export interface ShiftHandoverState {
  panelOpen: boolean;
  /** loading: reading my open orders; ready: choosing; working: the seat writes; done: the summary shows. */
  phase: HandoverPhase;
  orders: HandoverOrderLine[];
  receivers: HandoverReceiver[];
  /** The orders ticked (all at first). */
  selected: string[];
  toAgentIds: string[];
  distribution: HandoverDistribution;
  note: string;
  /** A note for one order, in place of the note for all. */
  orderNotes: Record<string, string>;
  error: ErrorInfo | null;
  result: ShiftHandoverResult | null;
  upload: HandoverUpload | null;
  openPanel(): Promise<void>;
  closePanel(): void;
  togglePanel(): void;
  toggleOrder(orderId: string): void;
  selectAll(all: boolean): void;
  toggleReceiver(agentId: string): void;
  setDistribution(distribution: HandoverDistribution): void;
  setNote(note: string): void;
  setOrderNote(orderId: string, note: string): void;
  /** Hands the ticked orders over (orders.handOver), then asks the seat to upload at once. */
  submit(): Promise<ShiftHandoverResult | null>;
  reset(): void;
}

export type ShiftHandoverStore = StoreApi<ShiftHandoverState>;

const initial = () => ({
  panelOpen: false,
  phase: 'closed' as const,
  orders: [],
  receivers: [],
  selected: [],
  toAgentIds: [],
  distribution: 'round_robin' as const,
  note: '',
  orderNotes: {},
  error: null,
  result: null,
  upload: null,
});

/**
 * The shift handover dialog (F8, or 交班 in the header): my open orders, all ticked, the branch's
 * agents who may receive them, a note for all and one per order. The rules are the shared ones
 * (shared/domain/shiftHandover.ts), checked by the seat; their refusals show as they come.
 * Ticking, loading the draft and the upload are shared with the board's reassignment (handoverChoices.ts).
 */
export function createShiftHandoverStore(bridge: WorkstationBridge): ShiftHandoverStore {
  return createStore<ShiftHandoverState>()((set, get) => {
    const requests = latestRequest();

    return {
      ...initial(),
      ...handoverChoiceActions<ShiftHandoverState>(set, get),

      openPanel: () =>
        loadHandoverDraft(
          requests,
          set,
          { ...initial(), panelOpen: true },
          () => bridge.call('orders.handoverDraft', {}),
          (draft) => ({
            orders: draft.orders,
            receivers: draft.receivers,
            selected: draft.orders.map((line) => line.order.id),
            // One possible receiver: already chosen.
            toAgentIds: draft.receivers.length === 1 ? [draft.receivers[0]!.agent.id] : [],
          }),
        ),

      closePanel() {
        requests.begin();
        set(initial());
      },

      togglePanel() {
        if (get().panelOpen) get().closePanel();
        else void get().openPanel();
      },

      setNote(note) {
        set({ note, error: null });
      },

      setOrderNote(orderId, note) {
        set({ orderNotes: { ...get().orderNotes, [orderId]: note }, error: null });
      },

      async submit() {
        const { phase, selected, toAgentIds, distribution, note, orderNotes } = get();
        if (phase !== 'ready') return null;
        const orderIds = tickedOrderIds(get());
        const ownNotes = Object.fromEntries(Object.entries(orderNotes).filter(([id, text]) => selected.includes(id) && text.trim() !== ''));
        return submitHandover<ShiftHandoverState>(bridge, requests, set, () => bridge.call('orders.handOver', { orderIds, toAgentIds, distribution, note, orderNotes: ownNotes }));
      },

      reset() {
        requests.begin();
        set(initial());
      },
    };
  });
}
