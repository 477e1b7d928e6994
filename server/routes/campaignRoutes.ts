import { z } from 'zod';
import { AgentList, CampaignList, CampaignListQuery, CampaignTargetList, CampaignTargetListQuery, CampaignWithProgress, IdParam } from '../../shared/api/rest.js';
import { CampaignTarget } from '../../shared/domain/campaign.js';
import { CampaignAssignRequest, CampaignAssignResult, CampaignImportRequest, CampaignImportResult } from '../../shared/domain/campaignImport.js';
import { campaignDetail, listCampaignTargets, listCampaigns, nextCampaignTarget } from '../campaigns/campaigns.js';
import { assignCampaignTargets, assignableAgents, importCampaignTargets, listManagedCampaigns } from '../campaigns/campaignTargetLists.js';
import { agentRoute } from '../http/route.js';
import { itemWriteRoute, resourceRoutes } from './scopedRoutes.js';

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

const importCampaignTargetsRoute = itemWriteRoute({
  url: '/campaigns/:id/targets/import',
  summary:
    "A supervisor (the branch's campaigns) or headquarters (any branch's) imports customers as targets: each row names a customer by id and/or phone; " +
    'dryRun checks every row (unknown customer, phone of another customer, twice in the file, already a target) and writes nothing; ' +
    'otherwise every row is written as a pending target in one transaction, or none (400 with each row\'s result in details.import)',
  errors: [403, 404],
  body: CampaignImportRequest,
  response: CampaignImportResult,
  // 10,000 rows of a customer id and a phone are about 0.9 MB of JSON: room for that, not for more.
  bodyLimit: 4 * 1024 * 1024,
  write: importCampaignTargets,
});

const assignCampaignTargetsRoute = itemWriteRoute({
  url: '/campaigns/:id/targets/assign',
  summary:
    "A supervisor or headquarters shares the campaign's targets still to call (by default those assigned to nobody) out to agents of the campaign's branch, round-robin in dialing order",
  errors: [403, 404],
  body: CampaignAssignRequest,
  response: CampaignAssignResult,
  write: assignCampaignTargets,
});

const assignableAgentsRoute = agentRoute({
  method: 'GET',
  url: '/campaigns/:id/assignable-agents',
  summary: "The agents a managed campaign's targets may be assigned to: those of the campaign's branch who call customers",
  errors: [403, 404],
  params: IdParam,
  response: AgentList,
  handler: async ({ caller, params }, { db }) => ({ items: await assignableAgents(db, caller, params.id) }),
});

const managedCampaignsRoute = agentRoute({
  method: 'GET',
  url: '/campaigns/managed',
  summary: 'The campaigns whose target lists the caller manages (a supervisor: the branch; headquarters: every branch), newest first, with progress',
  errors: [403],
  query: CampaignListQuery.pick({ cursor: true, limit: true }),
  response: CampaignList,
  handler: ({ caller, query }, { db }) => listManagedCampaigns(db, caller, query),
});

export const campaignTargetListRoutes = [managedCampaignsRoute, importCampaignTargetsRoute, assignCampaignTargetsRoute, assignableAgentsRoute];

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
