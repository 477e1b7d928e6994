import { createStore, type StoreApi } from 'zustand/vanilla';
import type { MyWork } from '../../../shared/domain/myWork.js';
import type { PartsRequestStatus } from '../../../shared/domain/partsRequest.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { latestRequest } from '../app/latestRequest.js';
import type { RowChanges } from '../app/rowChanges.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';

/** One line of My work, in the order the screen shows them (↑↓ walk them all). */
export type MyWorkRow =
  | { kind: 'handover'; key: string; customerId: string; orderId: string }
  | { kind: 'order'; key: string; customerId: string; orderId: string }
  | { kind: 'followUp'; key: string; customerId: string; orderId: string }
  | { kind: 'campaignCallBack'; key: string; customerId: string; targetId: string }
  | { kind: 'complaint'; key: string; customerId: string; complaintId: string }
  | { kind: 'partsRequest'; key: string; customerId: string; orderId: string }
  | { kind: 'conflict'; key: string };

/** The screen's lines, top to bottom: handovers, my orders, follow-ups, campaign call backs, complaints, parts requests, conflicts. */
export function myWorkRows(work: MyWork | null): MyWorkRow[] {
  if (!work) return [];
  return [
    ...work.handovers.map((h) => ({ kind: 'handover' as const, key: `handover-${h.eventId}`, customerId: h.customerId, orderId: h.orderId })),
    ...work.orders.map((o) => ({ kind: 'order' as const, key: `order-${o.order.id}`, customerId: o.order.customerId, orderId: o.order.id })),
    ...work.followUps.map((f) => ({ kind: 'followUp' as const, key: `followUp-${f.followUp.id}`, customerId: f.followUp.customerId, orderId: f.followUp.orderId })),
    ...work.campaignCallBacks.map((c) => ({ kind: 'campaignCallBack' as const, key: `campaignCallBack-${c.target.id}`, customerId: c.target.customerId, targetId: c.target.id })),
    ...work.complaints.map((c) => ({ kind: 'complaint' as const, key: `complaint-${c.complaint.id}`, customerId: c.complaint.customerId, complaintId: c.complaint.id })),
    ...work.partsRequests.map((p) => ({ kind: 'partsRequest' as const, key: `parts-${p.id}`, customerId: p.customerId, orderId: p.orderId })),
    ...work.conflicts.map((c) => ({ kind: 'conflict' as const, key: `conflict-${c.id}` })),
  ];
}

/** Something that arrived for the agent: a badge in the header, and a desktop notification. */
export type MyWorkNotice = { id: number } & (
  | { kind: 'handover'; orderNumber: string; fromAgentName: string | null; byAgentName: string | null; note: string | null; count: number }
  | { kind: 'partsRequest'; orderNumber: string; partNumber: string; status: PartsRequestStatus }
  | { kind: 'conflict'; count: number }
  | CallBackDue
);

/** A call back whose time has come (a campaign's, or a follow-up's): the in-app reminder, a badge, a desktop notification. */
interface CallBackDue {
  kind: 'callBack';
  /** The row's key in My work (Enter on the reminder opens it). */
  rowKey: string;
  customerName: string;
  /** The campaign's name, or the order number of a follow-up. */
  about: string;
  at: string;
}

/** The longest a reminder's timer waits before the list is looked at again (setTimeout's limit is ~24.8 days). */
const REMINDER_RECHECK_MS = 3_600_000;

/** The call backs My work lists, each with the time it is due. */
function callBacksOf(work: MyWork): CallBackDue[] {
  return [
    ...work.campaignCallBacks.flatMap((c) =>
      c.target.callBackAt ? [{ kind: 'callBack' as const, rowKey: `campaignCallBack-${c.target.id}`, customerName: c.customerName, about: c.campaignName, at: c.target.callBackAt }] : [],
    ),
    ...work.followUps.filter((f) => f.callBack).map((f) => ({ kind: 'callBack' as const, rowKey: `followUp-${f.followUp.id}`, customerName: f.customerName, about: f.orderNumber, at: f.followUp.dueAt })),
  ];
}
type NewNotice = MyWorkNotice extends infer N ? (N extends MyWorkNotice ? Omit<N, 'id'> : never) : never;

export interface MyWorkState {
  /** My work fills the card pane (after login, and on Alt+1); a card opened from anywhere takes the pane back. */
  shown: boolean;
  phase: 'idle' | 'loading' | 'loaded' | 'error';
  work: MyWork | null;
  error: ErrorInfo | null;
  /** The highlighted row (↑↓), an index into myWorkRows(work). */
  selected: number;
  /** What arrived since the agent last looked at My work (the header's badge); the newest last. */
  notices: MyWorkNotice[];
  /** Counts up each time the list should take the focus (Alt+1, the header's button). */
  focusRequest: number;
  /** Call backs whose time has come, until the agent opens or dismisses them (the reminder on screen); the newest last. */
  reminders: Array<CallBackDue & { id: number }>;
  /** Opens the reminder's row (its customer, at the item); the reminder goes. */
  openReminder(id: number): void;
  dismissReminder(id: number): void;
  /** Shows My work (read again); `focus`: the selected row takes the focus. */
  show(options?: { focus?: boolean }): Promise<void>;
  /** Leaves My work: the handovers it showed are looked at (no longer new). */
  hide(): void;
  toggle(): void;
  /** Reads My work again without a loading state (counts in the header, notifications): when rows it lists may have changed. */
  refresh(): Promise<void>;
  rowsChanged(changes: RowChanges): void;
  move(delta: number): void;
  select(index: number): void;
  /** Opens the customer's card at the row's item (Enter on a row, or a click); My work steps aside. */
  open(index?: number): void;
  reset(): void;
}

export type MyWorkStore = StoreApi<MyWorkState>;

export interface MyWorkOptions {
  /** Shows the customer's card at this order (its timeline open). */
  onOpenOrder?: (customerId: string, orderId: string) => void;
  /** Shows the customer's card at this complaint (its row in the card's complaints). */
  onOpenComplaint?: (customerId: string, complaintId: string) => void;
  /** The conflicts waiting for the agent (the sync problems panel). */
  onOpenConflicts?: () => void;
  /** Opens the campaign target to call back (preview dialing at it, the customer's card behind). */
  onOpenCampaignTarget?: (customerId: string, targetId: string) => void;
  /** The clock (tests move it). */
  now?: () => number;
}

/** The entities whose rows My work lists: a change notice naming none of them reloads nothing. */
const LISTED = ['serviceOrder', 'orderEvent', 'followUp', 'campaignTarget', 'complaint', 'partsRequest', 'conflict', 'note', 'customer'] as const;

const initial = () => ({ shown: false, phase: 'idle' as const, work: null, error: null, selected: 0, notices: [], focusRequest: 0, reminders: [] });

export function createMyWorkStore(bridge: WorkstationBridge, options: MyWorkOptions = {}): MyWorkStore {
  return createStore<MyWorkState>()((set, get) => {
    const requests = latestRequest();
    let refreshing: Promise<void> | null = null;
    let refreshAgain = false;
    let noticeId = 0;
    // What the agent has been told of already (a notice once per handover, status, conflict).
    let primed = false;
    let toldHandovers = new Set<string>();
    let partsStatuses = new Map<string, PartsRequestStatus>();
    let toldConflicts = new Set<string>();
    // Call backs already reminded of, by row key and time (a call back moved to a later time reminds again).
    let remindedCallBacks = new Set<string>();
    let reminderTimer: ReturnType<typeof setTimeout> | null = null;
    const now = options.now ?? Date.now;

    /** Reminds of every call back whose time has come, then waits for the next one's time. */
    const remindDue = () => {
      if (reminderTimer !== null) clearTimeout(reminderTimer);
      reminderTimer = null;
      const work = get().work;
      if (!work) return;
      const at = now();
      const all = callBacksOf(work);
      const due = all.filter((c) => Date.parse(c.at) <= at && !remindedCallBacks.has(`${c.rowKey}@${c.at}`));
      if (due.length > 0) {
        for (const c of due) remindedCallBacks.add(`${c.rowKey}@${c.at}`);
        const fresh = due.map((c) => ({ ...c, id: ++noticeId }));
        set((s) => ({ notices: [...s.notices, ...fresh], reminders: [...s.reminders, ...fresh] }));
      }
      const next = Math.min(...all.map((c) => Date.parse(c.at)).filter((t) => t > at));
      if (Number.isFinite(next)) reminderTimer = setTimeout(remindDue, Math.min(next - at, REMINDER_RECHECK_MS));
    };

    const noticesFrom = (work: MyWork): NewNotice[] => {
      const notices: NewNotice[] = [];
      const arrived = work.handovers.filter((h) => h.isNew && !toldHandovers.has(h.eventId));
      const first = arrived[0];
      if (first) notices.push({ kind: 'handover', orderNumber: first.orderNumber, fromAgentName: first.fromAgentName, byAgentName: first.byAgentName, note: first.note, count: arrived.length });
      // Statuses seen at the first read are the starting point: a notice is for a change seen here.
      if (primed) {
        for (const p of work.partsRequests) {
          const before = partsStatuses.get(p.id);
          if (before !== undefined && before !== p.status) notices.push({ kind: 'partsRequest', orderNumber: p.orderNumber, partNumber: p.partNumber, status: p.status });
        }
      }
      const waiting = work.conflicts.filter((c) => !toldConflicts.has(c.id));
      if (waiting.length > 0) notices.push({ kind: 'conflict', count: waiting.length });
      toldHandovers = new Set([...toldHandovers, ...arrived.map((h) => h.eventId)]);
      partsStatuses = new Map(work.partsRequests.map((p) => [p.id, p.status]));
      toldConflicts = new Set(work.conflicts.map((c) => c.id));
      primed = true;
      return notices;
    };

    const load = async (quiet: boolean) => {
      const current = requests.begin();
      if (!quiet) set({ phase: 'loading', error: null });
      try {
        const work = await bridge.call('myWork.show', {});
        if (!current()) return;
        const arrived = noticesFrom(work);
        const rows = myWorkRows(work).length;
        set((s) => ({
          phase: 'loaded',
          work,
          error: null,
          selected: Math.min(s.selected, Math.max(0, rows - 1)),
          notices: arrived.length === 0 ? s.notices : [...s.notices, ...arrived.map((n) => ({ ...n, id: ++noticeId }) as MyWorkNotice)],
        }));
        remindDue();
      } catch (error) {
        if (!current() || (quiet && get().phase === 'loaded')) return;
        set({ phase: 'error', error: toErrorInfo(error) });
      }
    };

    /** The agent saw the list: its handovers are no longer new, and the badge is cleared. */
    const looked = () => {
      const work = get().work;
      const newest = Math.max(0, ...(work?.handovers.filter((h) => h.isNew).map((h) => h.eventVersion) ?? []));
      set({ notices: [] });
      if (newest > 0) {
        // Shown as seen at once; a read under way answers from before: it is dropped, and the
        // list read again once the seat keeps the mark.
        requests.drop();
        set((s) => (s.work ? { work: { ...s.work, handovers: s.work.handovers.map((h) => (h.eventVersion <= newest ? { ...h, isNew: false } : h)), counts: { ...s.work.counts, newHandovers: s.work.handovers.filter((h) => h.isNew && h.eventVersion > newest).length } } } : {}));
        void bridge
          .call('myWork.markLooked', { upToVersion: newest })
          .then(() => get().refresh())
          .catch(() => undefined);
      }
    };

    return {
      ...initial(),
      async show(how = {}) {
        set((s) => ({ shown: true, selected: s.shown ? s.selected : 0, focusRequest: how.focus ? s.focusRequest + 1 : s.focusRequest }));
        await load(get().work === null);
      },
      hide() {
        if (!get().shown) return;
        looked();
        set({ shown: false });
      },
      toggle() {
        if (get().shown) get().hide();
        else void get().show();
      },
      refresh() {
        // Change notices come in bursts (a sync's pages): one read at a time, and one more after it if any came meanwhile.
        if (refreshing) {
          refreshAgain = true;
          return refreshing;
        }
        refreshing = (async () => {
          do {
            refreshAgain = false;
            await load(true);
          } while (refreshAgain);
        })().finally(() => {
          refreshing = null;
        });
        return refreshing;
      },
      rowsChanged(changes) {
        if (LISTED.some((entity) => changes.has(entity))) void get().refresh();
      },
      move(delta) {
        const count = myWorkRows(get().work).length;
        if (count === 0) return;
        set((s) => ({ selected: Math.min(Math.max(s.selected + delta, 0), count - 1) }));
      },
      select(index) {
        set({ selected: index });
      },
      open(index) {
        const row = myWorkRows(get().work)[index ?? get().selected];
        if (!row) return;
        set({ selected: index ?? get().selected });
        // Opening a row is looking at My work, whatever else moved the pane meanwhile.
        looked();
        get().hide();
        if (row.kind === 'conflict') options.onOpenConflicts?.();
        else if (row.kind === 'complaint') options.onOpenComplaint?.(row.customerId, row.complaintId);
        else if (row.kind === 'campaignCallBack') options.onOpenCampaignTarget?.(row.customerId, row.targetId);
        else options.onOpenOrder?.(row.customerId, row.orderId);
      },
      openReminder(id) {
        const reminder = get().reminders.find((r) => r.id === id);
        get().dismissReminder(id);
        const index = myWorkRows(get().work).findIndex((r) => r.key === reminder?.rowKey);
        if (index >= 0) get().open(index);
      },
      dismissReminder(id) {
        set((s) => ({ reminders: s.reminders.filter((r) => r.id !== id) }));
      },
      reset() {
        if (reminderTimer !== null) clearTimeout(reminderTimer);
        reminderTimer = null;
        remindedCallBacks = new Set();
        requests.drop();
        primed = false;
        toldHandovers = new Set();
        partsStatuses = new Map();
        toldConflicts = new Set();
        set(initial());
      },
    };
  });
}
