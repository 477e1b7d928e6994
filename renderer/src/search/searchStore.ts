import { createStore, type StoreApi } from 'zustand/vanilla';
import type { CustomerSummary, WorkstationBridge } from '../../../shared/workstationApi.js';
import { latestRequest } from '../app/latestRequest.js';
import type { RowChanges } from '../app/rowChanges.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';

export const SEARCH_DEBOUNCE_MS = 250;
const SEARCH_LIMIT = 50;
export const SEARCH_MAX_LENGTH = 100;

type SearchPhase = 'idle' | 'loading' | 'done' | 'error';

export interface SearchState {
  /** The text in the search box, as typed. */
  query: string;
  phase: SearchPhase;
  /** Results of the last finished search; kept while the next one loads, so the list does not flicker. */
  results: CustomerSummary[];
  /** The (trimmed) query that `results` answer; null when there are none. */
  resultsFor: string | null;
  error: ErrorInfo | null;
  /** The highlighted row (↑/↓), -1 when none. */
  active: number;

  /** The box changed. Searches after a pause in typing unless `debounce` is false (e.g. mid-IME). */
  setQuery(text: string, options?: { debounce?: boolean }): void;
  /** Searches for the current text at once. */
  searchNow(): Promise<void>;
  /**
   * Runs the shown search again (a customer was created or changed), keeping the highlighted
   * customer highlighted; nothing when no results are shown for the text in the box.
   */
  refresh(): Promise<void>;
  /** Runs the shown search again if a customer in the results, or one of their products, changed. */
  rowsChanged(changes: RowChanges): void;
  /**
   * Enter in the box: when the list already answers the text and a row is highlighted, that row
   * (the caller opens it); otherwise searches now and returns null.
   */
  submit(): CustomerSummary | null;
  move(delta: number): void;
  setActive(index: number): void;
  reset(): void;
}

export type SearchStore = StoreApi<SearchState>;

export interface SearchStoreOptions {
  debounceMs?: number;
}

export function createSearchStore(bridge: WorkstationBridge, options: SearchStoreOptions = {}): SearchStore {
  const debounceMs = options.debounceMs ?? SEARCH_DEBOUNCE_MS;

  return createStore<SearchState>()((set, get) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    /** Only the newest request may write results: typing fast must not show an older answer last. */
    const requests = latestRequest();

    const cancelTimer = () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    };

    const run = async (keepActiveId: string | null = null): Promise<void> => {
      cancelTimer();
      const query = get().query.trim();
      const current = requests.begin();
      if (!query) {
        set({ phase: 'idle', results: [], resultsFor: null, error: null, active: -1 });
        return;
      }
      set({ phase: 'loading', error: null });
      try {
        const results = await bridge.call('customers.search', { query, limit: SEARCH_LIMIT });
        if (!current()) return;
        const kept = keepActiveId ? results.findIndex((r) => r.id === keepActiveId) : -1;
        set({ phase: 'done', results, resultsFor: query, error: null, active: kept >= 0 ? kept : results.length > 0 ? 0 : -1 });
      } catch (error) {
        if (!current()) return;
        set({ phase: 'error', results: [], resultsFor: null, error: toErrorInfo(error), active: -1 });
      }
    };

    return {
      query: '',
      phase: 'idle',
      results: [],
      resultsFor: null,
      error: null,
      active: -1,

      setQuery(text, { debounce = true } = {}) {
        const query = text.slice(0, SEARCH_MAX_LENGTH);
        set({ query });
        cancelTimer();
        if (!debounce) return;
        const { phase, resultsFor } = get();
        if (!query.trim()) void run(); // clears at once
        else if (!(phase === 'done' && resultsFor === query.trim())) timer = setTimeout(() => void run(), debounceMs);
      },

      searchNow: () => run(),

      async refresh() {
        const { query, resultsFor, results, active, phase } = get();
        if (phase !== 'done' || resultsFor === null || resultsFor !== query.trim()) return;
        await run(results[active]?.id ?? null);
      },

      rowsChanged(changes) {
        const shown = get().results.map((r) => r.id);
        if (changes.has('customer', shown) || changes.ofCustomers('product', shown)) void get().refresh();
      },

      submit() {
        const { query, phase, results, resultsFor, active } = get();
        if (phase === 'done' && resultsFor === query.trim() && timer === undefined) {
          const row = results[active];
          if (row) return row;
        }
        void run();
        return null;
      },

      move(delta) {
        const { results, active } = get();
        if (results.length === 0) return;
        const next = active < 0 ? (delta > 0 ? 0 : results.length - 1) : active + delta;
        set({ active: Math.max(0, Math.min(results.length - 1, next)) });
      },

      setActive(index) {
        if (index >= 0 && index < get().results.length) set({ active: index });
      },

      reset() {
        cancelTimer();
        requests.drop();
        set({ query: '', phase: 'idle', results: [], resultsFor: null, error: null, active: -1 });
      },
    };
  });
}
