import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Customer } from '../../../shared/domain/customer.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { latestRequest } from '../app/latestRequest.js';
import { emptyDraft, toNewCustomer, type CustomerDraft, type CustomerField } from './customerDraft.js';
import { changeField, sendDraft, type CustomerDraftForm } from './customerDraftForm.js';

/** The customer a number already belongs to (one customer per phone in a branch: shared/domain/customerPhone.ts). */
interface PhoneHolder {
  customerId: string;
  name: string;
}

export interface NewCustomerState extends CustomerDraftForm {
  open: boolean;
  /** Who already has the number in the phone box, as the seat's cache knows (or as the save was refused for); null when nobody. */
  phoneHolder: PhoneHolder | null;
  /** The draft as the form opened (empty but for the prefill): what counts as nothing typed yet. */
  original: CustomerDraft;
  /** Opens the form, empty but for what is given (e.g. the phone number just searched for), and looks the number up. */
  start(prefill?: Partial<CustomerDraft>): void;
  setField(field: CustomerField, value: string): void;
  /** Creates the customer; the new customer, or null when the service refused (errors are in the state). */
  submit(): Promise<Customer | null>;
  /** Leaves the form for the customer who has the number. */
  openPhoneHolder(): void;
  cancel(): void;
}

export type NewCustomerStore = StoreApi<NewCustomerState>;

export interface NewCustomerOptions {
  /** After a customer was created (the app opens their card). */
  onCreated?: (customer: Customer) => void;
  /** The agent chose the customer who already has the number (the app opens their card). */
  onOpenCustomer?: (customerId: string) => void;
}

const closed = () => ({ open: false, phoneHolder: null, original: emptyDraft(), draft: emptyDraft(), fieldErrors: {}, error: null, pending: false });

export function createNewCustomerStore(bridge: WorkstationBridge, options: NewCustomerOptions = {}): NewCustomerStore {
  return createStore<NewCustomerState>()((set, get) => {
    /** Opening or closing the form outdates a submit under way: an answer for an abandoned form is dropped. */
    const submits = latestRequest();
    /** The holder lookup of the number the form opened with; a newer form or phone outdates it. */
    const lookups = latestRequest();

    const lookUpHolder = async (phone: string) => {
      const isCurrent = lookups.begin();
      try {
        const { card } = await bridge.call('customers.screenPop', { phone });
        if (isCurrent() && card && !card.customer.deleted) set({ phoneHolder: { customerId: card.customer.id, name: card.customer.name } });
      } catch {
        // No warning from the lookup: saving is still checked by the seat.
      }
    };

    return {
      ...closed(),

      start(prefill = {}) {
        submits.drop();
        lookups.drop();
        const draft = { ...emptyDraft(), ...prefill };
        set({ ...closed(), open: true, original: draft, draft });
        if (prefill.phone?.trim()) void lookUpHolder(prefill.phone);
      },

      setField(field, value) {
        if (field === 'phone') {
          lookups.drop();
          set({ phoneHolder: null });
        }
        set(changeField(get(), field, value));
      },

      async submit() {
        const { open, pending, draft } = get();
        if (!open || pending) return null;
        const customer = await sendDraft(set, () => bridge.call('customers.create', toNewCustomer(draft)), submits.begin());
        if (!customer) {
          const refused = get().fieldErrors.phone?.refusal;
          if (refused?.code === 'phone_taken') set({ phoneHolder: { customerId: String(refused.params.customerId), name: String(refused.params.customerName) } });
          return null;
        }
        submits.drop();
        set(closed());
        options.onCreated?.(customer);
        return customer;
      },

      openPhoneHolder() {
        const holder = get().phoneHolder;
        if (!holder) return;
        get().cancel();
        options.onOpenCustomer?.(holder.customerId);
      },

      cancel() {
        submits.drop();
        lookups.drop();
        set(closed());
      },
    };
  });
}
