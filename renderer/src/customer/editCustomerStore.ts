import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Customer } from '../../../shared/domain/customer.js';
import { regionNeedsPick } from '../../../shared/domain/region.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { latestRequest } from '../app/latestRequest.js';
import { changesBetween, draftOf, emptyDraft, type CustomerDraft, type CustomerField } from './customerDraft.js';
import { changeField, sendDraft, type CustomerDraftForm } from './customerDraftForm.js';

export interface EditCustomerState extends CustomerDraftForm {
  /** The customer being edited; null when the card is only shown. */
  customerId: string | null;
  /** The customer as the form opened, to send only what changed. */
  original: CustomerDraft;
  /** The region on record as once typed, when it named no division (codes null): the agent is asked to pick. */
  regionToPick: string | null;
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

const idle = () => ({ customerId: null, regionToPick: null, original: emptyDraft(), draft: emptyDraft(), fieldErrors: {}, error: null, pending: false });

export function createEditCustomerStore(bridge: WorkstationBridge, options: EditCustomerOptions = {}): EditCustomerStore {
  return createStore<EditCustomerState>()((set, get) => {
    /** Opening or closing the form outdates a submit under way. */
    const submits = latestRequest();
    return {
      ...idle(),

      start(customer) {
        submits.drop();
        const draft = draftOf(customer);
        const regionToPick = regionNeedsPick(customer) ? [customer.province, customer.city].join(' ') : null;
        set({ ...idle(), customerId: customer.id, regionToPick, original: draft, draft });
      },

      setField(field, value) {
        set(changeField(get(), field, value));
      },

      async submit() {
        const { customerId, pending, original, draft } = get();
        if (!customerId || pending) return null;
        const changes = changesBetween(original, draft);
        if (!changes) {
          get().cancel();
          return null;
        }
        const customer = await sendDraft(set, () => bridge.call('customers.update', { customerId, changes }), submits.begin());
        if (!customer) return null;
        submits.drop();
        set(idle());
        options.onSaved?.(customer);
        return customer;
      },

      cancel() {
        submits.drop();
        set(idle());
      },
    };
  });
}
