import { z } from 'zod';
import { CanonicalPhone } from './customer.js';
import { refusal, type Refusal } from './refusal.js';
import { IsoDate, IsoTimestamp, syncedRowFields } from './syncedRow.js';

export const CampaignKind = z.enum(['delivery_confirmation', 'installation_appointment', 'promotion']);
export type CampaignKind = z.infer<typeof CampaignKind>;

/**
 * An outbound list (docs/architecture.md §1, step 5), made at headquarters for one branch: synced to its
 * seats, never edited there.
 */
export const Campaign = z.object({
  ...syncedRowFields,
  branchId: z.string().uuid(),
  name: z.string().trim().min(1).max(100),
  kind: CampaignKind,
  /** What the agent says: shown with each target's card. */
  script: z.string().max(4000),
  startsOn: IsoDate,
  endsOn: IsoDate,
});
export type Campaign = z.infer<typeof Campaign>;

/**
 * `call_back`: the customer asked to be called again at `callBackAt`; the agent it is assigned to
 * (or who set it, when it is assigned to nobody) finds it in My work at that time.
 */
export const CampaignTargetStatus = z.enum(['pending', 'done', 'no_answer', 'refused', 'call_back']);
export type CampaignTargetStatus = z.infer<typeof CampaignTargetStatus>;

/** The outcomes an agent records after calling a target. */
export const CampaignOutcome = CampaignTargetStatus.exclude(['pending']);
export type CampaignOutcome = z.infer<typeof CampaignOutcome>;

/**
 * One customer to call in a campaign. Seats record outcomes (offline too); a target not
 * answering is called again later, done and refused are final (campaignOutcomeRefusal).
 */
export const CampaignTarget = z.object({
  ...syncedRowFields,
  campaignId: z.string().uuid(),
  branchId: z.string().uuid(),
  customerId: z.string().uuid(),
  phone: CanonicalPhone,
  /** Preview dialing takes pending targets in this order. */
  position: z.number().int().nonnegative(),
  status: CampaignTargetStatus,
  outcomeNotes: z.string().max(2000),
  calledAt: IsoTimestamp.nullable(),
  calledBy: z.string().uuid().nullable(),
  /** The agent of the branch who works this target (a supervisor assigns: server/campaigns/campaignTargetLists.ts); null: whoever works the campaign. */
  assignedAgentId: z.string().uuid().nullable().default(null),
  /** When the customer asked to be called again (status `call_back`); null otherwise. */
  callBackAt: IsoTimestamp.nullable().default(null),
});
export type CampaignTarget = z.infer<typeof CampaignTarget>;

/** The fields an outcome sets, all together. */
export const CAMPAIGN_OUTCOME_FIELDS: readonly string[] = ['status', 'outcomeNotes', 'calledAt', 'calledBy', 'callBackAt'];

/** An empty progress count: every status at zero. */
export function noCampaignProgress(): Record<CampaignTargetStatus, number> {
  return { pending: 0, done: 0, no_answer: 0, refused: 0, call_back: 0 };
}

/**
 * Why an outcome's call-back time is refused (null: it is fine): a call back needs a time later
 * than the moment the agent records it (`calledAt`: the seat's clock, so an outcome recorded
 * offline and pushed later is judged by when it was set); any other outcome has none.
 */
export function campaignCallBackRefusal(status: CampaignOutcome, callBackAt: string | null, calledAt: Date): Refusal | null {
  if (status !== 'call_back') return callBackAt === null ? null : refusal('campaign_call_back_unexpected', { status }, 'callBackAt');
  if (callBackAt === null) return refusal('campaign_call_back_time_required', {}, 'callBackAt');
  if (Date.parse(callBackAt) <= calledAt.getTime()) return refusal('campaign_call_back_in_past', {}, 'callBackAt');
  return null;
}

/** Why an outcome cannot be recorded on a target in `current`; null when it can. */
export function campaignOutcomeRefusal(current: CampaignTargetStatus): Refusal | null {
  return current === 'done' || current === 'refused' ? refusal('campaign_outcome_final', { status: current }) : null;
}
