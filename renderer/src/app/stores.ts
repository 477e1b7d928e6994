import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { StoreApi } from 'zustand/vanilla';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { createCustomerCardStore, type CustomerCardState } from '../customer/customerCardStore.js';
import { createSearchStore, type SearchState } from '../search/searchStore.js';
import { createSeatInfoStore, type SeatInfoState } from '../seat/seatInfoStore.js';
import { createSessionStore, type SessionState } from '../session/sessionStore.js';
import { createSyncStatusStore, type SyncStatusState } from '../sync/syncStatusStore.js';

interface AppStates {
  session: SessionState;
  seat: SeatInfoState;
  sync: SyncStatusState;
  search: SearchState;
  card: CustomerCardState;
}

/** Every store of the page, each made with the one bridge (a fake one in tests). */
export type AppStores = { [K in keyof AppStates]: StoreApi<AppStates[K]> };

export function createAppStores(bridge: WorkstationBridge): AppStores {
  const stores: AppStores = {
    session: createSessionStore(bridge),
    seat: createSeatInfoStore(bridge),
    sync: createSyncStatusStore(bridge),
    search: createSearchStore(bridge),
    card: createCustomerCardStore(bridge),
  };
  // Signing out (or the session ending) leaves nothing of the last customer on screen.
  stores.session.subscribe((now, before) => {
    if (before.phase === 'logged_in' && now.phase !== 'logged_in') {
      stores.search.getState().reset();
      stores.card.getState().close();
    }
  });
  // A finished sync may have changed the customer being looked at: reload the open card in place.
  stores.sync.subscribe((now, before) => {
    if (before.status && now.status && now.status.lastSyncAt !== before.status.lastSyncAt) {
      void stores.card.getState().refresh();
    }
  });
  return stores;
}

export const StoresContext = createContext<AppStores | null>(null);

export function useStores(): AppStores {
  const stores = useContext(StoresContext);
  if (!stores) throw new Error('useStores outside <StoresContext>');
  return stores;
}

/** Selects from one of the page's stores, e.g. `useAppStore('search', (s) => s.results)`. */
export function useAppStore<K extends keyof AppStates, U>(key: K, selector: (state: AppStates[K]) => U): U {
  const store: StoreApi<AppStates[K]> = useStores()[key];
  return useStore(store, selector);
}
