import { createStore, type StoreApi } from 'zustand/vanilla';
import { hotlineToday } from '../../../shared/domain/kpis.js';
import type { OutletCapacityRow, OutletGapRow, OutletVolumeRow, OutletVolumeView } from '../../../shared/domain/outletNetwork.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { latestRequest } from '../app/latestRequest.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';

interface OutletNetworkQuery {
  by: OutletVolumeView;
  /** YYYY-MM, first and last month (inclusive). */
  from: string;
  to: string;
}

/** One list of the view: its rows so far, the cursor of the next page. */
interface Listing<T> {
  items: T[];
  nextCursor: string | null;
}

export interface OutletNetworkState {
  query: OutletNetworkQuery;
  phase: 'idle' | 'loading' | 'loaded' | 'error';
  volume: Listing<OutletVolumeRow>;
  capacity: Listing<OutletCapacityRow>;
  gaps: Listing<OutletGapRow>;
  computedAt: string | null;
  error: ErrorInfo | null;
  /** Reads the three lists again from their first pages. */
  load(): Promise<void>;
  setQuery(change: Partial<OutletNetworkQuery>): Promise<void>;
  more(list: 'volume' | 'capacity' | 'gaps'): Promise<void>;
  reset(): void;
}

export type OutletNetworkStore = StoreApi<OutletNetworkState>;

const PAGE = 100;
/** Months shown by default: the last six, this one included. */
const DEFAULT_MONTHS = 6;

function defaultQuery(now: Date): OutletNetworkQuery {
  const today = hotlineToday(now);
  const index = Number(today.slice(0, 4)) * 12 + Number(today.slice(5, 7)) - 1 - (DEFAULT_MONTHS - 1);
  return { by: 'region', from: `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`, to: today.slice(0, 7) };
}

const empty = <T,>(): Listing<T> => ({ items: [], nextCursor: null });

/** Headquarters' outlet network in the desk (shared/domain/outletNetwork.ts): online only, from the backend. */
export function createOutletNetworkStore(bridge: WorkstationBridge, now: () => Date = () => new Date()): OutletNetworkStore {
  const initial = () => ({ query: defaultQuery(now()), phase: 'idle' as const, volume: empty<OutletVolumeRow>(), capacity: empty<OutletCapacityRow>(), gaps: empty<OutletGapRow>(), computedAt: null, error: null });
  return createStore<OutletNetworkState>()((set, get) => {
    const requests = latestRequest();
    return {
      ...initial(),
      async load() {
        const current = requests.begin();
        set({ phase: 'loading', error: null });
        try {
          const { query } = get();
          const [volume, capacity, gaps] = await Promise.all([
            bridge.call('outletNetwork.volume', { ...query, limit: PAGE }),
            bridge.call('outletNetwork.capacity', { limit: PAGE }),
            bridge.call('outletNetwork.gaps', { limit: PAGE }),
          ]);
          if (!current()) return;
          set({ phase: 'loaded', volume, capacity, gaps, computedAt: volume.computedAt, error: null });
        } catch (error) {
          if (current()) set({ phase: 'error', error: toErrorInfo(error) });
        }
      },
      async setQuery(change) {
        set((s) => ({ query: { ...s.query, ...change } }));
        await get().load();
      },
      async more(list) {
        const cursor = get()[list].nextCursor;
        if (!cursor) return;
        const current = requests.join();
        try {
          const page =
            list === 'volume'
              ? await bridge.call('outletNetwork.volume', { ...get().query, limit: PAGE, cursor })
              : list === 'capacity'
                ? await bridge.call('outletNetwork.capacity', { limit: PAGE, cursor })
                : await bridge.call('outletNetwork.gaps', { limit: PAGE, cursor });
          if (!current()) return;
          set((s) => ({ [list]: { items: [...s[list].items, ...page.items], nextCursor: page.nextCursor } }) as Partial<OutletNetworkState>);
        } catch (error) {
          if (current()) set({ error: toErrorInfo(error) });
        }
      },
      reset() {
        requests.drop();
        set(initial());
      },
    };
  });
}
