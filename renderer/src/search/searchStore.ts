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
   * Enter in the box: the highlighted row of the list that answers the text in the box now (the
   * caller opens it). When the list still answers an older text (typed or scanned faster than the
   * debounce), searches now and gives the new answer's highlighted row once it is in; null when
   * nothing was found, or the text changed again meanwhile.
   */
  submit(): Promise<CustomerSummary | null>;
  /** Whether the shown list answers the text in the box now (↑↓ and Enter act on it only then). */
  listIsCurrent(): boolean;
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

    /** Whether the shown list answers the text in the box now, with no newer search under way. */
    const listIsCurrent = (): boolean => {
      const { query, phase, resultsFor } = get();
      return phase === 'done' && resultsFor === query.trim() && timer === undefined;
    };

    /** Searches the box's text; true when this search's answer is the one shown. */
    const run = async (keepActiveId: string | null = null): Promise<boolean> => {
      cancelTimer();
      const query = get().query.trim();
      const current = requests.begin();
      if (!query) {
        set({ phase: 'idle', results: [], resultsFor: null, error: null, active: -1 });
        return false;
      }
      set({ phase: 'loading', error: null });
      try {
        const results = await bridge.call('customers.search', { query, limit: SEARCH_LIMIT });
        if (!current()) return false;
        const kept = keepActiveId ? results.findIndex((r) => r.id === keepActiveId) : -1;
        set({ phase: 'done', results, resultsFor: query, error: null, active: kept >= 0 ? kept : results.length > 0 ? 0 : -1 });
        return true;
      } catch (error) {
        if (current()) set({ phase: 'error', results: [], resultsFor: null, error: toErrorInfo(error), active: -1 });
        return false;
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

      searchNow: async () => {
        await run();
      },

      async refresh() {
        const { query, resultsFor, results, active, phase } = get();
        if (phase !== 'done' || resultsFor === null || resultsFor !== query.trim()) return;
        await run(results[active]?.id ?? null);
      },

      listIsCurrent,

      rowsChanged(changes) {
        const shown = get().results.map((r) => r.id);
        if (changes.has('customer', shown) || changes.ofCustomers('product', shown)) void get().refresh();
      },

      async submit() {
        if (listIsCurrent()) return get().results[get().active] ?? null;
        const query = get().query.trim();
        // The answer must still be the one shown and the box unchanged: a newer text wins.
        if (!(await run()) || get().query.trim() !== query) return null;
        return get().results[get().active] ?? null;
      },

      move(delta) {
        const { results, active } = get();
        // A list that answers an older text is not the one the agent is choosing from.
        if (results.length === 0 || !listIsCurrent()) return;
        const next = active < 0 ? (delta > 0 ? 0 : results.length - 1) : active + delta;
        set({ active: Math.max(0, Math.min(results.length - 1, next)) });
      },

      setActive(index) {
        if (listIsCurrent() && index >= 0 && index < get().results.length) set({ active: index });
      },

      reset() {
        cancelTimer();
        requests.drop();
        set({ query: '', phase: 'idle', results: [], resultsFor: null, error: null, active: -1 });
      },
    };
  });
}
