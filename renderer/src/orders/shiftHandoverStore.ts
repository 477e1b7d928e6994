import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Agent } from '../../../shared/domain/branch.js';
import type { ServiceOrder } from '../../../shared/domain/serviceOrder.js';
import type { HandoverDistribution, ShiftHandoverResult } from '../../../shared/domain/shiftHandover.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { latestRequest } from '../app/latestRequest.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';

interface HandoverOrderLine {
  order: ServiceOrder;
  customerName: string | null;
}

interface HandoverReceiver {
  agent: Agent;
  openOrders: number;
}

/** After the handover: saved at the seat; then uploaded, or waiting for the link (with how many changes wait). */
type HandoverUpload = { state: 'uploading' } | { state: 'uploaded' } | { state: 'offline'; pending: number };

export interface ShiftHandoverState {
  panelOpen: boolean;
  /** loading: reading my open orders; ready: choosing; working: the seat writes; done: the summary shows. */
  phase: 'closed' | 'loading' | 'ready' | 'working' | 'done';
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
 */
export function createShiftHandoverStore(bridge: WorkstationBridge): ShiftHandoverStore {
  return createStore<ShiftHandoverState>()((set, get) => {
    const requests = latestRequest();
    const toggled = (list: readonly string[], id: string) => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);

    return {
      ...initial(),

      async openPanel() {
        const current = requests.begin();
        set({ ...initial(), panelOpen: true, phase: 'loading' });
        try {
          const draft = await bridge.call('orders.handoverDraft', {});
          if (!current()) return;
          set({
            phase: 'ready',
            orders: draft.orders,
            receivers: draft.receivers,
            selected: draft.orders.map((line) => line.order.id),
            // One possible receiver: already chosen.
            toAgentIds: draft.receivers.length === 1 ? [draft.receivers[0]!.agent.id] : [],
          });
        } catch (error) {
          if (current()) set({ phase: 'ready', error: toErrorInfo(error) });
        }
      },

      closePanel() {
        requests.begin();
        set(initial());
      },

      togglePanel() {
        if (get().panelOpen) get().closePanel();
        else void get().openPanel();
      },

      toggleOrder(orderId) {
        if (get().phase !== 'ready') return;
        set({ selected: toggled(get().selected, orderId), error: null });
      },

      selectAll(all) {
        if (get().phase !== 'ready') return;
        set({ selected: all ? get().orders.map((line) => line.order.id) : [], error: null });
      },

      toggleReceiver(agentId) {
        if (get().phase !== 'ready') return;
        set({ toAgentIds: toggled(get().toAgentIds, agentId), error: null });
      },

      setDistribution(distribution) {
        set({ distribution });
      },

      setNote(note) {
        set({ note, error: null });
      },

      setOrderNote(orderId, note) {
        set({ orderNotes: { ...get().orderNotes, [orderId]: note }, error: null });
      },

      async submit() {
        const { phase, orders, selected, toAgentIds, distribution, note, orderNotes } = get();
        if (phase !== 'ready') return null;
        const current = requests.begin();
        // In the order listed (oldest first): round-robin goes by it.
        const orderIds = orders.map((line) => line.order.id).filter((id) => selected.includes(id));
        const ownNotes = Object.fromEntries(Object.entries(orderNotes).filter(([id, text]) => selected.includes(id) && text.trim() !== ''));
        set({ phase: 'working', error: null });
        let result: ShiftHandoverResult;
        try {
          result = await bridge.call('orders.handOver', { orderIds, toAgentIds, distribution, note, orderNotes: ownNotes });
        } catch (error) {
          if (current()) set({ phase: 'ready', error: toErrorInfo(error) });
          return null;
        }
        if (!current()) return result;
        set({ phase: 'done', result, upload: { state: 'uploading' } });
        try {
          const status = await bridge.call('sync.now', {});
          if (current()) set({ upload: status.online && status.pending === 0 ? { state: 'uploaded' } : { state: 'offline', pending: status.pending } });
        } catch {
          if (current()) set({ upload: { state: 'offline', pending: result.assignments.length } });
        }
        return result;
      },

      reset() {
        requests.begin();
        set(initial());
      },
    };
  });
}
