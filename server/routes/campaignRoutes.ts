import { z } from 'zod';
import { CampaignList, CampaignListQuery, CampaignTargetList, CampaignTargetListQuery, CampaignWithProgress, IdParam } from '../../shared/api/rest.js';
import { CampaignTarget } from '../../shared/domain/campaign.js';
import { campaignDetail, listCampaignTargets, listCampaigns, nextCampaignTarget } from '../campaigns/campaigns.js';
import { agentRoute } from '../http/route.js';
import { resourceRoutes } from './scopedRoutes.js';

const campaignTargetsRoute = agentRoute({
  method: 'GET',
  url: '/campaigns/:id/targets',
  summary: "A campaign's targets in dialing order; filter by status; page with cursor and limit (outcomes are recorded through /sync/push)",
  errors: [403, 404],
  params: IdParam,
  query: CampaignTargetListQuery,
  response: CampaignTargetList,
  handler: ({ caller, params, query }, { db }) => listCampaignTargets(db, caller, params.id, query),
});

const nextCampaignTargetRoute = agentRoute({
  method: 'GET',
  url: '/campaigns/:id/next-target',
  summary: "Preview dialing: the campaign's next pending target (null when none is left)",
  errors: [403, 404],
  params: IdParam,
  response: z.object({ target: CampaignTarget.nullable() }),
  handler: async ({ caller, params }, { db }) => ({ target: await nextCampaignTarget(db, caller, params.id) }),
});

export const campaignRoutes = resourceRoutes({
  url: '/campaigns',
  list: {
    summary: "The outbound lists in the agent's scope (delivery confirmation, installation appointment, promotion), newest first, with progress; page with cursor and limit",
    query: CampaignListQuery,
    response: CampaignList,
    list: listCampaigns,
  },
  detail: { summary: 'One campaign with its targets counted by status', response: CampaignWithProgress, read: campaignDetail },
  item: [campaignTargetsRoute, nextCampaignTargetRoute],
});
