import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Customer } from '../../../shared/domain/customer.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';
import { splitFieldErrors, type FieldProblems } from '../forms/fieldErrors.js';
import { CUSTOMER_FIELDS, emptyDraft, toNewCustomer, withField, type CustomerDraft, type CustomerField } from './customerDraft.js';

export interface NewCustomerState {
  open: boolean;
  draft: CustomerDraft;
  /** What the service said is wrong, per field. */
  fieldErrors: FieldProblems<CustomerField>;
  /** A failure that names no field (the seat is down, a bug). */
  error: ErrorInfo | null;
  pending: boolean;
  /** Opens the form, empty but for what is given (e.g. the phone number just searched for). */
  start(prefill?: Partial<CustomerDraft>): void;
  setField(field: CustomerField, value: string): void;
  /** Creates the customer; the new customer, or null when the service refused (errors are in the state). */
  submit(): Promise<Customer | null>;
  cancel(): void;
}

export type NewCustomerStore = StoreApi<NewCustomerState>;

export interface NewCustomerOptions {
  /** After a customer was created (the app opens their card). */
  onCreated?: (customer: Customer) => void;
}

const closed = () => ({ open: false, draft: emptyDraft(), fieldErrors: {}, error: null, pending: false });

export function createNewCustomerStore(bridge: WorkstationBridge, options: NewCustomerOptions = {}): NewCustomerStore {
  return createStore<NewCustomerState>()((set, get) => {
    /** Bumped when the form opens or closes, so an answer for an abandoned form is dropped. */
    let generation = 0;
    return {
      ...closed(),

      start(prefill = {}) {
        generation++;
        set({ ...closed(), open: true, draft: { ...emptyDraft(), ...prefill } });
      },

      setField(field, value) {
        const { draft, fieldErrors } = get();
        const rest = { ...fieldErrors };
        delete rest[field];
        set({ draft: withField(draft, field, value), fieldErrors: rest });
      },

      async submit() {
        const { open, pending, draft } = get();
        if (!open || pending) return null;
        const mine = generation;
        set({ pending: true, error: null });
        try {
          const customer = await bridge.call('customers.create', toNewCustomer(draft));
          if (mine !== generation) return null;
          generation++;
          set(closed());
          options.onCreated?.(customer);
          return customer;
        } catch (error) {
          if (mine !== generation) return null;
          const split = splitFieldErrors(toErrorInfo(error), CUSTOMER_FIELDS);
          set({ pending: false, fieldErrors: split.fields, error: split.rest });
          return null;
        }
      },

      cancel() {
        generation++;
        set(closed());
      },
    };
  });
}
