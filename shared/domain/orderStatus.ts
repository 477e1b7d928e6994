import type { ServiceOrderStatus } from './serviceOrder.js';

/**
 * The service-order state machine (DESIGN.md §3), shared so a seat can check a status change
 * offline exactly as the server will:
 * new → dispatched → accepted → in_service ⇄ parts_pending, in_service → completed → visited →
 * closed; any state before completed may be cancelled. closed and cancelled are final.
 */
const NEXT: Record<ServiceOrderStatus, readonly ServiceOrderStatus[]> = {
  new: ['dispatched', 'cancelled'],
  dispatched: ['accepted', 'cancelled'],
  accepted: ['in_service', 'cancelled'],
  in_service: ['parts_pending', 'completed', 'cancelled'],
  parts_pending: ['in_service', 'cancelled'],
  completed: ['visited'],
  visited: ['closed'],
  closed: [],
  cancelled: [],
};

/** The statuses an order in `from` may move to next. */
export function nextStatuses(from: ServiceOrderStatus): readonly ServiceOrderStatus[] {
  return NEXT[from];
}

export function canTransition(from: ServiceOrderStatus, to: ServiceOrderStatus): boolean {
  return NEXT[from].includes(to);
}

/** Statuses from which the work is done: the outlet has finished, so cancelling is too late. */
const DONE: readonly ServiceOrderStatus[] = ['completed', 'visited', 'closed'];

/**
 * Why an order cannot move from `from` to `to`, in words for the agent; null when it can.
 * e.g. "order BJ01-07-20261123-0042 is already completed; it can no longer be cancelled".
 */
export function transitionRefusal(orderNumber: string, from: ServiceOrderStatus, to: ServiceOrderStatus): string | null {
  if (canTransition(from, to)) return null;
  const order = `order ${orderNumber}`;
  if (from === to) return `${order} is already ${label(from)}`;
  if (from === 'cancelled') return `${order} was cancelled; it can no longer be ${label(to)}`;
  if (to === 'cancelled' && DONE.includes(from)) return `${order} is already ${label(from)}; it can no longer be cancelled`;
  if (from === 'closed') return `${order} is closed; it can no longer be ${label(to)}`;
  const allowed = NEXT[from].map(label).join(' or ');
  return `${order} is ${label(from)}; it cannot be ${label(to)} next (only ${allowed})`;
}

const LABELS: Record<ServiceOrderStatus, string> = {
  new: 'new',
  dispatched: 'dispatched',
  accepted: 'accepted',
  in_service: 'in service',
  parts_pending: 'waiting for parts',
  completed: 'completed',
  visited: 'visited',
  closed: 'closed',
  cancelled: 'cancelled',
};

function label(status: ServiceOrderStatus): string {
  return LABELS[status];
}
