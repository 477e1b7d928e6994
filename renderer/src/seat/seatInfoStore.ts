import { createStore, type StoreApi } from 'zustand/vanilla';
import type { SeatInfo, WorkstationBridge } from '../../../shared/workstationApi.js';

export interface SeatInfoState {
  /** Null until known; stays null if the seat cannot say (the UI simply shows less). */
  info: SeatInfo | null;
  load(): Promise<void>;
}

export type SeatInfoStore = StoreApi<SeatInfoState>;

export function createSeatInfoStore(bridge: WorkstationBridge): SeatInfoStore {
  return createStore<SeatInfoState>()((set, get) => ({
    info: null,
    async load() {
      if (get().info) return;
      try {
        set({ info: await bridge.call('seat.info', {}) });
      } catch (error) {
        console.warn('seat.info failed', error);
      }
    },
  }));
}
