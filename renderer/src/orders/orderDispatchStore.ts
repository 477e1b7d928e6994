import { createStore, type StoreApi } from 'zustand/vanilla';
import { DISPATCHABLE_STATUSES } from '../../../shared/domain/orderDispatch.js';
import type { Outlet } from '../../../shared/domain/outlet.js';
import type { ServiceOrder } from '../../../shared/domain/serviceOrder.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import type { ErrorInfo } from '../bridge/errors.js';
import { refusalOf } from '../i18n/errorMessages.js';
import { orderFormCalls } from './orderFormCalls.js';

const HOUR_MS = 3_600_000;

export interface OrderDispatchState {
  /** The order whose dispatch form is open; null when closed. */
  orderId: string | null;
  /** The outlets that can take it, best first (nearest, least loaded). */
  options: Outlet[];
  outletId: string;
  /** Local date-times as the form shows them (YYYY-MM-DDTHH:mm). */
  start: string;
  end: string;
  error: ErrorInfo | null;
  pending: boolean;
  /** The dispatch was refused because another agent owns the order: "take it over?" waits for the agent. */
  takeoverAsked: boolean;
  open(order: Pick<ServiceOrder, 'id' | 'outletId' | 'appointmentStart' | 'appointmentEnd'>): Promise<void>;
  set(changes: Partial<Pick<OrderDispatchState, 'outletId' | 'start' | 'end'>>): void;
  /** Dispatches; `takeOver`: the agent agreed to take the order over with it. */
  submit(takeOver?: boolean): Promise<ServiceOrder | null>;
  close(): void;
}

export type OrderDispatchStore = StoreApi<OrderDispatchState>;

/** Whether an order in this status can be dispatched (again). */
export function canDispatch(order: Pick<ServiceOrder, 'status'>): boolean {
  return DISPATCHABLE_STATUSES.includes(order.status);
}

/** A Date as the value of an <input type="datetime-local"> (the seat's local time). */
function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The default window: tomorrow 09:00–12:00 local time. */
function defaultWindow(now: Date): { start: string; end: string } {
  const start = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 9, 0);
  return { start: toLocalInput(start), end: toLocalInput(new Date(start.getTime() + 3 * HOUR_MS)) };
}

const closed = () => ({ orderId: null, options: [], outletId: '', start: '', end: '', error: null, pending: false, takeoverAsked: false });

export function createOrderDispatchStore(bridge: WorkstationBridge, options: { onDispatched?: (order: ServiceOrder) => void; now?: () => Date } = {}): OrderDispatchStore {
  const now = options.now ?? (() => new Date());
  return createStore<OrderDispatchState>()((set, get) => {
    const calls = orderFormCalls(set);
    return {
      ...closed(),

      async open(order) {
        const window = order.appointmentStart && order.appointmentEnd
          ? { start: toLocalInput(new Date(order.appointmentStart)), end: toLocalInput(new Date(order.appointmentEnd)) }
          : defaultWindow(now());
        set({ ...closed(), orderId: order.id, ...window, pending: true });
        await calls.run(
          () => bridge.call('orders.dispatchOptions', { orderId: order.id }),
          (outlets) => {
            // A re-dispatch starts from another outlet than the current one, when there is one.
            const first = outlets.find((o) => o.id !== order.outletId) ?? outlets[0];
            set({ options: outlets, outletId: first?.id ?? '', pending: false });
          },
        );
      },

      set(changes) {
        set({ ...changes, error: null });
      },

      async submit(takeOver = false) {
        const { orderId, outletId, start, end, pending } = get();
        if (!orderId || pending) return null;
        const startAt = new Date(start);
        const endAt = new Date(end);
        if (!outletId || Number.isNaN(startAt.getTime()) || Number.isNaN(endAt.getTime())) {
          set({ error: { code: 'bad_input', message: !outletId ? 'outletId: choose a service outlet' : 'appointmentStart: enter the appointment window' } });
          return null;
        }
        set({ pending: true, error: null, takeoverAsked: false });
        const dispatched = await calls.run(
          () => bridge.call('orders.dispatch', { orderId, outletId, appointmentStart: startAt.toISOString(), appointmentEnd: endAt.toISOString(), takeOver }),
          (order) => {
            set(closed());
            options.onDispatched?.(order);
          },
        );
        const error = get().error;
        if (!dispatched && error?.code === 'not_permitted' && refusalOf(error.details)?.code === 'order_not_owner') set({ error: null, takeoverAsked: true });
        return dispatched;
      },

      close() {
        calls.drop();
        set(closed());
      },
    };
  });
}
