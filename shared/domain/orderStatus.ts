import { refusal, type Refusal } from './refusal.js';
import type { ServiceOrderStatus } from './serviceOrder.js';

/**
 * The service-order state machine (docs/architecture.md §3), shared so a seat can check a status change
 * offline exactly as the server will:
 * new → dispatched → accepted → in_service ⇄ parts_pending, in_service → completed → visited →
 * closed; any state before completed may be cancelled. closed and cancelled are final. A completed
 * order whose customer refused the follow-up closes without being visited (orderLifecycle.ts says
 * when the follow-up allows visited and closed).
 */
const NEXT: Record<ServiceOrderStatus, readonly ServiceOrderStatus[]> = {
  new: ['dispatched', 'cancelled'],
  dispatched: ['accepted', 'cancelled'],
  accepted: ['in_service', 'cancelled'],
  in_service: ['parts_pending', 'completed', 'cancelled'],
  parts_pending: ['in_service', 'cancelled'],
  completed: ['visited', 'closed'],
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
 * Why an order cannot move from `from` to `to`; null when it can. The refusal says which case
 * (already there, cancelled, too late to cancel, closed, not next) and carries the statuses.
 */
export function transitionRefusal(orderNumber: string, from: ServiceOrderStatus, to: ServiceOrderStatus): Refusal | null {
  if (canTransition(from, to)) return null;
  if (from === to) return refusal('order_already_in_status', { orderNumber, status: from });
  if (from === 'cancelled') return refusal('order_cancelled', { orderNumber, to });
  if (to === 'cancelled' && DONE.includes(from)) return refusal('order_done_cannot_cancel', { orderNumber, status: from });
  if (from === 'closed') return refusal('order_closed', { orderNumber, to });
  return refusal('order_next_status_not_allowed', { orderNumber, from, to, allowed: [...NEXT[from]] });
}
