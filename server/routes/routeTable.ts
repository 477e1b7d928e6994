import type { Route } from '../http/route.js';
import { loginRoute } from './authRoutes.js';
import { createCustomerRoute, customerDetailRoute, searchCustomersRoute } from './customerRoutes.js';
import { listFollowUpsRoute } from './followUpRoutes.js';
import { healthzRoute, readyzRoute } from './healthRoutes.js';
import { listInteractionsRoute } from './interactionRoutes.js';
import { openApiRoute } from './openApiRoute.js';
import { duplicateOrdersRoute, listOrdersRoute, orderDetailRoute, orderEventsRoute } from './orderRoutes.js';
import { listOutletsRoute } from './outletRoutes.js';
import { syncEventsRoute, syncPullRoute, syncPushRoute } from './syncRoutes.js';

/** Every route of the backend: registration and the OpenAPI document both come from this list. */
export const routeTable: readonly Route[] = [
  healthzRoute,
  readyzRoute,
  openApiRoute,
  loginRoute,
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
  syncPullRoute,
  syncPushRoute,
  syncEventsRoute,
];
