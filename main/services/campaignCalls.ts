import type { CampaignWithProgress } from '../../shared/api/rest.js';
import { CampaignTarget, campaignCallBackRefusal, campaignOutcomeRefusal, type Campaign, type CampaignOutcome } from '../../shared/domain/campaign.js';
import type { Customer } from '../../shared/domain/customer.js';
import { WorkstationError } from '../../shared/workstationApi.js';
import type { LocalCache } from './localCache/localCache.js';
import { nowOf, recordLocalRow, type SeatChangeContext } from './recordLocalRow.js';

/** The branch's campaigns in the cache, newest first, each with its targets counted by status. */
export function campaignsWithProgress(cache: LocalCache): CampaignWithProgress[] {
  return cache.campaigns.all().map((campaign) => ({ ...campaign, progress: cache.campaignTargets.progress(campaign.id) }));
}

/** Preview dialing: the next pending target and the customer's record, before the agent dials. */
export function nextCampaignCall(
  cache: LocalCache,
  campaignId: string,
  afterPosition = -1,
): { campaign: Campaign; target: CampaignTarget; customer: Customer | null } | null {
  const campaign = cache.campaigns.get(campaignId);
  if (!campaign) throw new WorkstationError('not_found', `campaign ${campaignId} is not in this seat's cache`);
  const target = cache.campaignTargets.nextPending(campaignId, afterPosition);
  return target ? { campaign, target, customer: cache.customers.get(target.customerId) } : null;
}

/** One target with its campaign and the customer's record (a call back opened from My work). */
export function campaignCall(cache: LocalCache, targetId: string): { campaign: Campaign; target: CampaignTarget; customer: Customer | null } {
  const target = cache.campaignTargets.find(targetId);
  const campaign = target && !target.deleted ? cache.campaigns.get(target.campaignId) : null;
  if (!target || !campaign) throw new WorkstationError('not_found', `campaign target ${targetId} is not in this seat's cache`);
  return { campaign, target, customer: cache.customers.get(target.customerId) };
}

/**
 * Records how the call to a target went, by this agent, now (offline too); done and refused are
 * final; a call back needs a time later than now (campaignCallBackRefusal), and My work lists it then.
 */
export function recordCampaignOutcome(ctx: SeatChangeContext, input: { targetId: string; status: CampaignOutcome; notes: string; callBackAt: string | null }): CampaignTarget {
  const target = ctx.cache.campaignTargets.find(input.targetId);
  if (!target || target.deleted) throw new WorkstationError('not_found', `campaign target ${input.targetId} is not in this seat's cache`);
  const refusal = campaignOutcomeRefusal(target.status);
  if (refusal) throw WorkstationError.refused('invalid_transition', refusal);
  const now = nowOf(ctx);
  const callBackAt = input.callBackAt === null ? null : new Date(input.callBackAt).toISOString();
  const callBack = campaignCallBackRefusal(input.status, callBackAt, now);
  if (callBack) throw WorkstationError.refused('details_required', callBack);
  const patch = { status: input.status, outcomeNotes: input.notes, calledAt: now.toISOString(), calledBy: ctx.agent.id, callBackAt };
  return recordLocalRow(ctx, { entity: 'campaignTarget', entityId: target.id, op: 'update', patch }, CampaignTarget);
}
