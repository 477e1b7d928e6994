import { createStore, type StoreApi } from 'zustand/vanilla';
import { FollowUpResult, type FollowUp, type FollowUpOutcome } from '../../../shared/domain/followUp.js';
import type { Customer } from '../../../shared/domain/customer.js';
import type { ServiceOrder } from '../../../shared/domain/serviceOrder.js';
import type { CustomerCard, WorkstationBridge } from '../../../shared/workstationApi.js';
import { latestRequest, type StillCurrent } from '../app/latestRequest.js';
import type { RowChanges } from '../app/rowChanges.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';
import { splitFieldErrors, type FieldProblems } from '../forms/fieldErrors.js';
import { localBadInput } from '../forms/localIssues.js';

const FOLLOW_UP_FIELDS = ['satisfaction', 'remarks', 'callBackAt'] as const;
export type FollowUpField = (typeof FOLLOW_UP_FIELDS)[number];

/** One task as the list shows it: the follow-up, its customer and order (once their card is read), overdue or not. */
export interface FollowUpEntry {
  followUp: FollowUp;
  customer: Customer | null;
  order: ServiceOrder | null;
  overdue: boolean;
}

/** The list's lines at `now`: soonest due (so the most overdue) first. */
export function followUpEntries(followUps: readonly FollowUp[], cards: Readonly<Record<string, CustomerCard | null>>, now: Date): FollowUpEntry[] {
  return [...followUps]
    .sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id))
    .map((followUp) => {
      const card = cards[followUp.customerId] ?? null;
      return {
        followUp,
        customer: card?.customer ?? null,
        order: card?.orders.find((o) => o.id === followUp.orderId) ?? null,
        overdue: Date.parse(followUp.dueAt) < now.getTime(),
      };
    });
}

export interface FollowUpsState {
  panelOpen: boolean;
  phase: 'idle' | 'loading' | 'loaded' | 'error';
  /** The branch's open follow-ups as the seat last answered ('followUps.list'); the card shows its customer's. */
  followUps: FollowUp[];
  /** The customers' cards (name, phone, the order), read for the panel; null: not in the cache. */
  cards: Record<string, CustomerCard | null>;
  loadError: ErrorInfo | null;
  /** The highlighted list entry (↑↓). */
  selected: number;
  /** The follow-up whose result is being recorded (the form replaces the list); kept while the panel is closed. */
  recordingId: string | null;
  /** How the call went: done (scored) by default; no answer, call back at a time, refused. */
  outcome: FollowUpOutcome;
  satisfaction: number | null;
  remarks: string;
  /** For a call back: the time the customer asked for, as a datetime-local value (the seat's local time). */
  callBackAt: string;
  fieldErrors: FieldProblems<FollowUpField>;
  error: ErrorInfo | null;
  pending: boolean;
  /** The call placed from a follow-up, so its wrap-up can be prefilled. */
  dialled: { followUpId: string; callId: string } | null;

  openPanel(): Promise<void>;
  closePanel(): void;
  togglePanel(): void;
  /** Reads the open follow-ups again (a sync, another customer's card) without a loading state. */
  refresh(): Promise<void>;
  /**
   * Reads the list again if follow-ups changed; the cards of customers whose record or orders
   * changed are read again too.
   */
  rowsChanged(changes: RowChanges): void;
  move(delta: number): void;
  /**
   * Opens the customer's card, which lists the follow-up's order (Enter on an entry); the focus
   * stays in the panel, to dial or record the result next.
   */
  openOrder(followUpId: string): void;
  /** Calls the customer from a task: the card opens, and the result form with it. */
  dial(followUpId: string): void;
  /** Opens the result form of a task (optionally with a satisfaction already chosen: keys 1–5). */
  startResult(followUpId: string, satisfaction?: number | null): void;
  cancelResult(): void;
  set(changes: Partial<Pick<FollowUpsState, FollowUpField | 'outcome'>>): void;
  /** Records the result ('followUps.complete': offline-safe, through the seat's outbox); the task leaves the list (a call back returns at its time). */
  submit(): Promise<FollowUp | null>;
  reset(): void;
}

export type FollowUpsStore = StoreApi<FollowUpsState>;

export interface FollowUpsOptions {
  /** Shows the customer's card. */
  onOpenCustomer?: (customerId: string) => void;
  /** Dials the customer's phone for them; answers the call's id (null: no call was placed). */
  onDial?: (phone: string, customerId: string) => string | null;
  /** A result was recorded (the agent's figures count it). */
  onCompleted?: (followUp: FollowUp) => void;
}

const emptyForm = () => ({ recordingId: null, outcome: 'done' as FollowUpOutcome, satisfaction: null, remarks: '', callBackAt: '', fieldErrors: {}, error: null, pending: false });
const initial = () => ({ panelOpen: false, phase: 'idle' as const, followUps: [], cards: {}, loadError: null, selected: 0, dialled: null, ...emptyForm() });

/** The result as the contract takes it, for the chosen outcome; a datetime-local call back time read in the seat's time zone. */
function resultInput(followUpId: string, outcome: FollowUpOutcome, satisfaction: number | null, remarks: string, callBackAt: string): unknown {
  switch (outcome) {
    case 'done':
      return { followUpId, outcome, satisfaction: satisfaction ?? Number.NaN, remarks };
    case 'call_back': {
      const at = callBackAt ? new Date(callBackAt) : null;
      return { followUpId, outcome, callBackAt: at && !Number.isNaN(at.getTime()) ? at.toISOString() : '', remarks };
    }
    default:
      return { followUpId, outcome, remarks };
  }
}

export function createFollowUpsStore(bridge: WorkstationBridge, options: FollowUpsOptions = {}): FollowUpsStore {
  return createStore<FollowUpsState>()((set, get) => {
    const requests = latestRequest();

    /** The cards of customers not read yet: the panel names them and dials their phone. */
    const readCards = async (followUps: readonly FollowUp[], current: StillCurrent) => {
      const missing = [...new Set(followUps.map((f) => f.customerId))].filter((id) => !(id in get().cards));
      if (missing.length === 0) return;
      const read = await Promise.all(missing.map(async (customerId) => [customerId, await bridge.call('customers.card', { customerId })] as const));
      if (current()) set({ cards: { ...get().cards, ...Object.fromEntries(read) } });
    };

    const load = async (quiet: boolean) => {
      const current = requests.begin();
      if (!quiet) set({ phase: 'loading', loadError: null });
      try {
        const followUps = (await bridge.call('followUps.list', {})).sort((a, b) => a.dueAt.localeCompare(b.dueAt) || a.id.localeCompare(b.id));
        if (!current()) return;
        set({ phase: 'loaded', followUps, loadError: null, selected: Math.min(get().selected, Math.max(followUps.length - 1, 0)) });
        if (get().panelOpen) await readCards(followUps, current);
      } catch (error) {
        // A quiet read that fails keeps what is shown (or nothing, for the card's list).
        if (!current() || quiet) return;
        set({ phase: 'error', loadError: toErrorInfo(error) });
      }
    };

    const entryOf = (followUpId: string) => {
      const followUp = get().followUps.find((f) => f.id === followUpId);
      if (!followUp) return null;
      const card = get().cards[followUp.customerId] ?? null;
      return { followUp, card };
    };

    return {
      ...initial(),
      async openPanel() {
        set({ panelOpen: true });
        await load(get().phase !== 'loaded');
      },
      closePanel() {
        set({ panelOpen: false });
      },
      togglePanel() {
        if (get().panelOpen) get().closePanel();
        else void get().openPanel();
      },
      async refresh() {
        await load(true);
      },
      rowsChanged(changes) {
        const read = Object.keys(get().cards);
        const stale = read.filter((customerId) => changes.has('customer', [customerId]) || changes.ofCustomers('serviceOrder', [customerId]));
        if (stale.length > 0) {
          const cards = { ...get().cards };
          for (const customerId of stale) delete cards[customerId];
          set({ cards });
        }
        if (stale.length > 0 || changes.has('followUp')) void get().refresh();
      },
      move(delta) {
        const last = get().followUps.length - 1;
        if (last < 0) return;
        set({ selected: Math.min(Math.max(get().selected + delta, 0), last) });
      },
      openOrder(followUpId) {
        const entry = entryOf(followUpId);
        if (entry) options.onOpenCustomer?.(entry.followUp.customerId);
      },
      dial(followUpId) {
        const entry = entryOf(followUpId);
        if (!entry?.card) return;
        const callId = options.onDial?.(entry.card.customer.phone, entry.followUp.customerId) ?? null;
        if (!callId) return;
        set({ dialled: { followUpId, callId } });
        get().openOrder(followUpId);
        if (get().recordingId !== followUpId) get().startResult(followUpId);
      },
      startResult(followUpId, satisfaction = null) {
        if (!entryOf(followUpId)) return;
        const index = get().followUps.findIndex((f) => f.id === followUpId);
        const same = get().recordingId === followUpId;
        set({ ...(same ? {} : emptyForm()), recordingId: followUpId, selected: index, ...(satisfaction ? { satisfaction } : {}) });
      },
      cancelResult() {
        set(emptyForm());
      },
      set(changes) {
        const fieldErrors = { ...get().fieldErrors };
        for (const key of Object.keys(changes) as FollowUpField[]) delete fieldErrors[key as FollowUpField];
        set({ ...changes, fieldErrors, error: null });
      },
      async submit() {
        const { recordingId, outcome, satisfaction, remarks, callBackAt, pending } = get();
        if (!recordingId || pending) return null;
        const input = resultInput(recordingId, outcome, satisfaction, remarks, callBackAt);
        const checked = FollowUpResult.safeParse(input);
        if (!checked.success) {
          set({ fieldErrors: splitFieldErrors(localBadInput(checked.error), FOLLOW_UP_FIELDS).fields, error: null });
          return null;
        }
        set({ pending: true, error: null });
        try {
          const done = await bridge.call('followUps.complete', checked.data);
          // No answer keeps the task in the list (due again later); a call back leaves it until its time.
          const followUps = done.lastOutcome === 'no_answer' ? get().followUps.map((f) => (f.id === done.id ? done : f)) : get().followUps.filter((f) => f.id !== done.id);
          set({ ...emptyForm(), followUps, selected: Math.min(get().selected, Math.max(followUps.length - 1, 0)), dialled: get().dialled?.followUpId === done.id ? null : get().dialled });
          options.onCompleted?.(done);
          void load(true);
          return done;
        } catch (error) {
          const split = splitFieldErrors(toErrorInfo(error), FOLLOW_UP_FIELDS);
          set({ pending: false, fieldErrors: split.fields, error: split.rest });
          return null;
        }
      },
      reset() {
        requests.drop();
        set(initial());
      },
    };
  });
}
