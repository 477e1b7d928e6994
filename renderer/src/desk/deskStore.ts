import { createStore, type StoreApi } from 'zustand/vanilla';
import { hotlineToday, type KpiDimension, type KpiLaterFamily, type KpiFigure, type KpiOrder, type KpiPeriod, type KpiRow } from '../../../shared/domain/kpis.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { latestRequest } from '../app/latestRequest.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';

interface DeskQuery {
  period: KpiPeriod;
  by: KpiDimension;
  from: string;
  to: string;
}

/** The orders behind one figure of one row, as the drill-down shows them. */
interface DeskDrill {
  row: KpiRow;
  figure: KpiFigure;
  phase: 'loading' | 'loaded' | 'error';
  orders: KpiOrder[];
  nextCursor: string | null;
  error: ErrorInfo | null;
}

export interface DeskState {
  panelOpen: boolean;
  query: DeskQuery;
  phase: 'idle' | 'loading' | 'loaded' | 'error';
  rows: KpiRow[];
  nextCursor: string | null;
  /** When the backend computed the figures shown. */
  computedAt: string | null;
  /** False: the backend was unreachable and these are the figures the seat kept from computedAt. */
  fresh: boolean;
  /** Families the kept figures lack (kept by an older build): shown as not known. */
  missing: KpiLaterFamily[];
  error: ErrorInfo | null;
  drill: DeskDrill | null;
  openPanel(): Promise<void>;
  closePanel(): void;
  togglePanel(): void;
  /** Changes the period, grouping or range and reads the figures again (a new period brings its usual range). */
  setQuery(change: Partial<DeskQuery>): Promise<void>;
  reload(): Promise<void>;
  loadMore(): Promise<void>;
  openDrill(row: KpiRow, figure: KpiFigure): Promise<void>;
  moreDrill(): Promise<void>;
  closeDrill(): void;
  /** Opens the customer's card of an order behind a figure (and closes the desk). */
  openCustomer(customerId: string): void;
  reset(): void;
}

export type DeskStore = StoreApi<DeskState>;

const PAGE = 100;
const DRILL_PAGE = 50;
/** How far back each period looks by default: a week of days, eight weeks, six months. */
const DEFAULT_SPAN_DAYS: Record<KpiPeriod, number> = { day: 7, week: 56, month: 183 };

function defaultRange(period: KpiPeriod, now: Date): { from: string; to: string } {
  const to = hotlineToday(now);
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - (DEFAULT_SPAN_DAYS[period] - 1) * 86_400_000).toISOString().slice(0, 10);
  return { from, to };
}

export interface DeskOptions {
  /** The grouping a role starts with (headquarters: by branch). */
  defaultDimension(): KpiDimension;
  onOpenCustomer?: (customerId: string) => void;
  now?: () => Date;
}

/** The supervisor's and headquarters' desk (docs/architecture.md §10): figures by period and group, the orders behind a figure. */
export function createDeskStore(bridge: WorkstationBridge, options: DeskOptions): DeskStore {
  const now = options.now ?? (() => new Date());
  const initialQuery = (by: KpiDimension): DeskQuery => ({ period: 'day', by, ...defaultRange('day', now()) });
  // The role's grouping is asked for at the first opening (no session yet when the stores are made).
  const initial = () => ({ panelOpen: false, query: initialQuery('agent'), phase: 'idle' as const, rows: [], nextCursor: null, computedAt: null, fresh: true, missing: [] as KpiLaterFamily[], error: null, drill: null });

  return createStore<DeskState>()((set, get) => {
    const requests = latestRequest();
    const drills = latestRequest();

    const load = async (cursor: string | null) => {
      const current = cursor === null ? requests.begin() : requests.join();
      if (cursor === null) set({ phase: 'loading', error: null });
      try {
        const { query } = get();
        const { page, fresh, missing } = await bridge.call('desk.figures', { ...query, limit: PAGE, ...(cursor ? { cursor } : {}) });
        if (!current()) return;
        set((s) => ({
          phase: 'loaded',
          rows: cursor ? [...s.rows, ...page.items] : page.items,
          nextCursor: page.nextCursor,
          computedAt: page.computedAt,
          fresh,
          missing: cursor ? [...new Set([...s.missing, ...missing])] : missing,
          error: null,
        }));
      } catch (error) {
        if (current()) set({ phase: 'error', error: toErrorInfo(error) });
      }
    };

    const loadDrill = async (cursor: string | null) => {
      const drill = get().drill;
      if (!drill) return;
      const current = cursor === null ? drills.begin() : drills.join();
      const { query } = get();
      try {
        const page = await bridge.call('desk.figureOrders', {
          figure: drill.figure,
          period: query.period,
          start: drill.row.period,
          by: query.by,
          key: drill.row.key,
          limit: DRILL_PAGE,
          ...(cursor ? { cursor } : {}),
        });
        if (!current()) return;
        set((s) => (s.drill ? { drill: { ...s.drill, phase: 'loaded', orders: cursor ? [...s.drill.orders, ...page.items] : page.items, nextCursor: page.nextCursor, error: null } } : {}));
      } catch (error) {
        if (current()) set((s) => (s.drill ? { drill: { ...s.drill, phase: 'error', error: toErrorInfo(error) } } : {}));
      }
    };

    return {
      ...initial(),
      async openPanel() {
        // The role is known once signed in: the first opening starts from its grouping.
        set(get().phase === 'idle' ? { panelOpen: true, query: initialQuery(options.defaultDimension()) } : { panelOpen: true });
        await load(null);
      },
      closePanel() {
        requests.drop();
        drills.drop();
        set({ panelOpen: false, drill: null });
      },
      togglePanel() {
        if (get().panelOpen) get().closePanel();
        else void get().openPanel();
      },
      async setQuery(change) {
        const range = change.period && change.period !== get().query.period && !change.from && !change.to ? defaultRange(change.period, now()) : {};
        set((s) => ({ query: { ...s.query, ...range, ...change }, drill: null }));
        await load(null);
      },
      reload: () => load(null),
      async loadMore() {
        const { nextCursor } = get();
        if (nextCursor) await load(nextCursor);
      },
      async openDrill(row, figure) {
        set({ drill: { row, figure, phase: 'loading', orders: [], nextCursor: null, error: null } });
        await loadDrill(null);
      },
      async moreDrill() {
        const cursor = get().drill?.nextCursor;
        if (cursor) await loadDrill(cursor);
      },
      closeDrill() {
        drills.drop();
        set({ drill: null });
      },
      openCustomer(customerId) {
        get().closePanel();
        options.onOpenCustomer?.(customerId);
      },
      reset() {
        requests.drop();
        drills.drop();
        set(initial());
      },
    };
  });
}
