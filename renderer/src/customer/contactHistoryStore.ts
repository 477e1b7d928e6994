import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ContactHistoryEntry, ContactHistoryKind } from '../../../shared/domain/contactHistory.js';
import { manualContactRefusal, type ManualContactChannel } from '../../../shared/domain/interaction.js';
import { refusalMessage } from '../../../shared/domain/refusal.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { latestRequest } from '../app/latestRequest.js';
import type { RowChanges } from '../app/rowChanges.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';

/** Entries per page: "more" reads the next page. */
const HISTORY_PAGE = 50;

/** The entities whose rows make a customer's history (order events are found by the customer's orders). */
const CUSTOMER_ROWS = ['interaction', 'note', 'followUp', 'campaignTarget', 'complaint', 'complaintStep', 'serviceOrder'] as const;

export interface ContactHistoryState {
  customerId: string | null;
  phase: 'idle' | 'loading' | 'loaded' | 'error';
  entries: ContactHistoryEntry[];
  more: boolean;
  /** Only these kinds (empty: every kind). */
  kinds: ContactHistoryKind[];
  loadError: ErrorInfo | null;
  /** The contact being recorded by hand. */
  channel: ManualContactChannel;
  text: string;
  formError: ErrorInfo | null;
  pending: boolean;
  show(customerId: string | null): Promise<void>;
  toggleKind(kind: ContactHistoryKind): Promise<void>;
  allKinds(): Promise<void>;
  loadMore(): Promise<void>;
  set(changes: Partial<Pick<ContactHistoryState, 'channel' | 'text'>>): void;
  record(): Promise<boolean>;
  refresh(): Promise<void>;
  /** Reads the history again when a row of the customer (or of their orders) came. */
  rowsChanged(changes: RowChanges, orderIds: readonly string[]): void;
}

export type ContactHistoryStore = StoreApi<ContactHistoryState>;

const emptyForm = () => ({ text: '', formError: null, pending: false });

export function createContactHistoryStore(bridge: WorkstationBridge, now: () => Date = () => new Date()): ContactHistoryStore {
  return createStore<ContactHistoryState>()((set, get) => {
    const loads = latestRequest();
    /** Reads the first `count` entries (the pages shown so far), newest first. */
    const load = async (quiet: boolean, count = Math.max(HISTORY_PAGE, get().entries.length)) => {
      const { customerId, kinds } = get();
      if (!customerId) return;
      const current = loads.begin();
      if (!quiet) set({ phase: 'loading', loadError: null });
      try {
        const page = await bridge.call('contacts.history', { customerId, kinds, offset: 0, limit: Math.min(count, 200) });
        if (!current()) return;
        set({ phase: 'loaded', entries: page.entries, more: page.more, loadError: null });
      } catch (error) {
        if (current() && !(quiet && get().phase === 'loaded')) set({ phase: 'error', loadError: toErrorInfo(error) });
      }
    };
    return {
      customerId: null,
      phase: 'idle',
      entries: [],
      more: false,
      kinds: [],
      loadError: null,
      channel: 'outlet_visit',
      ...emptyForm(),
      async show(customerId) {
        loads.drop();
        set({ customerId, phase: 'idle', entries: [], more: false, kinds: [], loadError: null, ...emptyForm() });
        await load(false, HISTORY_PAGE);
      },
      async toggleKind(kind) {
        const { kinds } = get();
        set({ kinds: kinds.includes(kind) ? kinds.filter((k) => k !== kind) : [...kinds, kind] });
        await load(false, HISTORY_PAGE);
      },
      async allKinds() {
        set({ kinds: [] });
        await load(false, HISTORY_PAGE);
      },
      async loadMore() {
        const { customerId, kinds, entries, more } = get();
        if (!customerId || !more) return;
        const current = loads.join();
        try {
          const page = await bridge.call('contacts.history', { customerId, kinds, offset: entries.length, limit: HISTORY_PAGE });
          if (!current()) return;
          const known = new Set(entries.map((e) => e.key));
          set({ entries: [...entries, ...page.entries.filter((e) => !known.has(e.key))], more: page.more });
        } catch (error) {
          if (current()) set({ loadError: toErrorInfo(error) });
        }
      },
      set(changes) {
        set({ ...changes, formError: null });
      },
      async record() {
        const { customerId, channel, text, pending } = get();
        if (!customerId || pending) return false;
        // The same rule the seat applies, worded at once in the agent's language.
        const refused = manualContactRefusal({ text, at: null }, now());
        if (refused) {
          set({ formError: { code: 'bad_input', message: refusalMessage(refused), details: refused } });
          return false;
        }
        set({ pending: true, formError: null });
        try {
          await bridge.call('contacts.record', { customerId, channel, text });
          set({ ...emptyForm() });
          await load(true);
          return true;
        } catch (error) {
          set({ pending: false, formError: toErrorInfo(error) });
          return false;
        }
      },
      async refresh() {
        await load(true);
      },
      rowsChanged(changes, orderIds) {
        const { customerId } = get();
        if (!customerId) return;
        if (CUSTOMER_ROWS.some((entity) => changes.ofCustomers(entity, [customerId])) || changes.ofOrders('orderEvent', orderIds)) void get().refresh();
      },
    };
  });
}
