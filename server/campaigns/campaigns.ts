import type { Kysely } from 'kysely';
import type { CampaignList, CampaignTargetList, CampaignWithProgress } from '../../shared/api/rest.js';
import type { Agent } from '../../shared/domain/branch.js';
import { noCampaignProgress, type Campaign, type CampaignKind, type CampaignTarget, type CampaignTargetStatus } from '../../shared/domain/campaign.js';
import type { ServerSchema } from '../db/schema.js';
import { campaignFromRecord, campaignTargetFromRecord } from '../db/syncedRecords.js';
import { keysetPage } from '../http/keysetPage.js';
import { scopeOf, type AgentScope } from '../scope/agentScope.js';
import { readable, scopedPage } from '../scope/scopedReads.js';

/** The campaigns in the agent's scope, newest start first, by keyset pages, each with its targets counted by status. */
export async function listCampaigns(
  db: Kysely<ServerSchema>,
  scope: AgentScope,
  filter: { kind?: CampaignKind; cursor?: string; limit: number },
): Promise<CampaignList> {
  const page = await scopedPage(db, 'campaigns', scope, {
    equal: { kind: filter.kind },
    order: { column: 'startsOn', direction: 'desc' },
    page: filter,
    item: campaignFromRecord,
  });
  return { items: await withProgress(db, page.items), nextCursor: page.nextCursor };
}

/** One campaign with its progress; 404 if absent, 403 if outside the agent's scope. */
export async function campaignDetail(db: Kysely<ServerSchema>, agent: Agent, id: string): Promise<CampaignWithProgress> {
  const [campaign] = await withProgress(db, [await campaignInScope(db, agent, id)]);
  if (!campaign) throw new Error('withProgress lost the campaign');
  return campaign;
}

/** A campaign's targets in dialing order, by keyset pages. */
export async function listCampaignTargets(
  db: Kysely<ServerSchema>,
  agent: Agent,
  campaignId: string,
  filter: { status?: CampaignTargetStatus; cursor?: string; limit: number },
): Promise<CampaignTargetList> {
  await campaignInScope(db, agent, campaignId);
  let query = db.selectFrom('campaignTargets').selectAll().where('campaignId', '=', campaignId).where('deleted', '=', 0);
  if (filter.status) query = query.where('status', '=', filter.status);
  const page = await keysetPage(query, { column: 'position', direction: 'asc', integer: true }, filter);
  return { items: page.items.map(campaignTargetFromRecord), nextCursor: page.nextCursor };
}

/** Preview dialing: the campaign's first pending target, or null when none is left. */
export async function nextCampaignTarget(db: Kysely<ServerSchema>, agent: Agent, campaignId: string): Promise<CampaignTarget | null> {
  const { items } = await listCampaignTargets(db, agent, campaignId, { status: 'pending', limit: 1 });
  return items[0] ?? null;
}

async function campaignInScope(db: Kysely<ServerSchema>, agent: Agent, id: string): Promise<Campaign> {
  const record = await db.selectFrom('campaigns').selectAll().where('id', '=', id).where('deleted', '=', 0).executeTakeFirst();
  return campaignFromRecord(readable(record, scopeOf(agent), 'campaign'));
}

/** The campaigns with their targets counted by status. */
export async function withProgress(db: Kysely<ServerSchema>, campaigns: Campaign[]): Promise<CampaignWithProgress[]> {
  if (campaigns.length === 0) return [];
  const counts = await db
    .selectFrom('campaignTargets')
    .select((eb) => ['campaignId', 'status', eb.fn.countAll().as('n')])
    .where('campaignId', 'in', campaigns.map((c) => c.id))
    .where('deleted', '=', 0)
    .groupBy(['campaignId', 'status'])
    .execute();
  return campaigns.map((campaign) => {
    const progress = noCampaignProgress();
    for (const row of counts) if (row.campaignId === campaign.id) progress[row.status] = Number(row.n);
    return { ...campaign, progress };
  });
}
