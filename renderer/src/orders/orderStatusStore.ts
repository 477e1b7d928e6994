import { createStore, type StoreApi } from 'zustand/vanilla';
import { nextStatuses, transitionRefusal } from '../../../shared/domain/orderStatus.js';
import { refusalMessage } from '../../../shared/domain/refusal.js';
import type { ServiceOrder, ServiceOrderStatus } from '../../../shared/domain/serviceOrder.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { latestRequest } from '../app/latestRequest.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';

type OrderRef = Pick<ServiceOrder, 'id' | 'status' | 'orderNumber'>;

export interface OrderStatusState {
  /** Orders whose status change is under way. */
  busy: Record<string, true>;
  /** Why the last change of an order was refused, by order id. */
  errors: Record<string, ErrorInfo>;
  /** A cancellation waiting for the agent's confirmation. */
  confirming: { orderId: string; status: ServiceOrderStatus } | null;
  /** The agent chose a next status: cancelling asks first, anything else is changed at once. */
  request(order: OrderRef, status: ServiceOrderStatus): Promise<void>;
  /** Goes ahead with the cancellation being confirmed. */
  confirm(order: OrderRef): Promise<void>;
  /** Drops the cancellation being confirmed. */
  dismiss(): void;
  /** Forgets everything (another customer's card opened). */
  clear(): void;
}

export type OrderStatusStore = StoreApi<OrderStatusState>;

export interface OrderStatusOptions {
  /** After a status changed (the app reloads the card). */
  onChanged?: (order: ServiceOrder) => void;
}

/**
 * The statuses an agent may pick for an order: the state machine's next ones, except dispatched —
 * a dispatch needs an outlet and an appointment (DispatchControl).
 */
export function statusChoices(status: ServiceOrderStatus): readonly ServiceOrderStatus[] {
  return nextStatuses(status).filter((next) => next !== 'dispatched');
}

/** Changes that need a second "yes" before they are made: they cannot be undone. */
const NEEDS_CONFIRMATION: readonly ServiceOrderStatus[] = ['cancelled'];

export function createOrderStatusStore(bridge: WorkstationBridge, options: OrderStatusOptions = {}): OrderStatusStore {
  return createStore<OrderStatusState>()((set, get) => {
    /** Changes of several orders run side by side; clearing outdates them all. */
    const changes = latestRequest();

    const without = <T>(record: Record<string, T>, key: string): Record<string, T> => {
      const rest = { ...record };
      delete rest[key];
      return rest;
    };

    const change = async (order: OrderRef, status: ServiceOrderStatus) => {
      if (get().busy[order.id]) return;
      // The same rule as the service's, checked first: an impossible change is not even asked for.
      const refusal = transitionRefusal(order.orderNumber, order.status, status);
      if (refusal) {
        set({ errors: { ...get().errors, [order.id]: { code: 'invalid_transition', message: refusalMessage(refusal), details: refusal } } });
        return;
      }
      const current = changes.join();
      set({ busy: { ...get().busy, [order.id]: true }, errors: without(get().errors, order.id) });
      try {
        const changed = await bridge.call('orders.changeStatus', { orderId: order.id, status });
        if (!current()) return;
        set({ busy: without(get().busy, order.id) });
        options.onChanged?.(changed);
      } catch (error) {
        if (!current()) return;
        set({ busy: without(get().busy, order.id), errors: { ...get().errors, [order.id]: toErrorInfo(error) } });
      }
    };

    return {
      busy: {},
      errors: {},
      confirming: null,

      async request(order, status) {
        if (NEEDS_CONFIRMATION.includes(status)) {
          set({ confirming: { orderId: order.id, status }, errors: without(get().errors, order.id) });
          return;
        }
        if (get().confirming?.orderId === order.id) set({ confirming: null });
        await change(order, status);
      },

      async confirm(order) {
        const confirming = get().confirming;
        if (!confirming || confirming.orderId !== order.id) return;
        set({ confirming: null });
        await change(order, confirming.status);
      },

      dismiss() {
        set({ confirming: null });
      },

      clear() {
        changes.drop();
        set({ busy: {}, errors: {}, confirming: null });
      },
    };
  });
}
