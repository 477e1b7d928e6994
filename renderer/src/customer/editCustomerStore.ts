import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Customer } from '../../../shared/domain/customer.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';
import { splitFieldErrors, type FieldProblems } from '../forms/fieldErrors.js';
import { changesBetween, CUSTOMER_FIELDS, draftOf, emptyDraft, withField, type CustomerDraft, type CustomerField } from './customerDraft.js';

export interface EditCustomerState {
  /** The customer being edited; null when the card is only shown. */
  customerId: string | null;
  /** The customer as the form opened, to send only what changed. */
  original: CustomerDraft;
  draft: CustomerDraft;
  fieldErrors: FieldProblems<CustomerField>;
  error: ErrorInfo | null;
  pending: boolean;
  start(customer: Customer): void;
  setField(field: CustomerField, value: string): void;
  /**
   * Saves what changed with `customers.update`. The saved customer; null when nothing changed
   * (the form just closes) or the service refused (errors are in the state).
   */
  submit(): Promise<Customer | null>;
  cancel(): void;
}

export type EditCustomerStore = StoreApi<EditCustomerState>;

export interface EditCustomerOptions {
  /** After a change was saved (the app reloads the card). */
  onSaved?: (customer: Customer) => void;
}

const idle = () => ({ customerId: null, original: emptyDraft(), draft: emptyDraft(), fieldErrors: {}, error: null, pending: false });

export function createEditCustomerStore(bridge: WorkstationBridge, options: EditCustomerOptions = {}): EditCustomerStore {
  return createStore<EditCustomerState>()((set, get) => {
    let generation = 0;
    return {
      ...idle(),

      start(customer) {
        generation++;
        const draft = draftOf(customer);
        set({ ...idle(), customerId: customer.id, original: draft, draft });
      },

      setField(field, value) {
        const { draft, fieldErrors } = get();
        const rest = { ...fieldErrors };
        delete rest[field];
        set({ draft: withField(draft, field, value), fieldErrors: rest });
      },

      async submit() {
        const { customerId, pending, original, draft } = get();
        if (!customerId || pending) return null;
        const changes = changesBetween(original, draft);
        if (!changes) {
          get().cancel();
          return null;
        }
        const mine = generation;
        set({ pending: true, error: null });
        try {
          const customer = await bridge.call('customers.update', { customerId, changes });
          if (mine !== generation) return null;
          generation++;
          set(idle());
          options.onSaved?.(customer);
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
        set(idle());
      },
    };
  });
}
