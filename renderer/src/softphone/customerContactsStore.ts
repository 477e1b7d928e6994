import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Interaction } from '../../../shared/domain/interaction.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';

/** The open customer's past contacts (calls, missed ones included), newest first, from the seat cache. */
export interface CustomerContactsState {
  customerId: string | null;
  contacts: Interaction[];
  error: ErrorInfo | null;
  /** Shows this customer's contacts (null: none). */
  show(customerId: string | null): Promise<void>;
  /** Reads them again (a call was saved, a sync brought news). */
  refresh(): Promise<void>;
}

export type CustomerContactsStore = StoreApi<CustomerContactsState>;

export function createCustomerContactsStore(bridge: WorkstationBridge): CustomerContactsStore {
  return createStore<CustomerContactsState>()((set, get) => {
    let latest = 0;
    const load = async (customerId: string | null) => {
      const mine = ++latest;
      if (customerId !== get().customerId) set({ customerId, contacts: [], error: null });
      if (!customerId) return;
      try {
        const contacts = await bridge.call('interactions.ofCustomer', { customerId, limit: 20 });
        if (mine === latest) set({ contacts, error: null });
      } catch (error) {
        if (mine === latest) set({ error: toErrorInfo(error) });
      }
    };
    return {
      customerId: null,
      contacts: [],
      error: null,
      show: load,
      refresh: () => load(get().customerId),
    };
  });
}
