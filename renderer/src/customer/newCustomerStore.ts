import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Customer } from '../../../shared/domain/customer.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { emptyDraft, toNewCustomer, type CustomerDraft, type CustomerField } from './customerDraft.js';
import { changeField, sendDraft, type CustomerDraftForm } from './customerDraftForm.js';

export interface NewCustomerState extends CustomerDraftForm {
  open: boolean;
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
        set(changeField(get(), field, value));
      },

      async submit() {
        const { open, pending, draft } = get();
        if (!open || pending) return null;
        const mine = generation;
        const customer = await sendDraft(set, () => bridge.call('customers.create', toNewCustomer(draft)), () => mine === generation);
        if (!customer) return null;
        generation++;
        set(closed());
        options.onCreated?.(customer);
        return customer;
      },

      cancel() {
        generation++;
        set(closed());
      },
    };
  });
}
