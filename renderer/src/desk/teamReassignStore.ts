import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Agent } from '../../../shared/domain/branch.js';
import type { HandoverDistribution, ShiftHandoverResult } from '../../../shared/domain/shiftHandover.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { latestRequest } from '../app/latestRequest.js';
import type { ErrorInfo } from '../bridge/errors.js';
import { handoverChoiceActions, loadHandoverDraft, submitHandover, tickedOrderIds, type HandoverOrderLine, type HandoverPhase, type HandoverReceiver, type HandoverUpload } from '../orders/handoverChoices.js';

export interface TeamReassignState {
  /** loading: reading the agent's open orders; ready: choosing; working: the seat writes; done: the summary shows. */
  phase: HandoverPhase;
  /** Whose orders (the board row picked). */
  agent: Agent | null;
  orders: HandoverOrderLine[];
  receivers: HandoverReceiver[];
  /** The orders ticked (none at first: one order, or "all" for an agent leaving). */
  selected: string[];
  toAgentIds: string[];
  distribution: HandoverDistribution;
  reason: string;
  error: ErrorInfo | null;
  result: ShiftHandoverResult | null;
  upload: HandoverUpload | null;
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
 * their refusals show as they come. Works offline: the owner changes wait in the outbox. Ticking,
 * loading the draft and the upload are the shift handover's (orders/handoverChoices.ts).
 */
export function createTeamReassignStore(bridge: WorkstationBridge): TeamReassignStore {
  return createStore<TeamReassignState>()((set, get) => {
    const requests = latestRequest();

    return {
      ...initial(),
      ...handoverChoiceActions<TeamReassignState>(set, get),

      open: (agentId) =>
        loadHandoverDraft(
          requests,
          set,
          initial(),
          () => bridge.call('team.reassignDraft', { agentId }),
          (draft) => ({
            agent: draft.agent,
            orders: draft.orders,
            receivers: draft.receivers,
            // One order: already ticked.
            selected: draft.orders.length === 1 ? [draft.orders[0]!.order.id] : [],
          }),
        ),

      close() {
        requests.begin();
        set(initial());
      },

      setReason(reason) {
        set({ reason, error: null });
      },

      async submit() {
        const { phase, agent, toAgentIds, distribution, reason } = get();
        if (phase !== 'ready' || !agent) return null;
        const orderIds = tickedOrderIds(get());
        return submitHandover<TeamReassignState>(bridge, requests, set, () => bridge.call('team.reassign', { fromAgentId: agent.id, orderIds, toAgentIds, distribution, reason }));
      },
    };
  });
}
