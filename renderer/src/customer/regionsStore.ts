import { createStore, type StoreApi } from 'zustand/vanilla';
import { RegionIndex } from '../../../shared/domain/region.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';

export interface RegionsState {
  /** The seat's copy of the division code table, indexed; null until loaded. */
  index: RegionIndex | null;
  /** Loads the table once (a table still empty — never pulled — is asked again next time). */
  load(): Promise<void>;
}

export type RegionsStore = StoreApi<RegionsState>;

export function createRegionsStore(bridge: WorkstationBridge): RegionsStore {
  let loading: Promise<void> | null = null;
  return createStore<RegionsState>()((set, get) => ({
    index: null,
    load() {
      if (get().index?.size) return Promise.resolve();
      loading ??= bridge
        .call('regions.table', {})
        .then((table) => set({ index: RegionIndex.of(table) }))
        .catch(() => undefined)
        .finally(() => {
          loading = null;
        });
      return loading;
    },
  }));
}
