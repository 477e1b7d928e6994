import { z } from 'zod';
import type { Agent } from './branch.js';
import { refusal, type Refusal } from './refusal.js';
import { ROLE_DUTIES } from './roles.js';
import { DUPLICATE_REVIEW_REASON_MAX, DuplicateDecision, OPEN_ORDER_STATUSES, type ServiceOrder } from './serviceOrder.js';

/**
 * Duplicate orders under the supervisor's eye (issue 12, "approve duplicates with a reason"). An
 * agent may still make an order that open ones may duplicate (shared/domain/duplicateOrders.ts),
 * with their reason (orderLifecycle.ts: `duplicateReason`); such an order then awaits the branch
 * supervisor's decision: approved or rejected, always with the supervisor's reason, decided once.
 * The decision is the order's `duplicateReview`, pushed by the supervisor's seat like any synced
 * change (offline too); the backend checks the same rule and records it once as the order's
 * `duplicate_approved` / `duplicate_rejected` event, author and reason. A rejected order stays
 * with its owner, who sees the decision in My work and cancels or goes on with it.
 */

/** What the supervisor's seat is asked (orders.reviewDuplicate); the reason is checked by the rule (its refusal names the field). */
export const DuplicateReviewRequest = z.object({
  orderId: z.string().uuid('orderId must be a UUID'),
  decision: DuplicateDecision,
  reason: z.string().max(DUPLICATE_REVIEW_REASON_MAX * 4),
});
export type DuplicateReviewRequest = z.infer<typeof DuplicateReviewRequest>;

type ReviewedOrder = Pick<ServiceOrder, 'orderNumber' | 'branchId' | 'status' | 'duplicateReason' | 'duplicateReview'>;

/** An open order made although it may duplicate others, not yet decided on. */
export function awaitsDuplicateReview(order: Pick<ServiceOrder, 'status' | 'duplicateReason' | 'duplicateReview'>): boolean {
  return order.duplicateReason !== null && order.duplicateReview === null && OPEN_ORDER_STATUSES.includes(order.status);
}

/**
 * Why an order made as a possible duplicate cannot be dispatched yet: it waits for the supervisor,
 * or the supervisor rejected it (its owner cancels it). Orders already dispatched before the
 * decision existed go on as they are.
 */
export function duplicateDispatchHold(order: Pick<ServiceOrder, 'orderNumber' | 'status' | 'duplicateReason' | 'duplicateReview'>): Refusal | null {
  if (order.status !== 'new' || order.duplicateReason === null) return null;
  if (order.duplicateReview === null) return refusal('dispatch_awaits_duplicate_review', { orderNumber: order.orderNumber });
  if (order.duplicateReview.decision === 'rejected') return refusal('dispatch_duplicate_rejected', { orderNumber: order.orderNumber, reason: order.duplicateReview.reason });
  return null;
}

/**
 * Why this decision cannot be taken: only a supervisor (leadsTeam) of the order's branch decides,
 * only on an order awaiting it, once, with a reason. `reasonField` names the field a missing
 * reason concerns where it is asked (the seat's `reason`, the pushed `duplicateReview`).
 */
export function duplicateReviewRefusal(
  order: ReviewedOrder,
  review: { decision: string; reason: string },
  reviewer: Pick<Agent, 'role' | 'branchId'>,
  reasonField: string,
): Refusal | null {
  if (!ROLE_DUTIES[reviewer.role].leadsTeam) return refusal('duplicate_review_not_team_lead', {});
  if (reviewer.branchId !== order.branchId) return refusal('duplicate_review_other_branch', { orderNumber: order.orderNumber });
  if (order.duplicateReason === null) return refusal('duplicate_review_not_duplicate', { orderNumber: order.orderNumber });
  if (order.duplicateReview !== null) return refusal('duplicate_review_already_decided', { orderNumber: order.orderNumber, decision: order.duplicateReview.decision });
  if (!OPEN_ORDER_STATUSES.includes(order.status)) return refusal('duplicate_review_order_not_open', { orderNumber: order.orderNumber, status: order.status });
  const reason = review.reason.trim();
  if (!reason) return refusal('duplicate_review_reason_required', { orderNumber: order.orderNumber }, reasonField);
  if (reason.length > DUPLICATE_REVIEW_REASON_MAX) return refusal('duplicate_review_reason_too_long', { maxLength: DUPLICATE_REVIEW_REASON_MAX, length: reason.length }, reasonField);
  return null;
}
