import type { TFunction } from 'i18next';
import { CampaignOutcome } from '../../../shared/domain/campaign.js';
import { AgentRole } from '../../../shared/domain/branch.js';
import { CompensationKind, ComplaintStatus } from '../../../shared/domain/complaint.js';
import { PartsRequestStatus } from '../../../shared/domain/partsRequest.js';
import { ProductCategory } from '../../../shared/domain/product.js';
import { ReceivedRefusal, type RefusalCode } from '../../../shared/domain/refusal.js';
import { ServiceOrderStatus } from '../../../shared/domain/serviceOrder.js';
import type { ApiErrorCode, RejectionCode } from '../../../shared/errorCodes.js';
import { formatDateTime } from './format.js';

/**
 * Error codes and domain refusals in the agent's language. Every code has its own message
 * (errors.* in the locales); a code this build does not know (a newer host's) reads as `unknown`.
 */

/** The refusal a failure carries in its details (shared/domain/refusal.ts); null when it has none. */
export function refusalOf(details: unknown): ReceivedRefusal | null {
  const parsed = ReceivedRefusal.safeParse(details);
  return parsed.success ? parsed.data : null;
}

export function refusalText(t: TFunction, refusal: ReceivedRefusal): string {
  if (refusal.code === 'unknown') return t('errors.unknown');
  const vocabulary = STATUS_VOCABULARY[refusal.code];
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(refusal.params)) params[key] = paramText(t, vocabulary, key, value);
  // No context: i18next's types would otherwise read a `context` param as the message's variant.
  return t(`errors.refusal.${refusal.code}`, { ...params, context: undefined });
}

export function rejectionText(t: TFunction, code: RejectionCode | 'unknown'): string {
  return code === 'unknown' ? t('errors.unknown') : t(`errors.rejection.${code}`);
}

export function apiErrorText(t: TFunction, code: ApiErrorCode | 'unknown'): string {
  return code === 'unknown' ? t('errors.unknown') : t(`errors.api.${code}`);
}

type StatusVocabulary = 'order' | 'parts' | 'campaign' | 'complaint';

/** Which statuses a refusal's `status`, `from`, `to` and `allowed` name. */
const STATUS_VOCABULARY: Record<RefusalCode, StatusVocabulary> = {
  order_already_in_status: 'order',
  order_cancelled: 'order',
  order_done_cannot_cancel: 'order',
  order_closed: 'order',
  order_next_status_not_allowed: 'order',
  order_not_dispatchable: 'order',
  outlet_unknown: 'order',
  outlet_does_not_serve: 'order',
  appointment_ends_before_start: 'order',
  appointment_too_short: 'order',
  appointment_too_long: 'order',
  appointment_in_past: 'order',
  appointment_too_far_ahead: 'order',
  parts_request_already_in_status: 'parts',
  parts_request_final: 'parts',
  parts_request_next_status_not_allowed: 'parts',
  parts_order_finished: 'order',
  campaign_outcome_final: 'campaign',
  campaign_call_back_time_required: 'campaign',
  campaign_call_back_in_past: 'campaign',
  campaign_call_back_unexpected: 'campaign',
  follow_up_already_done: 'order',
  follow_up_call_back_in_past: 'order',
  order_product_required: 'order',
  order_fee_consent_required: 'order',
  order_duplicate_reason_required: 'order',
  order_completion_required: 'order',
  order_cancel_reason_required: 'order',
  order_not_owner: 'order',
  order_visited_needs_follow_up: 'order',
  order_follow_up_pending: 'order',
  vip_tier_supervisors_only: 'order',
  serial_number_taken: 'order',
  complaint_already_in_status: 'complaint',
  complaint_final: 'complaint',
  complaint_next_status_not_allowed: 'complaint',
  complaint_resolution_missing: 'complaint',
  complaint_compensation_amount_missing: 'complaint',
  complaint_compensation_amount_unexpected: 'complaint',
  complaint_deadline_in_past: 'complaint',
  complaint_step_out_of_order: 'complaint',
  phone_taken: 'order',
  region_required: 'order',
  region_unknown: 'order',
  customer_region_unpicked: 'order',
  handover_no_orders: 'order',
  handover_no_receivers: 'order',
  handover_to_self: 'order',
  handover_receiver_unknown: 'order',
  handover_receiver_other_branch: 'order',
  handover_receiver_cannot_hold: 'order',
  handover_order_not_mine: 'order',
  handover_order_not_open: 'order',
  handover_note_too_long: 'order',
  handover_order_note_too_long: 'order',
  handover_too_many_orders: 'order',
  reassign_not_team_lead: 'order',
  reassign_agent_unknown: 'order',
  reassign_agent_other_branch: 'order',
  reassign_reason_required: 'order',
  reassign_reason_too_long: 'order',
  reassign_order_not_theirs: 'order',
  reassign_to_same_agent: 'order',
  duplicate_review_not_team_lead: 'order',
  duplicate_review_other_branch: 'order',
  duplicate_review_not_duplicate: 'order',
  duplicate_review_already_decided: 'order',
  duplicate_review_order_not_open: 'order',
  duplicate_review_reason_required: 'order',
  duplicate_review_reason_too_long: 'order',
  dispatch_awaits_duplicate_review: 'order',
  dispatch_duplicate_rejected: 'order',
  contact_text_empty: 'order',
  contact_text_too_long: 'order',
  contact_in_future: 'order',
};

const STATUS_PARAMS = new Set(['status', 'from', 'to']);

function paramText(t: TFunction, vocabulary: StatusVocabulary, key: string, value: unknown): string {
  if (STATUS_PARAMS.has(key)) return statusText(t, vocabulary, value);
  if (key === 'allowed' && Array.isArray(value)) return value.map((status) => statusText(t, vocabulary, status)).join(t('errors.listSeparator'));
  if (key === 'category') {
    const category = ProductCategory.safeParse(value);
    return category.success ? t(`category.${category.data}`) : t('errors.anyCategory');
  }
  if (key === 'doneAt' && typeof value === 'string') return formatDateTime(value);
  if (key === 'kind') {
    const kind = CompensationKind.safeParse(value);
    if (kind.success) return t(`complaints.compensationName.${kind.data}`);
  }
  if (key === 'orderNumbers' && Array.isArray(value)) return value.join('、');
  if (key === 'role') {
    const role = AgentRole.safeParse(value);
    if (role.success && role.data !== 'agent') return t(`header.role.${role.data}`);
  }
  return String(value ?? '?');
}

function statusText(t: TFunction, vocabulary: StatusVocabulary, value: unknown): string {
  if (vocabulary === 'parts') {
    const status = PartsRequestStatus.safeParse(value);
    if (status.success) return t(`partsRequests.statusName.${status.data}`);
  } else if (vocabulary === 'complaint') {
    const status = ComplaintStatus.safeParse(value);
    if (status.success) return t(`complaints.statusName.${status.data}`);
  } else if (vocabulary === 'campaign') {
    const status = CampaignOutcome.safeParse(value);
    if (status.success) return t(`campaigns.outcome.${status.data}`);
  } else {
    const status = ServiceOrderStatus.safeParse(value);
    if (status.success) return t(`orderStatus.${status.data}`);
  }
  return String(value);
}
