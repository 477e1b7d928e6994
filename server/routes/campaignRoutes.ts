import { z } from 'zod';
import { CampaignList, CampaignListQuery, CampaignTargetList, CampaignTargetListQuery, CampaignWithProgress, IdParam } from '../../shared/api/rest.js';
import { CampaignTarget } from '../../shared/domain/campaign.js';
import { campaignDetail, listCampaignTargets, listCampaigns, nextCampaignTarget } from '../campaigns/campaigns.js';
import { agentRoute } from '../http/route.js';
import { scopeOf } from '../scope/agentScope.js';

export const listCampaignsRoute = agentRoute({
  method: 'GET',
  url: '/campaigns',
  summary: "The agent's branch's outbound lists (delivery confirmation, installation appointment, promotion), newest first, with progress; page with cursor and limit",
  query: CampaignListQuery,
  response: CampaignList,
  handler: ({ caller, query }, { db }) => listCampaigns(db, scopeOf(caller), query),
});

export const campaignDetailRoute = agentRoute({
  method: 'GET',
  url: '/campaigns/:id',
  summary: 'One campaign with its targets counted by status',
  errors: [403, 404],
  params: IdParam,
  response: CampaignWithProgress,
  handler: ({ caller, params }, { db }) => campaignDetail(db, caller, params.id),
});

export const campaignTargetsRoute = agentRoute({
  method: 'GET',
  url: '/campaigns/:id/targets',
  summary: "A campaign's targets in dialing order; filter by status; page with cursor and limit (outcomes are recorded through /sync/push)",
  errors: [403, 404],
  params: IdParam,
  query: CampaignTargetListQuery,
  response: CampaignTargetList,
  handler: ({ caller, params, query }, { db }) => listCampaignTargets(db, caller, params.id, query),
});

export const nextCampaignTargetRoute = agentRoute({
  method: 'GET',
  url: '/campaigns/:id/next-target',
  summary: "Preview dialing: the campaign's next pending target (null when none is left)",
  errors: [403, 404],
  params: IdParam,
  response: z.object({ target: CampaignTarget.nullable() }),
  handler: async ({ caller, params }, { db }) => ({ target: await nextCampaignTarget(db, caller, params.id) }),
});
