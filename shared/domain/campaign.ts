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

export const CampaignTargetStatus = z.enum(['pending', 'done', 'no_answer', 'refused']);
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
});
export type CampaignTarget = z.infer<typeof CampaignTarget>;

/** The fields an outcome sets, all together. */
export const CAMPAIGN_OUTCOME_FIELDS: readonly string[] = ['status', 'outcomeNotes', 'calledAt', 'calledBy'];

/** Why an outcome cannot be recorded on a target in `current`; null when it can. */
export function campaignOutcomeRefusal(current: CampaignTargetStatus): Refusal | null {
  return current === 'done' || current === 'refused' ? refusal('campaign_outcome_final', { status: current }) : null;
}
