import { createStore, type StoreApi } from 'zustand/vanilla';
import { nextDeadline, type SlaStage } from '../../../shared/domain/orderSla.js';
import type { FollowUp } from '../../../shared/domain/followUp.js';
import type { ServiceOrder } from '../../../shared/domain/serviceOrder.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { latestRequest } from '../app/latestRequest.js';
import type { RowChanges } from '../app/rowChanges.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';

/** One overdue order as the list shows it: which timer ran out (the longest overdue, if several), when, and how long ago. */
export interface OverdueEntry {
  order: ServiceOrder;
  timer: SlaStage;
  dueAt: string;
  overdueMs: number;
}

/**
 * The list's lines at `now`, longest overdue first. The seat answered at its own moment; an order
 * no longer overdue by now (its timer cannot stop by itself, but the order may have moved on
 * here since) is left out.
 */
export function overdueEntries(orders: readonly ServiceOrder[], now: Date): OverdueEntry[] {
  const entries: OverdueEntry[] = [];
  for (const order of orders) {
    const clock = nextDeadline(order, now);
    if (clock && clock.remainingMs < 0) entries.push({ order, timer: clock.stage, dueAt: clock.dueAt, overdueMs: -clock.remainingMs });
  }
  return entries.sort((a, b) => b.overdueMs - a.overdueMs);
}

export interface OverdueOrdersState {
  panelOpen: boolean;
  phase: 'idle' | 'loading' | 'loaded' | 'error';
  /** The branch's overdue orders as the seat last answered ('orders.overdue'). */
  orders: ServiceOrder[];
  /** The supervisor's flags: follow-ups scored 1–2 lately ('followUps.lowScores'), newest first. */
  lowScores: FollowUp[];
  error: ErrorInfo | null;
  openPanel(): Promise<void>;
  closePanel(): void;
  togglePanel(): void;
  /** Reads the list again while the panel is open (a sync, a changed order, the clock). */
  refresh(): Promise<void>;
  /** Reads the list again if orders changed (any order may have become overdue or been dealt with). */
  rowsChanged(changes: RowChanges): void;
  /** Opens the customer's card at this order (and closes the panel). */
  openOrder(order: ServiceOrder): void;
  /** Opens the card of a low score's customer (and closes the panel). */
  openLowScore(followUp: FollowUp): void;
  reset(): void;
}

export type OverdueOrdersStore = StoreApi<OverdueOrdersState>;

export interface OverdueOrdersOptions {
  /** Shows the order: its customer's card, its timeline. */
  onOpenOrder?: (order: ServiceOrder) => void;
  /** Shows a customer's card. */
  onOpenCustomer?: (customerId: string) => void;
}

const initial = () => ({ panelOpen: false, phase: 'idle' as const, orders: [], lowScores: [], error: null });

export function createOverdueOrdersStore(bridge: WorkstationBridge, options: OverdueOrdersOptions = {}): OverdueOrdersStore {
  return createStore<OverdueOrdersState>()((set, get) => {
    const requests = latestRequest();

    const load = async (quiet: boolean) => {
      const current = requests.begin();
      if (!quiet) set({ phase: 'loading', error: null });
      try {
        const [orders, lowScores] = await Promise.all([
          bridge.call('orders.overdue', {}),
          // The flags are a second list: when they cannot be read, the overdue orders still show.
          bridge.call('followUps.lowScores', {}).catch(() => get().lowScores),
        ]);
        if (current()) set({ phase: 'loaded', orders, lowScores, error: null });
      } catch (error) {
        if (!current() || (quiet && get().phase === 'loaded')) return;
        set({ phase: 'error', error: toErrorInfo(error) });
      }
    };

    return {
      ...initial(),
      async openPanel() {
        set({ panelOpen: true });
        await load(false);
      },
      closePanel() {
        requests.drop();
        set({ panelOpen: false });
      },
      togglePanel() {
        if (get().panelOpen) get().closePanel();
        else void get().openPanel();
      },
      async refresh() {
        if (get().panelOpen) await load(true);
      },
      rowsChanged(changes) {
        if (changes.has('serviceOrder') || changes.has('followUp')) void get().refresh();
      },
      openOrder(order) {
        get().closePanel();
        options.onOpenOrder?.(order);
      },
      openLowScore(followUp) {
        get().closePanel();
        options.onOpenCustomer?.(followUp.customerId);
      },
      reset() {
        requests.drop();
        set(initial());
      },
    };
  });
}
