import type { Agent } from '../../../shared/domain/branch.js';
import type { ServiceOrder } from '../../../shared/domain/serviceOrder.js';
import type { HandoverDistribution, ShiftHandoverResult } from '../../../shared/domain/shiftHandover.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import type { LatestRequest } from '../app/latestRequest.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';

/**
 * What the shift handover (F8, shiftHandoverStore.ts) and the board's reassignment
 * (desk/teamReassignStore.ts) have in common: open orders to tick, the branch's agents who may
 * receive them with their load, how to share them out, and — once the seat has written the owner
 * changes — the upload asked for at once. Each store keeps its own draft defaults, note or reason,
 * and the call that writes.
 */

export interface HandoverOrderLine {
  order: ServiceOrder;
  customerName: string | null;
}

export interface HandoverReceiver {
  agent: Agent;
  openOrders: number;
}

/** After the owner changes: saved at the seat; then uploaded, or waiting for the link (with how many changes wait). */
export type HandoverUpload = { state: 'uploading' } | { state: 'uploaded' } | { state: 'offline'; pending: number };

/** loading: reading the draft; ready: choosing; working: the seat writes; done: the summary shows. */
export type HandoverPhase = 'closed' | 'loading' | 'ready' | 'working' | 'done';

/** The part of a handover dialog's state the shared steps read and change. */
export interface HandoverChoiceState {
  phase: HandoverPhase;
  orders: HandoverOrderLine[];
  /** The orders ticked. */
  selected: string[];
  toAgentIds: string[];
  distribution: HandoverDistribution;
  error: ErrorInfo | null;
  result: ShiftHandoverResult | null;
  upload: HandoverUpload | null;
}

type Set<S> = (partial: Partial<S>) => void;

const toggled = (list: readonly string[], id: string) => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);

/** Ticking orders and receivers and the distribution: while choosing only (not while the seat writes). */
export function handoverChoiceActions<S extends HandoverChoiceState>(set: Set<S>, get: () => S) {
  const choosing = () => get().phase === 'ready';
  return {
    toggleOrder(orderId: string) {
      if (choosing()) set({ selected: toggled(get().selected, orderId), error: null } as Partial<S>);
    },
    selectAll(all: boolean) {
      if (choosing()) set({ selected: all ? get().orders.map((line) => line.order.id) : [], error: null } as Partial<S>);
    },
    toggleReceiver(agentId: string) {
      if (choosing()) set({ toAgentIds: toggled(get().toAgentIds, agentId), error: null } as Partial<S>);
    },
    setDistribution(distribution: HandoverDistribution) {
      set({ distribution } as Partial<S>);
    },
  };
}

/**
 * Reads the dialog's draft (the latest request wins): `loading` from `start`, then `ready` with
 * what `ready` makes of the draft, or with the error (the dialog says why).
 */
export async function loadHandoverDraft<S extends HandoverChoiceState, D>(requests: LatestRequest, set: Set<S>, start: Partial<S>, read: () => Promise<D>, ready: (draft: D) => Partial<S>): Promise<void> {
  const current = requests.begin();
  set({ ...start, phase: 'loading' } as Partial<S>);
  try {
    const draft = await read();
    if (current()) set({ phase: 'ready', ...ready(draft) } as Partial<S>);
  } catch (error) {
    if (current()) set({ phase: 'ready', error: toErrorInfo(error) } as Partial<S>);
  }
}

/** The ticked orders in the order listed (oldest first): round-robin goes by it. */
export function tickedOrderIds(state: Pick<HandoverChoiceState, 'orders' | 'selected'>): string[] {
  return state.orders.map((line) => line.order.id).filter((id) => state.selected.includes(id));
}

/**
 * Writes the owner changes (`write`: the seat's call) and, once written, asks the seat to upload
 * at once: the summary says whether they went or wait for the link. A refusal keeps every choice
 * (ready, with the error). The result, or null when refused.
 */
export async function submitHandover<S extends HandoverChoiceState>(bridge: WorkstationBridge, requests: LatestRequest, set: Set<S>, write: () => Promise<ShiftHandoverResult>): Promise<ShiftHandoverResult | null> {
  const current = requests.begin();
  set({ phase: 'working', error: null } as Partial<S>);
  let result: ShiftHandoverResult;
  try {
    result = await write();
  } catch (error) {
    if (current()) set({ phase: 'ready', error: toErrorInfo(error) } as Partial<S>);
    return null;
  }
  if (!current()) return result;
  set({ phase: 'done', result, upload: { state: 'uploading' } } as Partial<S>);
  try {
    const status = await bridge.call('sync.now', {});
    if (current()) set({ upload: status.online && status.pending === 0 ? { state: 'uploaded' } : { state: 'offline', pending: status.pending } } as Partial<S>);
  } catch {
    if (current()) set({ upload: { state: 'offline', pending: result.assignments.length } } as Partial<S>);
  }
  return result;
}
