import { createStore, type StoreApi } from 'zustand/vanilla';
import { nextStatuses, transitionRefusal } from '../../../shared/domain/orderStatus.js';
import { refusalMessage } from '../../../shared/domain/refusal.js';
import type { OrderCompletion, ServiceOrder, ServiceOrderStatus } from '../../../shared/domain/serviceOrder.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { latestRequest } from '../app/latestRequest.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';
import { refusalOf } from '../i18n/errorMessages.js';

type OrderRef = Pick<ServiceOrder, 'id' | 'status' | 'orderNumber'>;

/** Steps that record something with them: a small form opens first (orderLifecycle.ts requires it). */
export type DetailedStep = 'completed' | 'cancelled';

/** What a step sends along: the completion, a cancel reason, and whether the agent takes the order over. */
interface StepDetails {
  completion?: OrderCompletion;
  cancelReason?: string;
  takeOver?: boolean;
}

/** The fields of the completion and cancel forms, as typed. */
export interface StepFields {
  resolution: string;
  /** Parts as typed: "启动电容×1，主板" (a part per comma, ×n for more than one). */
  parts: string;
  fee: string;
  technician: string;
  cancelReason: string;
}

export interface OrderStatusState {
  /** Orders whose status change is under way. */
  busy: Record<string, true>;
  /** Why the last change of an order was refused, by order id. */
  errors: Record<string, ErrorInfo>;
  /** The step whose form is open (completion or cancellation), with what is typed in it. */
  form: { orderId: string; status: DetailedStep } | null;
  fields: StepFields;
  /** A step refused because another agent owns the order: "take it over?" waits for the agent's answer. */
  takeover: { orderId: string; status: ServiceOrderStatus; details: StepDetails } | null;
  /** The agent chose a step: completion and cancellation open their form, anything else is changed at once. */
  request(order: OrderRef, status: ServiceOrderStatus): Promise<void>;
  set(changes: Partial<StepFields>): void;
  /** Makes the step of the open form with what it records. */
  submitForm(order: OrderRef): Promise<void>;
  /** Takes the order over and makes the step that was refused. */
  confirmTakeover(order: OrderRef): Promise<void>;
  /** Closes the open form or the takeover question. */
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
 * The steps an agent takes from an order's row: the state machine's next ones, except dispatched
 * (a dispatch needs an outlet and an appointment: DispatchControl) and visited (a done follow-up
 * makes it: orderLifecycle.ts).
 */
export function statusChoices(status: ServiceOrderStatus): readonly OrderStep[] {
  return nextStatuses(status).filter(isStep);
}

/** A status an agent moves an order to with a step button (new is where orders start). */
export type OrderStep = Exclude<ServiceOrderStatus, 'new' | 'dispatched' | 'visited'>;

function isStep(status: ServiceOrderStatus): status is OrderStep {
  return status !== 'new' && status !== 'dispatched' && status !== 'visited';
}

const DETAILED: readonly ServiceOrderStatus[] = ['completed', 'cancelled'];

const emptyFields = (): StepFields => ({ resolution: '', parts: '', fee: '0', technician: '', cancelReason: '' });

/** Parts as the agent types them: comma-separated, "×n" (or x n, *n) after a name for a quantity above one. */
export function parseParts(text: string): OrderCompletion['parts'] {
  return text
    .split(/[,，、;；\n]/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const counted = /^(.*?)\s*[×xX*]\s*(\d+)$/.exec(part);
      return counted && counted[1] ? { name: counted[1].trim(), quantity: Number(counted[2]) } : { name: part, quantity: 1 };
    });
}

/** A refusal because another agent owns the order (orderLifecycle.ts ownershipRefusal). */
function notOwner(error: ErrorInfo): boolean {
  return error.code === 'not_permitted' && refusalOf(error.details)?.code === 'order_not_owner';
}

export function createOrderStatusStore(bridge: WorkstationBridge, options: OrderStatusOptions = {}): OrderStatusStore {
  return createStore<OrderStatusState>()((set, get) => {
    /** Changes of several orders run side by side; clearing outdates them all. */
    const changes = latestRequest();

    const without = <T>(record: Record<string, T>, key: string): Record<string, T> => {
      const rest = { ...record };
      delete rest[key];
      return rest;
    };

    const change = async (order: OrderRef, status: ServiceOrderStatus, details: StepDetails): Promise<boolean> => {
      if (get().busy[order.id]) return false;
      // The same rule as the service's, checked first: an impossible change is not even asked for.
      const refusal = transitionRefusal(order.orderNumber, order.status, status);
      if (refusal) {
        set({ errors: { ...get().errors, [order.id]: { code: 'invalid_transition', message: refusalMessage(refusal), details: refusal } } });
        return false;
      }
      const current = changes.join();
      set({ busy: { ...get().busy, [order.id]: true }, errors: without(get().errors, order.id) });
      try {
        const changed = await bridge.call('orders.changeStatus', { orderId: order.id, status, ...details });
        if (!current()) return false;
        set({ busy: without(get().busy, order.id) });
        options.onChanged?.(changed);
        return true;
      } catch (error) {
        if (!current()) return false;
        const info = toErrorInfo(error);
        if (notOwner(info) && !details.takeOver) {
          set({ busy: without(get().busy, order.id), takeover: { orderId: order.id, status, details } });
          return false;
        }
        set({ busy: without(get().busy, order.id), errors: { ...get().errors, [order.id]: info } });
        return false;
      }
    };

    return {
      busy: {},
      errors: {},
      form: null,
      fields: emptyFields(),
      takeover: null,

      async request(order, status) {
        set({ takeover: null, errors: without(get().errors, order.id) });
        if (DETAILED.includes(status)) {
          const same = get().form?.orderId === order.id && get().form?.status === status;
          set({ form: { orderId: order.id, status: status as DetailedStep }, ...(same ? {} : { fields: emptyFields() }) });
          return;
        }
        if (get().form?.orderId === order.id) set({ form: null });
        await change(order, status, {});
      },

      set(changed) {
        set({ fields: { ...get().fields, ...changed } });
      },

      async submitForm(order) {
        const form = get().form;
        if (!form || form.orderId !== order.id) return;
        const { resolution, parts, fee, technician, cancelReason } = get().fields;
        // Sent as typed: the seat checks them (an empty resolution or reason is refused, naming the field).
        const details: StepDetails =
          form.status === 'completed'
            ? { completion: { resolution, parts: parseParts(parts), fee: fee.trim() === '' ? Number.NaN : Number(fee), technician } }
            : { cancelReason };
        if (await change(order, form.status, details)) set({ form: null, fields: emptyFields() });
      },

      async confirmTakeover(order) {
        const takeover = get().takeover;
        if (!takeover || takeover.orderId !== order.id) return;
        set({ takeover: null });
        if (await change(order, takeover.status, { ...takeover.details, takeOver: true })) {
          if (get().form?.orderId === order.id) set({ form: null, fields: emptyFields() });
        }
      },

      dismiss() {
        set({ form: null, takeover: null, fields: emptyFields() });
      },

      clear() {
        changes.drop();
        set({ busy: {}, errors: {}, form: null, fields: emptyFields(), takeover: null });
      },
    };
  });
}
