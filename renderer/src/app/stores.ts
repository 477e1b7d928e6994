import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { createCustomerCardStore, type CustomerCardStore } from '../customer/customerCardStore.js';
import { createSearchStore, type SearchStore } from '../search/searchStore.js';
import { createSeatInfoStore, type SeatInfoStore } from '../seat/seatInfoStore.js';
import { createSessionStore, type SessionStore } from '../session/sessionStore.js';
import { createSyncStatusStore, type SyncStatusStore } from '../sync/syncStatusStore.js';

/** Every store of the page, each made with the one bridge (a fake one in tests). */
export interface AppStores {
  session: SessionStore;
  seat: SeatInfoStore;
  sync: SyncStatusStore;
  search: SearchStore;
  card: CustomerCardStore;
}

export function createAppStores(bridge: WorkstationBridge): AppStores {
  return {
    session: createSessionStore(bridge),
    seat: createSeatInfoStore(bridge),
    sync: createSyncStatusStore(bridge),
    search: createSearchStore(bridge),
    card: createCustomerCardStore(bridge),
  };
}

export const StoresContext = createContext<AppStores | null>(null);

export function useStores(): AppStores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('useStores outside <StoresContext>');
  return stores;
}

/** Selects from one of the page's stores, e.g. `useAppStore('search', (s) => s.results)`. */
export function useAppStore<K extends keyof AppStores, U>(
  key: K,
  selector: (state: AppStores[K] extends StoreApi<infer S> ? S : never) => U,
): U {
  const store = useStores()[key] as StoreApi<AppStores[K] extends StoreApi<infer S> ? S : never>;
  return useStore(store, selector);
}
