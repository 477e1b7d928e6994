import type { Route } from '../http/route.js';
import { agentDetailRoute, branchDetailRoute, listAgentsRoute, listBranchesRoute } from './agentRoutes.js';
import { loginRoute, logoutRoute, revokeAgentSessionsRoute } from './authRoutes.js';
import { campaignDetailRoute, campaignTargetsRoute, listCampaignsRoute, nextCampaignTargetRoute } from './campaignRoutes.js';
import { createCustomerRoute, customerDetailRoute, searchCustomersRoute } from './customerRoutes.js';
import { listFollowUpsRoute } from './followUpRoutes.js';
import { healthzRoute, readyzRoute } from './healthRoutes.js';
import { listInteractionsRoute } from './interactionRoutes.js';
import { knowledgeArticleRoute, searchKnowledgeRoute } from './knowledgeRoutes.js';
import { openApiRoute } from './openApiRoute.js';
import { duplicateOrdersRoute, listOrdersRoute, orderDetailRoute, orderEventsRoute } from './orderRoutes.js';
import { listOutletsRoute } from './outletRoutes.js';
import { changePartsRequestStatusRoute, createPartsRequestRoute, listPartsRequestsRoute, partsRequestDetailRoute } from './partsRequestRoutes.js';
import { createProductRoute, listProductsRoute, productDetailRoute } from './productRoutes.js';
import { syncEventsRoute, syncPullRoute, syncPushRoute } from './syncRoutes.js';

/** Every route of the backend: registration and the OpenAPI document both come from this list. */
export const routeTable: readonly Route[] = [
  healthzRoute,
  readyzRoute,
  openApiRoute,
  loginRoute,
  logoutRoute,
  searchCustomersRoute,
  customerDetailRoute,
  createCustomerRoute,
  listOrdersRoute,
  duplicateOrdersRoute,
  orderDetailRoute,
  orderEventsRoute,
  listOutletsRoute,
  listFollowUpsRoute,
  listInteractionsRoute,
  listProductsRoute,
  productDetailRoute,
  createProductRoute,
  searchKnowledgeRoute,
  knowledgeArticleRoute,
  listPartsRequestsRoute,
  partsRequestDetailRoute,
  createPartsRequestRoute,
  changePartsRequestStatusRoute,
  listCampaignsRoute,
  campaignDetailRoute,
  campaignTargetsRoute,
  nextCampaignTargetRoute,
  listAgentsRoute,
  agentDetailRoute,
  revokeAgentSessionsRoute,
  listBranchesRoute,
  branchDetailRoute,
  syncPullRoute,
  syncPushRoute,
  syncEventsRoute,
];
