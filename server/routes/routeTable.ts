import type { Route } from '../http/route.js';
import { agentDetailRoute, branchDetailRoute, listAgentsRoute, listBranchesRoute } from './agentRoutes.js';
import { loginRoute, logoutRoute, revokeAgentSessionsRoute } from './authRoutes.js';
import { campaignRoutes, campaignTargetListRoutes } from './campaignRoutes.js';
import { complaintRoutes, noteRoutes } from './complaintRoutes.js';
import { customerRoutes } from './customerRoutes.js';
import { listFollowUpsRoute } from './followUpRoutes.js';
import { healthzRoute, readyzRoute } from './healthRoutes.js';
import { listInteractionsRoute } from './interactionRoutes.js';
import { knowledgeRoutes } from './knowledgeRoutes.js';
import { kpiRoutes } from './kpiRoutes.js';
import { openApiRoute } from './openApiRoute.js';
import { orderRoutes } from './orderRoutes.js';
import { outletNetworkRoutes } from './outletNetworkRoutes.js';
import { listOutletsRoute } from './outletRoutes.js';
import { partsRequestRoutes, rdcStockRoute } from './partsRequestRoutes.js';
import { presenceRoutes } from './presenceRoutes.js';
import { productRoutes } from './productRoutes.js';
import { regionTableRoute } from './regionRoutes.js';
import { sipCredentialRoute } from './sipRoutes.js';
import { seatRoutes } from './seatRoutes.js';
import { syncEventsRoute, syncPullRoute, syncPushRoute } from './syncRoutes.js';

/** Every route of the backend: registration and the OpenAPI document both come from this list. */
export const routeTable: readonly Route[] = [
  healthzRoute,
  readyzRoute,
  openApiRoute,
  loginRoute,
  logoutRoute,
  ...customerRoutes,
  ...orderRoutes,
  listOutletsRoute,
  regionTableRoute,
  listFollowUpsRoute,
  listInteractionsRoute,
  ...productRoutes,
  ...knowledgeRoutes,
  ...partsRequestRoutes,
  rdcStockRoute,
  ...campaignTargetListRoutes,
  ...campaignRoutes,
  ...complaintRoutes,
  ...noteRoutes,
  listAgentsRoute,
  agentDetailRoute,
  revokeAgentSessionsRoute,
  listBranchesRoute,
  branchDetailRoute,
  ...kpiRoutes,
  ...outletNetworkRoutes,
  ...presenceRoutes,
  sipCredentialRoute,
  ...seatRoutes,
  syncPullRoute,
  syncPushRoute,
  syncEventsRoute,
];
