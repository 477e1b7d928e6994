import { createStore, type StoreApi } from 'zustand/vanilla';
import type { DuplicateOrder } from '../../../shared/domain/duplicateOrders.js';
import type { ServiceOrder, ServiceOrderType } from '../../../shared/domain/serviceOrder.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { latestRequest } from '../app/latestRequest.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';
import { splitFieldErrors, type FieldProblems } from '../forms/fieldErrors.js';

export const ORDER_FIELDS = ['type', 'productId', 'fault', 'feeEstimate', 'feeConsent', 'duplicateReason'] as const;
type OrderField = (typeof ORDER_FIELDS)[number];

/** The value of the product select meaning "no product" (an inquiry, a complaint about service…), or none chosen yet (a repair: orderLifecycle.ts requires one). */
export const NO_PRODUCT = '';

export interface NewOrderState {
  /** The customer the order is for; null when the form is closed. */
  customerId: string | null;
  type: ServiceOrderType;
  /** A product of the customer's, or NO_PRODUCT. */
  productId: string;
  fault: string;
  /** Out of warranty: the fee estimate told to the customer (yuan, as typed) and whether they agreed. */
  feeEstimate: string;
  feeConsent: boolean;
  /** Why to go on although the open orders in `duplicates` may cover this one. */
  duplicateReason: string;
  fieldErrors: FieldProblems<OrderField>;
  /** Why the last submit failed (also when it named fields, which are marked too). */
  error: ErrorInfo | null;
  pending: boolean;
  /**
   * The open orders this one may duplicate, by the shared rule (same type; same serial number under
   * any customer, or same phone and category within 7 days), as the seat's `orders.duplicateCheck`
   * answers for the type and product chosen now: shown before the order is saved.
   */
  duplicates: DuplicateOrder[];
  /** Opens the form for a customer; with one product only, that product is chosen (with several, the agent chooses). */
  start(customerId: string, productIds: readonly string[]): void;
  set(changes: Partial<Pick<NewOrderState, 'type' | 'productId' | 'fault' | 'feeEstimate' | 'feeConsent' | 'duplicateReason'>>): void;
  submit(): Promise<ServiceOrder | null>;
  cancel(): void;
}

export type NewOrderStore = StoreApi<NewOrderState>;

export interface NewOrderOptions {
  /** After an order was made (the app reloads the card, where it appears). */
  onCreated?: (order: ServiceOrder) => void;
}

const closed = () => ({
  customerId: null,
  type: 'repair' as const,
  productId: NO_PRODUCT,
  fault: '',
  feeEstimate: '',
  feeConsent: false,
  duplicateReason: '',
  fieldErrors: {},
  error: null,
  pending: false,
  duplicates: [],
});

export function createNewOrderStore(bridge: WorkstationBridge, options: NewOrderOptions = {}): NewOrderStore {
  return createStore<NewOrderState>()((set, get) => {
    /** Opening or closing the form outdates a submit under way. */
    const submits = latestRequest();
    /** Only the check for the latest type and product counts. */
    const checks = latestRequest();

    const checkDuplicates = async () => {
      const { customerId, productId, type } = get();
      const current = checks.begin();
      if (!customerId) return;
      // What is shown always belongs to the type and product chosen now.
      set({ duplicates: [] });
      let duplicates: DuplicateOrder[] = [];
      try {
        duplicates = await bridge.call('orders.duplicateCheck', { customerId, productId: productId === NO_PRODUCT ? null : productId, type });
      } catch {
        // The check only warns: a failed one leaves nothing to show, and the order can still be made.
      }
      if (current()) set({ duplicates });
    };

    return {
      ...closed(),

      start(customerId, productIds) {
        submits.drop();
        set({ ...closed(), customerId, productId: productIds.length === 1 ? (productIds[0] ?? NO_PRODUCT) : NO_PRODUCT });
        void checkDuplicates();
      },

      set(changes) {
        const fieldErrors = { ...get().fieldErrors };
        const hadFieldErrors = Object.keys(fieldErrors).length > 0;
        for (const key of Object.keys(changes) as OrderField[]) delete fieldErrors[key];
        // Once every field the service named has been touched, its message goes too.
        const error = hadFieldErrors && Object.keys(fieldErrors).length === 0 ? null : get().error;
        set({ ...changes, fieldErrors, error });
        if (changes.type !== undefined || changes.productId !== undefined) void checkDuplicates();
      },

      async submit() {
        const { customerId, type, productId, fault, feeEstimate, feeConsent, duplicateReason, duplicates, pending } = get();
        if (!customerId || pending) return null;
        const current = submits.begin();
        set({ pending: true, error: null });
        try {
          // The seat records the consent with the estimate; without the agent's tick there is none to record.
          const estimate = feeConsent && feeEstimate.trim() !== '' ? Number(feeEstimate) : null;
          const reason = duplicates.length > 0 && duplicateReason.trim() !== '' ? duplicateReason : null;
          const order = await bridge.call('orders.create', { customerId, productId: productId === NO_PRODUCT ? null : productId, type, fault, feeEstimate: estimate, duplicateReason: reason });
          if (!current()) return null;
          submits.drop();
          checks.drop();
          set(closed());
          options.onCreated?.(order);
          return order;
        } catch (error) {
          if (!current()) return null;
          // The whole message stays as the form's error (e2e and agents look in one place), and
          // each field the service named is marked as well.
          const info = toErrorInfo(error);
          set({ pending: false, fieldErrors: splitFieldErrors(info, ORDER_FIELDS).fields, error: info });
          return null;
        }
      },

      cancel() {
        submits.drop();
        checks.drop();
        set(closed());
      },
    };
  });
}
