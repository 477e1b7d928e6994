import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Agent } from '../../../shared/domain/branch.js';
import type { ServiceOrder } from '../../../shared/domain/serviceOrder.js';
import type { HandoverDistribution, ShiftHandoverResult } from '../../../shared/domain/shiftHandover.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { latestRequest } from '../app/latestRequest.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';

interface ReassignOrderLine {
  order: ServiceOrder;
  customerName: string | null;
}

interface ReassignReceiver {
  agent: Agent;
  openOrders: number;
}

/** After the reassignment: saved at the seat; then uploaded, or waiting for the link (with how many changes wait). */
type ReassignUpload = { state: 'uploading' } | { state: 'uploaded' } | { state: 'offline'; pending: number };

export interface TeamReassignState {
  /** loading: reading the agent's open orders; ready: choosing; working: the seat writes; done: the summary shows. */
  phase: 'closed' | 'loading' | 'ready' | 'working' | 'done';
  /** Whose orders (the board row picked). */
  agent: Agent | null;
  orders: ReassignOrderLine[];
  receivers: ReassignReceiver[];
  /** The orders ticked (none at first: one order, or "all" for an agent leaving). */
  selected: string[];
  toAgentIds: string[];
  distribution: HandoverDistribution;
  reason: string;
  error: ErrorInfo | null;
  result: ShiftHandoverResult | null;
  upload: ReassignUpload | null;
  /** Opens the dialog for the agent of a board row. */
  open(agentId: string): Promise<void>;
  close(): void;
  toggleOrder(orderId: string): void;
  selectAll(all: boolean): void;
  toggleReceiver(agentId: string): void;
  setDistribution(distribution: HandoverDistribution): void;
  setReason(reason: string): void;
  /** Reassigns the ticked orders (team.reassign), then asks the seat to upload at once. */
  submit(): Promise<ShiftHandoverResult | null>;
}

export type TeamReassignStore = StoreApi<TeamReassignState>;

const initial = () => ({
  phase: 'closed' as const,
  agent: null,
  orders: [],
  receivers: [],
  selected: [],
  toAgentIds: [],
  distribution: 'least_loaded' as const,
  reason: '',
  error: null,
  result: null,
  upload: null,
});

/**
 * The team board's reassign dialog (a supervisor, on an agent's row): the agent's open orders, the
 * branch's agents who may take them (with what they hold now), how to share them out and the
 * reason. The rules are the shared ones (shared/domain/teamReassignment.ts), checked by the seat;
 * their refusals show as they come. Works offline: the owner changes wait in the outbox.
 */
export function createTeamReassignStore(bridge: WorkstationBridge): TeamReassignStore {
  return createStore<TeamReassignState>()((set, get) => {
    const requests = latestRequest();
    const toggled = (list: readonly string[], id: string) => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);
    const choosing = () => get().phase === 'ready';

    return {
      ...initial(),

      async open(agentId) {
        const current = requests.begin();
        set({ ...initial(), phase: 'loading' });
        try {
          const draft = await bridge.call('team.reassignDraft', { agentId });
          if (!current()) return;
          set({
            phase: 'ready',
            agent: draft.agent,
            orders: draft.orders,
            receivers: draft.receivers,
            // One order: already ticked.
            selected: draft.orders.length === 1 ? [draft.orders[0]!.order.id] : [],
          });
        } catch (error) {
          if (current()) set({ phase: 'ready', error: toErrorInfo(error) });
        }
      },

      close() {
        requests.begin();
        set(initial());
      },

      toggleOrder(orderId) {
        if (choosing()) set({ selected: toggled(get().selected, orderId), error: null });
      },

      selectAll(all) {
        if (choosing()) set({ selected: all ? get().orders.map((line) => line.order.id) : [], error: null });
      },

      toggleReceiver(agentId) {
        if (choosing()) set({ toAgentIds: toggled(get().toAgentIds, agentId), error: null });
      },

      setDistribution(distribution) {
        set({ distribution });
      },

      setReason(reason) {
        set({ reason, error: null });
      },

      async submit() {
        const { phase, agent, orders, selected, toAgentIds, distribution, reason } = get();
        if (phase !== 'ready' || !agent) return null;
        const current = requests.begin();
        // In the order listed (oldest first): round-robin goes by it.
        const orderIds = orders.map((line) => line.order.id).filter((id) => selected.includes(id));
        set({ phase: 'working', error: null });
        let result: ShiftHandoverResult;
        try {
          result = await bridge.call('team.reassign', { fromAgentId: agent.id, orderIds, toAgentIds, distribution, reason });
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
    };
  });
}
