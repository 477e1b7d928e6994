import type { Agent } from './branch.js';
import type { FollowUp } from './followUp.js';
import { refusal, type Refusal } from './refusal.js';
import type { ServiceOrder, ServiceOrderStatus, ServiceOrderType } from './serviceOrder.js';

/**
 * The order's lifecycle rules beyond the state machine (orderStatus.ts), checked by the seat
 * (offline too) and again by the backend on push (docs/architecture.md §6).
 */

/** Orders about a unit: they name its product, so the warranty is decided on it. */
export const PRODUCT_ORDER_TYPES: readonly ServiceOrderType[] = ['repair', 'installation'];

/**
 * Why a new order cannot be made as it is: a repair or installation without its product, an
 * out-of-warranty product without the customer's consent to the fee estimate, or open orders it
 * may duplicate (shared/domain/duplicateOrders.ts: `duplicateOrderNumbers`) without a reason.
 */
export function orderCreateRefusal(
  order: Pick<ServiceOrder, 'type' | 'productId' | 'warranty' | 'feeConsent' | 'duplicateReason'>,
  duplicateOrderNumbers: readonly string[],
): Refusal | null {
  if (order.productId === null && PRODUCT_ORDER_TYPES.includes(order.type)) return refusal('order_product_required', { type: order.type }, 'productId');
  if (order.warranty?.status === 'out_of_warranty' && order.feeConsent === null) return refusal('order_fee_consent_required', {}, 'feeConsent');
  if (duplicateOrderNumbers.length > 0 && !order.duplicateReason?.trim()) {
    return refusal('order_duplicate_reason_required', { orderNumbers: [...duplicateOrderNumbers] }, 'duplicateReason');
  }
  return null;
}

/** The fields a change of an order touches besides the server's stamp. */
function changedFields(changes: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(changes).filter((field) => field !== 'updatedAt');
}

/**
 * One owner per order (一单责任制). An agent changes an order they own; an agent who does not own
 * it takes it over in the same change (ownerAgentId set to themselves: the history records the
 * owner change before the step). Supervisors change and reassign any order of their branch. The
 * one exception is the step a done follow-up makes (completed → visited): follow-ups are the
 * branch's work, whoever owns the order.
 */
export function ownershipRefusal(
  current: Pick<ServiceOrder, 'orderNumber' | 'ownerAgentId'>,
  changes: Readonly<Record<string, unknown>>,
  agent: Pick<Agent, 'id' | 'role'>,
): Refusal | null {
  if (agent.role === 'supervisor' || current.ownerAgentId === agent.id || changes.ownerAgentId === agent.id) return null;
  const fields = changedFields(changes);
  if (fields.length === 1 && fields[0] === 'status' && changes.status === 'visited') return null;
  return refusal('order_not_owner', { orderNumber: current.orderNumber, ownerAgentId: current.ownerAgentId }, 'ownerAgentId');
}

/**
 * What a step needs recorded with it: completing records the completion (resolution, parts, fee,
 * technician), cancelling a reason. `changes` are the fields the change sets.
 */
export function stepDetailsRefusal(current: ServiceOrder, changes: Readonly<Record<string, unknown>>): Refusal | null {
  const to = changes.status;
  if (to === undefined || to === current.status) return null;
  const merged = { ...current, ...changes } as ServiceOrder;
  if (to === 'completed' && merged.completion === null) return refusal('order_completion_required', { orderNumber: current.orderNumber }, 'completion');
  if (to === 'cancelled' && !merged.cancelReason?.trim()) return refusal('order_cancel_reason_required', { orderNumber: current.orderNumber }, 'cancelReason');
  return null;
}

/**
 * The follow-up closes the loop: an order becomes visited only once its follow-up is done, and is
 * not closed while the follow-up is still open (a refused follow-up lets a completed order close).
 */
export function followUpStepRefusal(
  order: Pick<ServiceOrder, 'orderNumber'>,
  to: ServiceOrderStatus,
  followUp: Pick<FollowUp, 'status'> | null,
): Refusal | null {
  if (to === 'visited' && followUp?.status !== 'done') return refusal('order_visited_needs_follow_up', { orderNumber: order.orderNumber });
  if (to === 'closed' && followUp?.status === 'open') return refusal('order_follow_up_pending', { orderNumber: order.orderNumber });
  return null;
}
