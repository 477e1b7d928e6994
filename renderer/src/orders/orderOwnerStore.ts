import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Agent } from '../../../shared/domain/branch.js';
import { mayHoldOrders } from '../../../shared/domain/roles.js';
import { OPEN_ORDER_STATUSES, type ServiceOrder } from '../../../shared/domain/serviceOrder.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import type { ErrorInfo } from '../bridge/errors.js';
import { orderFormCalls } from './orderFormCalls.js';

export interface OrderOwnerState {
  /** The branch's agents ('agents.ofBranch'), read once per session; empty until then. */
  agents: Agent[];
  /** The order whose handover form is open; null when closed. */
  orderId: string | null;
  ownerAgentId: string;
  /** A note for the new owner (optional): written on the order with the handover, shown in their My work. */
  note: string;
  error: ErrorInfo | null;
  pending: boolean;
  /** Reads the branch's agents unless already read (the timeline names owners with them too). */
  loadAgents(): Promise<void>;
  open(order: Pick<ServiceOrder, 'id' | 'ownerAgentId'>): Promise<void>;
  choose(ownerAgentId: string): void;
  setNote(note: string): void;
  submit(): Promise<ServiceOrder | null>;
  close(): void;
  reset(): void;
}

export type OrderOwnerStore = StoreApi<OrderOwnerState>;

/** One owner per order: an order still being worked on can be handed to another agent of the branch. */
export function canHandOver(order: Pick<ServiceOrder, 'status'>): boolean {
  return OPEN_ORDER_STATUSES.includes(order.status);
}

/** Who the order can go to: the branch's agents who hold orders (not the parts desk or headquarters: roles.ts) but its current owner. */
export function handoverCandidates(agents: readonly Agent[], currentOwnerId: string): Agent[] {
  return agents.filter((a) => a.id !== currentOwnerId && mayHoldOrders(a.role));
}

const closed = () => ({ orderId: null, ownerAgentId: '', note: '', error: null, pending: false });

export function createOrderOwnerStore(bridge: WorkstationBridge, options: { onReassigned?: (order: ServiceOrder) => void } = {}): OrderOwnerStore {
  return createStore<OrderOwnerState>()((set, get) => {
    const calls = orderFormCalls(set);
    let agentsRead: Promise<void> | null = null;
    let currentOwner = '';

    return {
      agents: [],
      ...closed(),

      loadAgents() {
        agentsRead ??= bridge.call('agents.ofBranch', {}).then(
          (agents) => set({ agents }),
          (error: unknown) => {
            agentsRead = null; // asked again next time
            throw error;
          },
        );
        return agentsRead;
      },

      async open(order) {
        currentOwner = order.ownerAgentId;
        set({ ...closed(), orderId: order.id, pending: true });
        await calls.run(
          () => get().loadAgents(),
          () => set({ pending: false, ownerAgentId: handoverCandidates(get().agents, currentOwner)[0]?.id ?? '' }),
        );
      },

      choose(ownerAgentId) {
        set({ ownerAgentId, error: null });
      },

      setNote(note) {
        set({ note, error: null });
      },

      async submit() {
        const { orderId, ownerAgentId, note, pending } = get();
        if (!orderId || pending) return null;
        if (!ownerAgentId) {
          set({ error: { code: 'bad_input', message: 'ownerAgentId: choose the new owner' } });
          return null;
        }
        set({ pending: true, error: null });
        return calls.run(
          () => bridge.call('orders.reassign', { orderId, ownerAgentId, ...(note.trim() ? { note: note.trim() } : {}) }),
          (order) => {
            set(closed());
            options.onReassigned?.(order);
          },
        );
      },

      close() {
        calls.drop();
        set(closed());
      },

      reset() {
        calls.drop();
        agentsRead = null;
        set({ agents: [], ...closed() });
      },
    };
  });
}
