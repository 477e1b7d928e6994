import { createStore, type StoreApi } from 'zustand/vanilla';
import type { FollowUp } from '../../../shared/domain/followUp.js';
import type { OrderEventKind } from '../../../shared/domain/orderEvent.js';
import type { OrderTimeline } from '../../../shared/domain/orderTimeline.js';
import type { ServiceOrder, ServiceOrderStatus } from '../../../shared/domain/serviceOrder.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { latestRequest } from '../app/latestRequest.js';
import type { RowChanges } from '../app/rowChanges.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';

/** One line of an order's history as the timeline shows it: a backend event, or a change of this seat not yet synced. */
export interface TimelineEntry {
  key: string;
  at: string;
  kind: OrderEventKind;
  /** Made at this seat and not yet acknowledged by the backend. */
  pending: boolean;
  fromStatus: ServiceOrderStatus | null;
  toStatus: ServiceOrderStatus | null;
  fromOwnerAgentId: string | null;
  toOwnerAgentId: string | null;
  /** An owner change's handover note (shared/domain/shiftHandover.ts), a duplicate decision's reason; null otherwise. */
  note: string | null;
  /** Who made the change (the backend's event); null for this seat's pending changes and the server's own. */
  agentId: string | null;
  outletId: string | null;
  appointmentStart: string | null;
  appointmentEnd: string | null;
}

/**
 * The timeline's lines, newest first. The backend's events come in its change order and this
 * seat's pending changes follow them (they happened after the last pull), so the newest line is
 * the last pending change. A pending change's "from" is what the line before it left.
 */
export function timelineEntries(timeline: OrderTimeline): TimelineEntry[] {
  const lines: TimelineEntry[] = timeline.events.map((e) => ({
    key: e.id,
    at: e.at,
    kind: e.kind,
    pending: false,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    fromOwnerAgentId: e.fromOwnerAgentId,
    toOwnerAgentId: e.toOwnerAgentId,
    note: e.note,
    agentId: e.agentId,
    outletId: e.outletId,
    appointmentStart: e.appointmentStart,
    appointmentEnd: e.appointmentEnd,
  }));
  let status = lines.at(-1)?.toStatus ?? null;
  let owner = [...lines].reverse().find((l) => l.kind === 'owner_changed')?.toOwnerAgentId ?? null;
  timeline.pending.forEach((change, index) => {
    const base = { at: change.at, pending: true, fromOwnerAgentId: null, toOwnerAgentId: null, note: null, agentId: null, outletId: null, appointmentStart: null, appointmentEnd: null };
    // A takeover comes first: the new owner made the step that goes with it (as the backend records it).
    if (change.ownerAgentId !== null) {
      lines.push({ ...base, key: `pending-${index}-owner`, kind: 'owner_changed', fromStatus: status, toStatus: status, fromOwnerAgentId: owner, toOwnerAgentId: change.ownerAgentId, note: change.handoverNote });
      owner = change.ownerAgentId;
    }
    if (change.outletId !== null) {
      lines.push({
        ...base, key: `pending-${index}-dispatch`, kind: 'dispatched', fromStatus: status, toStatus: change.status ?? status,
        outletId: change.outletId, appointmentStart: change.appointmentStart, appointmentEnd: change.appointmentEnd,
      });
      status = change.status ?? status;
    } else if (change.status !== null) {
      lines.push({ ...base, key: `pending-${index}-status`, kind: 'status_changed', fromStatus: status, toStatus: change.status });
      status = change.status;
    }
  });
  return lines.reverse();
}

export interface OrderTimelineState {
  /** The order whose timeline is shown; null when none is. */
  orderId: string | null;
  orderNumber: string | null;
  phase: 'closed' | 'loading' | 'loaded' | 'error';
  entries: TimelineEntry[];
  /** The order's follow-up as the seat has it: calls made, the last outcome, the score and remark once done. */
  followUp: FollowUp | null;
  /** Names of the outlets the timeline mentions, by id, as far as this seat knows them. */
  outletNames: Record<string, string>;
  error: ErrorInfo | null;
  open(order: Pick<ServiceOrder, 'id' | 'orderNumber'>): Promise<void>;
  /** Reads the open timeline again (a sync or a change of the order), keeping it on screen meanwhile. */
  refresh(): Promise<void>;
  /** Reads the open timeline again if the changed rows are in it: the order, its events, the outlets it names. */
  rowsChanged(changes: RowChanges): void;
  close(): void;
}

export type OrderTimelineStore = StoreApi<OrderTimelineState>;

const closed = () => ({ orderId: null, orderNumber: null, phase: 'closed' as const, entries: [], followUp: null, outletNames: {}, error: null });

export function createOrderTimelineStore(bridge: WorkstationBridge): OrderTimelineStore {
  return createStore<OrderTimelineState>()((set, get) => {
    const requests = latestRequest();

    /** Outlet names from the order's dispatch options (the cache's outlets for its region); unknown ones show by id. */
    const outletNamesFor = async (orderId: string, entries: TimelineEntry[]): Promise<Record<string, string>> => {
      if (!entries.some((e) => e.outletId !== null)) return {};
      try {
        const outlets = await bridge.call('orders.dispatchOptions', { orderId });
        return Object.fromEntries(outlets.map((o) => [o.id, o.name]));
      } catch {
        return {};
      }
    };

    const load = async (orderId: string, quiet: boolean) => {
      const current = requests.begin();
      if (!quiet) set({ phase: 'loading', entries: [], followUp: null, outletNames: {}, error: null });
      try {
        const timeline = await bridge.call('orders.timeline', { orderId });
        const entries = timelineEntries(timeline);
        const outletNames = await outletNamesFor(orderId, entries);
        if (current()) set({ phase: 'loaded', entries, followUp: timeline.followUp, outletNames, error: null });
      } catch (error) {
        if (!current() || (quiet && get().phase === 'loaded')) return;
        set({ phase: 'error', entries: [], error: toErrorInfo(error) });
      }
    };

    return {
      ...closed(),
      async open(order) {
        set({ orderId: order.id, orderNumber: order.orderNumber });
        await load(order.id, false);
      },
      async refresh() {
        const { orderId, phase } = get();
        if (orderId && phase !== 'closed') await load(orderId, true);
      },
      rowsChanged(changes) {
        const { orderId, entries } = get();
        if (!orderId) return;
        const outletIds = entries.flatMap((e) => (e.outletId ? [e.outletId] : []));
        if (
          changes.has('serviceOrder', [orderId]) ||
          changes.ofOrders('orderEvent', [orderId]) ||
          changes.ofOrders('followUp', [orderId]) ||
          changes.has('outlet', outletIds)
        ) {
          void get().refresh();
        }
      },
      close() {
        requests.drop();
        set(closed());
      },
    };
  });
}
