import { z } from 'zod';
import type { Agent } from './branch.js';
import { refusal, type Refusal } from './refusal.js';
import { mayHoldOrders } from './roles.js';
import { HANDOVER_NOTE_MAX, OPEN_ORDER_STATUSES, type ServiceOrder } from './serviceOrder.js';

/**
 * The shift handover (一单责任制: every order has one owner, whoever is on shift): an agent hands
 * their open orders to one or several agents of the branch in one step, with a note for all and
 * optionally one per order. The rules live here, once; the seat checks them offline before it
 * writes anything, and the backend checks each order's owner change again on push
 * (server/orders/serviceOrderRules.ts): the receiver with `orderHolderRefusal`, the note's length
 * by the order's schema (`handoverNote`), and a note only on an open order.
 *
 * Each handed order becomes one owner change of that order (an update of `ownerAgentId` and
 * `handoverNote`), so it syncs, dedups and dead-letters like every other change, and the backend
 * records it as one `owner_changed` order event carrying the note.
 */

/** Most orders in one handover (the seat writes them in one transaction). */
export const HANDOVER_MAX_ORDERS = 500;
/** Most receivers in one handover. */
const HANDOVER_MAX_RECEIVERS = 20;

/**
 * How the orders are shared out among several receivers (one receiver: all go to them):
 * - `round_robin`: in the order given (the dialog lists them oldest first), the first to the first
 *   receiver, the second to the second, … and round again: counts differ by at most one.
 * - `least_loaded`: each order in turn to the receiver who then holds the fewest open orders —
 *   what they held before (the seat's cache) plus what this handover gave them so far; a tie goes
 *   to the receiver named first. Evens out the receivers' loads.
 */
export const HandoverDistribution = z.enum(['round_robin', 'least_loaded']);
export type HandoverDistribution = z.infer<typeof HandoverDistribution>;

/** What the agent asks for. Note lengths are checked by the rule (a refusal the agent reads), not here. */
export const ShiftHandoverRequest = z.object({
  orderIds: z.array(z.string().uuid('orderIds: each must be a UUID')).max(HANDOVER_MAX_ORDERS * 2),
  toAgentIds: z.array(z.string().uuid('toAgentIds: each must be a UUID')).max(HANDOVER_MAX_RECEIVERS * 5),
  distribution: HandoverDistribution.default('round_robin'),
  /** For every order that has no note of its own; empty: none. */
  note: z.string().max(HANDOVER_NOTE_MAX * 20).default(''),
  /** A note for one order (by id), in place of the note for all. */
  orderNotes: z.record(z.string().uuid(), z.string().max(HANDOVER_NOTE_MAX * 20)).default({}),
});
export type ShiftHandoverRequest = z.input<typeof ShiftHandoverRequest>;
export type ShiftHandoverRequestParsed = z.output<typeof ShiftHandoverRequest>;

/** One order's owner change in the handover. */
export interface HandoverAssignment {
  orderId: string;
  orderNumber: string;
  toAgentId: string;
  /** The order's own note, else the note for all; null when neither was given. */
  note: string | null;
}

/** What the handover did: each order's new owner, and how many each receiver got. */
export const ShiftHandoverResult = z.object({
  assignments: z.array(z.object({ orderId: z.string().uuid(), orderNumber: z.string(), toAgentId: z.string().uuid(), note: z.string().nullable() })),
  receivers: z.array(z.object({ agentId: z.string().uuid(), displayName: z.string(), login: z.string(), count: z.number().int().nonnegative() })),
});
export type ShiftHandoverResult = z.infer<typeof ShiftHandoverResult>;

type HolderFacts = Pick<Agent, 'id' | 'login' | 'displayName' | 'branchId' | 'role'>;

/**
 * May `receiver` become the owner of an order of `branchId`? An agent of the branch whose role holds
 * orders (roles.ts: agents and supervisors; not the parts desk or headquarters). `receiver` null:
 * no such agent is known. Used for every owner change, the single one included.
 */
export function orderHolderRefusal(receiverId: string, receiver: HolderFacts | null | undefined, branchId: string): Refusal | null {
  if (!receiver) return refusal('handover_receiver_unknown', { agentId: receiverId }, 'ownerAgentId');
  if (receiver.branchId !== branchId) return refusal('handover_receiver_other_branch', { agentName: receiver.displayName, login: receiver.login }, 'ownerAgentId');
  if (!mayHoldOrders(receiver.role)) return refusal('handover_receiver_cannot_hold', { agentName: receiver.displayName, login: receiver.login, role: receiver.role }, 'ownerAgentId');
  return null;
}

/** A handover note (for all: `orderNumber` null) over its limit. */
function handoverNoteRefusal(note: string | null | undefined, orderNumber: string | null): Refusal | null {
  const length = note?.trim().length ?? 0;
  if (length <= HANDOVER_NOTE_MAX) return null;
  return orderNumber === null
    ? refusal('handover_note_too_long', { maxLength: HANDOVER_NOTE_MAX, length }, 'note')
    : refusal('handover_order_note_too_long', { orderNumber, maxLength: HANDOVER_NOTE_MAX, length }, 'orderNotes');
}

/** Is this order one the agent can hand over at the end of a shift: their own, and still open? */
function handoverOrderRefusal(order: Pick<ServiceOrder, 'orderNumber' | 'ownerAgentId' | 'status'>, me: Pick<Agent, 'id'>): Refusal | null {
  if (order.ownerAgentId !== me.id) return refusal('handover_order_not_mine', { orderNumber: order.orderNumber }, 'orderIds');
  if (!OPEN_ORDER_STATUSES.includes(order.status)) return refusal('handover_order_not_open', { orderNumber: order.orderNumber, status: order.status }, 'orderIds');
  return null;
}

export interface ShiftHandoverFacts {
  me: HolderFacts;
  /** The orders asked for, in the order asked (an id repeated counts once); those not found are refused before this. */
  orders: ReadonlyArray<Pick<ServiceOrder, 'id' | 'orderNumber' | 'ownerAgentId' | 'status' | 'branchId'>>;
  /** The receivers asked for, by id, with what is known of each (null: unknown). */
  receivers: ReadonlyArray<{ id: string; agent: HolderFacts | null }>;
  /** Open orders each receiver holds now (least_loaded); a receiver not listed holds none. */
  openLoad: ReadonlyMap<string, number>;
  distribution: HandoverDistribution;
  note: string;
  orderNotes: Readonly<Record<string, string>>;
}

/**
 * The whole handover decided at once: every rule checked for every order and receiver first, so a
 * refusal leaves nothing half-written; then who gets which order, with which note.
 */
export function planShiftHandover(facts: ShiftHandoverFacts): { refusal: Refusal } | { assignments: HandoverAssignment[] } {
  const orders = uniqueBy(facts.orders, (o) => o.id);
  const receivers = uniqueBy(facts.receivers, (r) => r.id);
  if (orders.length === 0) return { refusal: refusal('handover_no_orders', {}, 'orderIds') };
  if (orders.length > HANDOVER_MAX_ORDERS) return { refusal: refusal('handover_too_many_orders', { maxOrders: HANDOVER_MAX_ORDERS, count: orders.length }, 'orderIds') };
  if (receivers.length === 0) return { refusal: refusal('handover_no_receivers', {}, 'toAgentIds') };
  for (const receiver of receivers) {
    if (receiver.id === facts.me.id) return { refusal: refusal('handover_to_self', {}, 'toAgentIds') };
    const holder = orderHolderRefusal(receiver.id, receiver.agent, facts.me.branchId);
    if (holder) return { refusal: { ...holder, field: 'toAgentIds' } };
  }
  for (const order of orders) {
    const notHandable = handoverOrderRefusal(order, facts.me);
    if (notHandable) return { refusal: notHandable };
  }
  const common = handoverNoteRefusal(facts.note, null);
  if (common) return { refusal: common };
  for (const order of orders) {
    const own = handoverNoteRefusal(facts.orderNotes[order.id], order.orderNumber);
    if (own) return { refusal: own };
  }

  const commonNote = facts.note.trim() || null;
  const load = new Map(receivers.map((r) => [r.id, facts.openLoad.get(r.id) ?? 0]));
  const assignments = orders.map((order, index): HandoverAssignment => {
    const toAgentId = facts.distribution === 'round_robin' ? receivers[index % receivers.length]!.id : leastLoaded(receivers, load);
    load.set(toAgentId, (load.get(toAgentId) ?? 0) + 1);
    return { orderId: order.id, orderNumber: order.orderNumber, toAgentId, note: facts.orderNotes[order.id]?.trim() || commonNote };
  });
  // An order handed to me from another branch goes back to an agent of its own branch only.
  for (const [index, order] of orders.entries()) {
    const receiver = receivers.find((r) => r.id === assignments[index]!.toAgentId)!;
    const holder = orderHolderRefusal(receiver.id, receiver.agent, order.branchId);
    if (holder) return { refusal: { ...holder, field: 'toAgentIds' } };
  }
  return { assignments };
}

/** The receiver holding the fewest open orders now; the first named wins a tie. */
function leastLoaded(receivers: ReadonlyArray<{ id: string }>, load: ReadonlyMap<string, number>): string {
  let best = receivers[0]!.id;
  for (const r of receivers) if ((load.get(r.id) ?? 0) < (load.get(best) ?? 0)) best = r.id;
  return best;
}

function uniqueBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** How many orders each receiver got, in the order the receivers were named (the result summary). */
export function handoverCounts(assignments: readonly HandoverAssignment[], receiverIds: readonly string[]): Array<{ agentId: string; count: number }> {
  const ids = uniqueBy(receiverIds, (id) => id);
  return ids.map((agentId) => ({ agentId, count: assignments.filter((a) => a.toAgentId === agentId).length }));
}
