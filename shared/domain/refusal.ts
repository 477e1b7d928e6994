import { z } from 'zod';
import type { ServiceOrderStatus } from './serviceOrder.js';

/**
 * Why a domain rule refuses a change, as data: a code, the field it concerns and the facts the
 * message needs. The rules in shared/domain return these; server, seat and renderer branch on the
 * code, the renderer words it in the agent's language, and `refusalMessage` words it in English
 * for logs and the API's `message`. Nothing parses the words.
 */
export const RefusalCode = z.enum([
  // The service-order state machine (orderStatus.ts).
  'order_already_in_status',
  'order_cancelled',
  'order_done_cannot_cancel',
  'order_closed',
  'order_next_status_not_allowed',
  // Dispatch (orderDispatch.ts).
  'order_not_dispatchable',
  'outlet_unknown',
  'outlet_does_not_serve',
  'appointment_ends_before_start',
  'appointment_too_short',
  'appointment_too_long',
  'appointment_in_past',
  'appointment_too_far_ahead',
  // Parts requests (partsRequest.ts).
  'parts_request_already_in_status',
  'parts_request_final',
  'parts_request_next_status_not_allowed',
  'parts_order_finished',
  // The order's lifecycle (orderLifecycle.ts).
  'order_product_required',
  'order_fee_consent_required',
  'order_duplicate_reason_required',
  'order_completion_required',
  'order_cancel_reason_required',
  'order_not_owner',
  'order_visited_needs_follow_up',
  'order_follow_up_pending',
  // Permissions.
  'vip_tier_supervisors_only',
  // Campaign calls and follow-ups.
  'campaign_outcome_final',
  'campaign_call_back_time_required',
  'campaign_call_back_in_past',
  'campaign_call_back_unexpected',
  'follow_up_already_done',
  'follow_up_call_back_in_past',
  // Duplicates.
  'serial_number_taken',
  'phone_taken',
  // Customers' regions (region.ts).
  'region_required',
  'region_unknown',
  'customer_region_unpicked',
  // Complaints (complaint.ts).
  'complaint_already_in_status',
  'complaint_final',
  'complaint_next_status_not_allowed',
  'complaint_resolution_missing',
  'complaint_compensation_amount_missing',
  'complaint_compensation_amount_unexpected',
  'complaint_deadline_in_past',
  'complaint_step_out_of_order',
  // Owner changes and the shift handover (shiftHandover.ts).
  'handover_no_orders',
  'handover_no_receivers',
  'handover_to_self',
  'handover_receiver_unknown',
  'handover_receiver_other_branch',
  'handover_receiver_cannot_hold',
  'handover_order_not_mine',
  'handover_order_not_open',
  'handover_note_too_long',
  'handover_order_note_too_long',
  'handover_too_many_orders',
  // A supervisor's reassignment of an agent's orders (teamReassignment.ts).
  'reassign_not_team_lead',
  'reassign_agent_unknown',
  'reassign_agent_other_branch',
  'reassign_reason_required',
  'reassign_reason_too_long',
  'reassign_order_not_theirs',
  'reassign_to_same_agent',
  // A supervisor's decision on a duplicate order (duplicateReview.ts).
  'duplicate_review_not_team_lead',
  'duplicate_review_other_branch',
  'duplicate_review_not_duplicate',
  'duplicate_review_already_decided',
  'duplicate_review_order_not_open',
  'duplicate_review_reason_required',
  'duplicate_review_reason_too_long',
  'dispatch_awaits_duplicate_review',
  'dispatch_duplicate_rejected',
  // Contacts recorded by hand (interaction.ts).
  'contact_text_empty',
  'contact_text_too_long',
  'contact_in_future',
]);
export type RefusalCode = z.infer<typeof RefusalCode>;

/**
 * The facts each refusal carries: what its message in either language needs. (Parts-request and
 * campaign statuses are plain strings here: their modules import this one.)
 */
export interface RefusalParams {
  order_already_in_status: { orderNumber: string; status: ServiceOrderStatus };
  order_cancelled: { orderNumber: string; to: ServiceOrderStatus };
  order_done_cannot_cancel: { orderNumber: string; status: ServiceOrderStatus };
  order_closed: { orderNumber: string; to: ServiceOrderStatus };
  order_next_status_not_allowed: { orderNumber: string; from: ServiceOrderStatus; to: ServiceOrderStatus; allowed: ServiceOrderStatus[] };
  order_not_dispatchable: { orderNumber: string; status: ServiceOrderStatus };
  outlet_unknown: Record<string, never>;
  outlet_does_not_serve: { outlet: string; city: string; category: string | null };
  appointment_ends_before_start: Record<string, never>;
  appointment_too_short: { minMinutes: number };
  appointment_too_long: { maxHours: number };
  appointment_in_past: Record<string, never>;
  appointment_too_far_ahead: { maxDays: number };
  parts_request_already_in_status: { status: string };
  parts_request_final: { status: string };
  parts_request_next_status_not_allowed: { from: string; to: string; allowed: string[] };
  parts_order_finished: { orderNumber: string; status: ServiceOrderStatus };
  order_product_required: { type: string };
  order_fee_consent_required: Record<string, never>;
  order_duplicate_reason_required: { orderNumbers: string[] };
  order_completion_required: { orderNumber: string };
  order_cancel_reason_required: { orderNumber: string };
  order_not_owner: { orderNumber: string; ownerAgentId: string };
  order_visited_needs_follow_up: { orderNumber: string };
  order_follow_up_pending: { orderNumber: string };
  vip_tier_supervisors_only: Record<string, never>;
  campaign_outcome_final: { status: string };
  campaign_call_back_time_required: Record<string, never>;
  campaign_call_back_in_past: Record<string, never>;
  campaign_call_back_unexpected: { status: string };
  follow_up_already_done: { followUpId: string; doneAt: string | null };
  follow_up_call_back_in_past: Record<string, never>;
  serial_number_taken: { serialNumber: string };
  phone_taken: { phone: string; customerId: string; customerName: string };
  region_required: Record<string, never>;
  region_unknown: { code: string };
  customer_region_unpicked: { customerName: string };
  complaint_already_in_status: { status: string };
  complaint_final: { status: string };
  complaint_next_status_not_allowed: { from: string; to: string; allowed: string[] };
  complaint_resolution_missing: Record<string, never>;
  complaint_compensation_amount_missing: { kind: string };
  complaint_compensation_amount_unexpected: { kind: string };
  complaint_deadline_in_past: Record<string, never>;
  complaint_step_out_of_order: { step: string; after: string | null };
  handover_no_orders: Record<string, never>;
  handover_no_receivers: Record<string, never>;
  handover_to_self: Record<string, never>;
  handover_receiver_unknown: { agentId: string };
  handover_receiver_other_branch: { agentName: string; login: string };
  handover_receiver_cannot_hold: { agentName: string; login: string; role: string };
  handover_order_not_mine: { orderNumber: string };
  handover_order_not_open: { orderNumber: string; status: ServiceOrderStatus };
  handover_note_too_long: { maxLength: number; length: number };
  handover_order_note_too_long: { orderNumber: string; maxLength: number; length: number };
  handover_too_many_orders: { maxOrders: number; count: number };
  reassign_not_team_lead: Record<string, never>;
  reassign_agent_unknown: { agentId: string };
  reassign_agent_other_branch: { agentName: string; login: string };
  reassign_reason_required: Record<string, never>;
  reassign_reason_too_long: { maxLength: number; length: number };
  reassign_order_not_theirs: { orderNumber: string; agentName: string };
  reassign_to_same_agent: { agentName: string };
  duplicate_review_not_team_lead: Record<string, never>;
  duplicate_review_other_branch: { orderNumber: string };
  duplicate_review_not_duplicate: { orderNumber: string };
  duplicate_review_already_decided: { orderNumber: string; decision: string };
  duplicate_review_order_not_open: { orderNumber: string; status: ServiceOrderStatus };
  duplicate_review_reason_required: { orderNumber: string };
  duplicate_review_reason_too_long: { maxLength: number; length: number };
  dispatch_awaits_duplicate_review: { orderNumber: string };
  dispatch_duplicate_rejected: { orderNumber: string; reason: string };
  contact_text_empty: Record<string, never>;
  contact_text_too_long: { maxLength: number; length: number };
  contact_in_future: Record<string, never>;
}

/** One refusal: its code decides the shape of its params. */
export type Refusal = {
  [C in RefusalCode]: { code: C; field?: string; params: RefusalParams[C] };
}[RefusalCode];

/**
 * A refusal as read from another host (in a WorkstationError's or an API error's `details`): the
 * params are only known to be a record, and a newer host's code reads as `unknown`.
 */
export const ReceivedRefusal = z.object({
  code: z.union([RefusalCode, z.literal('unknown')]).catch('unknown'),
  field: z.string().optional(),
  params: z.record(z.string(), z.unknown()),
});
export type ReceivedRefusal = z.infer<typeof ReceivedRefusal>;

/** Builds a refusal; the code fixes which params it needs. */
export function refusal<C extends RefusalCode>(code: C, params: RefusalParams[C], field?: string): Refusal {
  return (field === undefined ? { code, params } : { code, field, params }) as Refusal;
}

/** The English words for `refusal`, "field: …" when it concerns a field. */
export function refusalMessage(refusal: Refusal): string {
  const text = englishText(refusal);
  return refusal.field ? `${refusal.field}: ${text}` : text;
}

function englishText(r: Refusal): string {
  switch (r.code) {
    case 'order_already_in_status':
      return `order ${r.params.orderNumber} is already ${statusWords(r.params.status)}`;
    case 'order_cancelled':
      return `order ${r.params.orderNumber} was cancelled; it can no longer be ${statusWords(r.params.to)}`;
    case 'order_done_cannot_cancel':
      return `order ${r.params.orderNumber} is already ${statusWords(r.params.status)}; it can no longer be cancelled`;
    case 'order_closed':
      return `order ${r.params.orderNumber} is closed; it can no longer be ${statusWords(r.params.to)}`;
    case 'order_next_status_not_allowed':
      return `order ${r.params.orderNumber} is ${statusWords(r.params.from)}; it cannot be ${statusWords(r.params.to)} next (only ${r.params.allowed.map(statusWords).join(' or ')})`;
    case 'order_not_dispatchable':
      return `order ${r.params.orderNumber} is ${r.params.status}; only a new or dispatched order can be dispatched`;
    case 'outlet_unknown':
      return 'no such service outlet in your branch';
    case 'outlet_does_not_serve':
      return `${r.params.outlet} does not serve ${r.params.city}${r.params.category ? ` for ${r.params.category}` : ''}`;
    case 'appointment_ends_before_start':
      return 'the appointment must end after it starts';
    case 'appointment_too_short':
      return `the appointment window must be at least ${r.params.minMinutes} minutes`;
    case 'appointment_too_long':
      return `the appointment window must be at most ${r.params.maxHours} hours`;
    case 'appointment_in_past':
      return 'the appointment cannot start in the past';
    case 'appointment_too_far_ahead':
      return `the appointment must be within ${r.params.maxDays} days`;
    case 'parts_request_already_in_status':
      return `the parts request is already ${r.params.status}`;
    case 'parts_request_final':
      return `the parts request is ${r.params.status}; that is final`;
    case 'parts_request_next_status_not_allowed':
      return `the parts request is ${r.params.from}; it cannot be ${r.params.to} next (only ${r.params.allowed.join(' or ')})`;
    case 'parts_order_finished':
      return `order ${r.params.orderNumber} is ${r.params.status}: parts can no longer be requested for it`;
    case 'order_product_required':
      return `a ${r.params.type} order needs the product it is for`;
    case 'order_fee_consent_required':
      return 'the product is out of warranty: record the fee estimate and the customer\'s consent';
    case 'order_duplicate_reason_required':
      return `open orders may already cover this (${r.params.orderNumbers.join(', ')}): give a reason to make another`;
    case 'order_completion_required':
      return `order ${r.params.orderNumber}: completing it records the resolution, parts used, fee and technician`;
    case 'order_cancel_reason_required':
      return `order ${r.params.orderNumber}: cancelling it needs a reason`;
    case 'order_not_owner':
      return `order ${r.params.orderNumber} belongs to another agent: take it over first`;
    case 'order_visited_needs_follow_up':
      return `order ${r.params.orderNumber} becomes followed up only through a done follow-up`;
    case 'order_follow_up_pending':
      return `order ${r.params.orderNumber} cannot be closed while its follow-up is pending`;
    case 'vip_tier_supervisors_only':
      return 'only a supervisor can set a VIP tier';
    case 'follow_up_call_back_in_past':
      return 'the call back time must be later than now';
    case 'campaign_call_back_time_required':
      return 'a call back needs the time the customer asked for';
    case 'campaign_call_back_in_past':
      return 'the call back time must be later than now';
    case 'campaign_call_back_unexpected':
      return `a ${r.params.status} outcome has no call back time`;
    case 'campaign_outcome_final':
      return `this target is already ${r.params.status}: its outcome is final`;
    case 'follow_up_already_done':
      return `follow-up ${r.params.followUpId} was already done at ${r.params.doneAt ?? '?'}: a result is recorded once`;
    case 'serial_number_taken':
      return `${r.params.serialNumber} is already registered`;
    case 'phone_taken':
      return `${r.params.phone} already belongs to ${r.params.customerName}; say why a second customer gets it`;
    case 'region_required':
      return 'pick the province and city';
    case 'region_unknown':
      return `${r.params.code} is not a region of the division code table, or not inside the region before it`;
    case 'customer_region_unpicked':
      return `the region of ${r.params.customerName} is not picked yet: pick the province and city first`;
    case 'complaint_already_in_status':
      return `the complaint is already ${r.params.status}`;
    case 'complaint_final':
      return `the complaint is ${r.params.status}; that is final`;
    case 'complaint_next_status_not_allowed':
      return `the complaint is ${r.params.from}; it cannot be ${r.params.to} next (only ${r.params.allowed.join(' or ')})`;
    case 'complaint_resolution_missing':
      return 'say how the complaint was resolved';
    case 'complaint_compensation_amount_missing':
      return `a ${r.params.kind} compensation names its amount in yuan`;
    case 'complaint_compensation_amount_unexpected':
      return `a ${r.params.kind} compensation has no amount`;
    case 'complaint_deadline_in_past':
      return 'the promised time is in the past';
    case 'complaint_step_out_of_order':
      return `the complaint's step ${r.params.step} does not follow its last recorded step (${r.params.after ?? 'none'}): another seat took a step first`;
    case 'handover_no_orders':
      return 'choose at least one open order to hand over';
    case 'handover_no_receivers':
      return 'choose at least one agent to hand the orders to';
    case 'handover_to_self':
      return 'you cannot hand orders over to yourself';
    case 'handover_receiver_unknown':
      return `agent ${r.params.agentId} is not an agent of your branch`;
    case 'handover_receiver_other_branch':
      return `${r.params.agentName} (${r.params.login}) is an agent of another branch and cannot receive this branch's orders`;
    case 'handover_receiver_cannot_hold':
      return `${r.params.agentName} (${r.params.login}) is ${r.params.role === 'parts_desk' ? 'the parts desk' : r.params.role} and does not hold service orders`;
    case 'handover_order_not_mine':
      return `order ${r.params.orderNumber} is not yours: only your own open orders are handed over`;
    case 'handover_order_not_open':
      return `order ${r.params.orderNumber} is ${statusWords(r.params.status)}: only open orders are handed over`;
    case 'handover_note_too_long':
      return `the handover note is ${r.params.length} characters; at most ${r.params.maxLength}`;
    case 'handover_order_note_too_long':
      return `the note for order ${r.params.orderNumber} is ${r.params.length} characters; at most ${r.params.maxLength}`;
    case 'handover_too_many_orders':
      return `${r.params.count} orders at once is too many; at most ${r.params.maxOrders} per handover`;
    case 'reassign_not_team_lead':
      return "only the branch's supervisor reassigns an agent's orders";
    case 'reassign_agent_unknown':
      return `agent ${r.params.agentId} is not an agent of your branch`;
    case 'reassign_agent_other_branch':
      return `${r.params.agentName} (${r.params.login}) is an agent of another branch: you reassign your own branch's orders only`;
    case 'reassign_reason_required':
      return 'say why the orders are reassigned';
    case 'reassign_reason_too_long':
      return `the reason is ${r.params.length} characters; at most ${r.params.maxLength}`;
    case 'reassign_order_not_theirs':
      return `order ${r.params.orderNumber} is no longer ${r.params.agentName}'s`;
    case 'reassign_to_same_agent':
      return `the orders are ${r.params.agentName}'s already: choose other agents to give them to`;
    case 'duplicate_review_not_team_lead':
      return "only the branch's supervisor approves or rejects duplicate orders";
    case 'duplicate_review_other_branch':
      return `order ${r.params.orderNumber} is another branch's: you decide on your own branch's duplicates only`;
    case 'duplicate_review_not_duplicate':
      return `order ${r.params.orderNumber} was not made as a possible duplicate: there is nothing to approve`;
    case 'duplicate_review_already_decided':
      return `order ${r.params.orderNumber} was already ${r.params.decision}: a duplicate is decided once`;
    case 'duplicate_review_order_not_open':
      return `order ${r.params.orderNumber} is ${statusWords(r.params.status)}: only an open order is decided on`;
    case 'duplicate_review_reason_required':
      return `order ${r.params.orderNumber}: say why you approve or reject it`;
    case 'duplicate_review_reason_too_long':
      return `the reason is ${r.params.length} characters; at most ${r.params.maxLength}`;
    case 'dispatch_awaits_duplicate_review':
      return `order ${r.params.orderNumber} may duplicate open orders: it is dispatched once the supervisor approves it`;
    case 'dispatch_duplicate_rejected':
      return `the supervisor rejected order ${r.params.orderNumber} as a duplicate (${r.params.reason}): cancel it rather than dispatch it`;
    case 'contact_text_empty':
      return 'say what the contact was about';
    case 'contact_text_too_long':
      return `the contact's text is ${r.params.length} characters; at most ${r.params.maxLength}`;
    case 'contact_in_future':
      return 'the contact cannot be later than now';
  }
}

const STATUS_WORDS: Record<ServiceOrderStatus, string> = {
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

function statusWords(status: ServiceOrderStatus): string {
  return STATUS_WORDS[status];
}
