import { createStore, type StoreApi } from 'zustand/vanilla';
import { NewPartsRequest, partsForOrderRefusal, type PartsRequest } from '../../../shared/domain/partsRequest.js';
import type { Refusal } from '../../../shared/domain/refusal.js';
import type { ServiceOrder } from '../../../shared/domain/serviceOrder.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { latestRequest } from '../app/latestRequest.js';
import type { RowChanges } from '../app/rowChanges.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';
import { splitFieldErrors, type FieldProblems } from '../forms/fieldErrors.js';
import { localBadInput } from '../forms/localIssues.js';

const PARTS_FIELDS = ['partNumber', 'quantity', 'note'] as const;
export type PartsField = (typeof PARTS_FIELDS)[number];

export interface PartsRequestsState {
  /** The order whose parts are shown; null: closed. */
  order: ServiceOrder | null;
  phase: 'idle' | 'loading' | 'loaded' | 'error';
  /** The order's requests, newest first ('partsRequests.ofOrder'). */
  requests: PartsRequest[];
  loadError: ErrorInfo | null;
  partNumber: string;
  /** As typed: checked as a whole number 1–99 on submit. */
  quantity: string;
  note: string;
  fieldErrors: FieldProblems<PartsField>;
  error: ErrorInfo | null;
  pending: boolean;
  open(order: ServiceOrder): Promise<void>;
  close(): void;
  set(changes: Partial<Pick<PartsRequestsState, PartsField>>): void;
  submit(): Promise<PartsRequest | null>;
  refresh(): Promise<void>;
  /** Reads the order's requests again if one of them changed or a new one came for the order. */
  rowsChanged(changes: RowChanges): void;
}

export type PartsRequestsStore = StoreApi<PartsRequestsState>;

const emptyForm = () => ({ partNumber: '', quantity: '1', note: '', fieldErrors: {}, error: null, pending: false });
const closed = () => ({ order: null, phase: 'idle' as const, requests: [], loadError: null, ...emptyForm() });

/** Why no parts can be requested for this order now (closed, cancelled…); null when they can. */
export function partsRefusal(order: ServiceOrder): Refusal | null {
  return partsForOrderRefusal(order.orderNumber, order.status);
}

export function createPartsRequestsStore(bridge: WorkstationBridge): PartsRequestsStore {
  return createStore<PartsRequestsState>()((set, get) => {
    // The list's reloads and the form's submit are outdated apart: a reload must not drop a submit's answer.
    const loads = latestRequest();
    const submits = latestRequest();
    const load = async (quiet: boolean) => {
      const order = get().order;
      if (!order) return;
      const current = loads.begin();
      if (!quiet) set({ phase: 'loading', loadError: null });
      try {
        const requests = await bridge.call('partsRequests.ofOrder', { orderId: order.id });
        if (current()) set({ phase: 'loaded', requests, loadError: null });
      } catch (error) {
        if (current() && !(quiet && get().phase === 'loaded')) set({ phase: 'error', loadError: toErrorInfo(error) });
      }
    };
    return {
      ...closed(),
      async open(order) {
        set({ ...closed(), order });
        await load(false);
      },
      close() {
        loads.drop();
        submits.drop();
        set(closed());
      },
      set(changes) {
        const fieldErrors = { ...get().fieldErrors };
        for (const key of Object.keys(changes) as PartsField[]) delete fieldErrors[key];
        set({ ...changes, fieldErrors });
      },
      async submit() {
        const { order, partNumber, quantity, note, pending } = get();
        if (!order || pending) return null;
        const quantityNumber = quantity.trim() === '' ? Number.NaN : Number(quantity);
        const input = { orderId: order.id, partNumber, quantity: quantityNumber, note };
        const checked = NewPartsRequest.safeParse(input);
        if (!checked.success) {
          const info = localBadInput(checked.error);
          set({ fieldErrors: splitFieldErrors(info, PARTS_FIELDS).fields, error: null });
          return null;
        }
        const current = submits.begin();
        set({ pending: true, error: null });
        try {
          const made = await bridge.call('partsRequests.create', input);
          if (!current()) return null;
          set({ ...emptyForm(), requests: [made, ...get().requests.filter((r) => r.id !== made.id)] });
          void load(true);
          return made;
        } catch (error) {
          if (!current()) return null;
          const info = toErrorInfo(error);
          const split = splitFieldErrors(info, PARTS_FIELDS);
          set({ pending: false, fieldErrors: split.fields, error: split.rest });
          return null;
        }
      },
      async refresh() {
        await load(true);
      },
      rowsChanged(changes) {
        const { order, requests } = get();
        if (!order) return;
        if (changes.ofOrders('partsRequest', [order.id]) || changes.has('partsRequest', requests.map((r) => r.id))) void get().refresh();
      },
    };
  });
}
