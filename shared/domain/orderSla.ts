import type { ServiceOrder } from './serviceOrder.js';

/**
 * Service-level timers (DESIGN.md §1, step 3): an order must be dispatched within N hours of its
 * creation, and the technician must be on site (the order in service) within M hours of dispatch.
 */
export const SERVICE_LEVEL = {
  dispatchWithinHours: 4,
  onSiteWithinHours: 24,
} as const;

const HOUR_MS = 3_600_000;

/** An order's timers at one moment: each deadline, and whether it has passed with the step not done. */
export interface OrderOverdue {
  dispatchDueAt: string;
  dispatchOverdue: boolean;
  /** null until dispatched (the timer starts then). */
  onSiteDueAt: string | null;
  onSiteOverdue: boolean;
}

/**
 * The order's service-level flags at `now`. Only an order still waiting for the step is overdue:
 * a new order past its dispatch deadline; a dispatched or accepted one past its on-site deadline.
 * Cancelled and finished orders are never overdue.
 */
export function orderOverdue(order: Pick<ServiceOrder, 'status' | 'createdAt' | 'dispatchedAt'>, now: Date): OrderOverdue {
  const dispatchDue = Date.parse(order.createdAt) + SERVICE_LEVEL.dispatchWithinHours * HOUR_MS;
  const onSiteDue = order.dispatchedAt === null ? null : Date.parse(order.dispatchedAt) + SERVICE_LEVEL.onSiteWithinHours * HOUR_MS;
  const at = now.getTime();
  return {
    dispatchDueAt: new Date(dispatchDue).toISOString(),
    dispatchOverdue: order.status === 'new' && at > dispatchDue,
    onSiteDueAt: onSiteDue === null ? null : new Date(onSiteDue).toISOString(),
    onSiteOverdue: onSiteDue !== null && (order.status === 'dispatched' || order.status === 'accepted') && at > onSiteDue,
  };
}

export function isOverdue(order: Pick<ServiceOrder, 'status' | 'createdAt' | 'dispatchedAt'>, now: Date): boolean {
  const flags = orderOverdue(order, now);
  return flags.dispatchOverdue || flags.onSiteOverdue;
}
