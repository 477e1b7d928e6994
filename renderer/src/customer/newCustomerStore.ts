import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Customer } from '../../../shared/domain/customer.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { latestRequest } from '../app/latestRequest.js';
import { emptyDraft, toNewCustomer, type CustomerDraft, type CustomerField } from './customerDraft.js';
import { changeField, sendDraft, type CustomerDraftForm } from './customerDraftForm.js';

export interface NewCustomerState extends CustomerDraftForm {
  open: boolean;
  /** The draft as the form opened (empty but for the prefill): what counts as nothing typed yet. */
  original: CustomerDraft;
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

const closed = () => ({ open: false, original: emptyDraft(), draft: emptyDraft(), fieldErrors: {}, error: null, pending: false });

export function createNewCustomerStore(bridge: WorkstationBridge, options: NewCustomerOptions = {}): NewCustomerStore {
  return createStore<NewCustomerState>()((set, get) => {
    /** Opening or closing the form outdates a submit under way: an answer for an abandoned form is dropped. */
    const submits = latestRequest();
    return {
      ...closed(),

      start(prefill = {}) {
        submits.drop();
        const draft = { ...emptyDraft(), ...prefill };
        set({ ...closed(), open: true, original: draft, draft });
      },

      setField(field, value) {
        set(changeField(get(), field, value));
      },

      async submit() {
        const { open, pending, draft } = get();
        if (!open || pending) return null;
        const customer = await sendDraft(set, () => bridge.call('customers.create', toNewCustomer(draft)), submits.begin());
        if (!customer) return null;
        submits.drop();
        set(closed());
        options.onCreated?.(customer);
        return customer;
      },

      cancel() {
        submits.drop();
        set(closed());
      },
    };
  });
}
