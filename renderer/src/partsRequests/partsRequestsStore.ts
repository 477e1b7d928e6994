import { createStore, type StoreApi } from 'zustand/vanilla';
import { NewPartsRequest, partsForOrderRefusal, type PartsRequest } from '../../../shared/domain/partsRequest.js';
import type { Refusal } from '../../../shared/domain/refusal.js';
import type { ServiceOrder } from '../../../shared/domain/serviceOrder.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';
import { splitFieldErrors, type FieldProblems } from '../forms/fieldErrors.js';
import { localBadInput } from '../forms/localIssues.js';

export const PARTS_FIELDS = ['partNumber', 'quantity', 'note'] as const;
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
    let generation = 0;
    const load = async (quiet: boolean) => {
      const order = get().order;
      if (!order) return;
      const mine = ++generation;
      if (!quiet) set({ phase: 'loading', loadError: null });
      try {
        const requests = await bridge.call('partsRequests.ofOrder', { orderId: order.id });
        if (mine === generation) set({ phase: 'loaded', requests, loadError: null });
      } catch (error) {
        if (mine === generation && !(quiet && get().phase === 'loaded')) set({ phase: 'error', loadError: toErrorInfo(error) });
      }
    };
    return {
      ...closed(),
      async open(order) {
        set({ ...closed(), order });
        await load(false);
      },
      close() {
        generation++;
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
        const mine = generation;
        set({ pending: true, error: null });
        try {
          const made = await bridge.call('partsRequests.create', input);
          if (mine !== generation) return null;
          set({ ...emptyForm(), requests: [made, ...get().requests.filter((r) => r.id !== made.id)] });
          void load(true);
          return made;
        } catch (error) {
          if (mine !== generation) return null;
          const info = toErrorInfo(error);
          const split = splitFieldErrors(info, PARTS_FIELDS);
          set({ pending: false, fieldErrors: split.fields, error: split.rest });
          return null;
        }
      },
      async refresh() {
        await load(true);
      },
    };
  });
}
