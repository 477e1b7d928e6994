import { z } from 'zod';
import { DuplicateCheckQuery, DuplicateOrderList, OrderList, OrderListQuery } from '../../shared/api/rest.js';
import { OrderEvent } from '../../shared/domain/orderEvent.js';
import { ServiceOrder } from '../../shared/domain/serviceOrder.js';
import { agentRoute } from '../http/route.js';
import { duplicateOrders } from '../orders/duplicateOrders.js';
import { listOrders } from '../orders/listOrders.js';
import { orderDetail } from '../orders/orderDetail.js';
import { orderEvents } from '../orders/orderEvents.js';
import { resourceRoutes, scopedDetailRoute } from './scopedRoutes.js';

const duplicateOrdersRoute = agentRoute({
  method: 'GET',
  url: '/orders/duplicates',
  summary:
    'Open orders a new order would duplicate: same type, and the same serial number, or the same phone and product category within 7 days. Shown to the agent, never enforced',
  errors: [403, 404],
  query: DuplicateCheckQuery,
  response: DuplicateOrderList,
  handler: async ({ caller, query }, { db }) => ({ items: await duplicateOrders(db, caller, query, new Date()) }),
});

const orderEventsRoute = scopedDetailRoute({
  url: '/orders/:id/events',
  summary: "A service order's history, oldest first: its creation, each status change and each owner change, with who and when",
  response: z.object({ items: z.array(OrderEvent) }),
  read: async (db, caller, id) => ({ items: await orderEvents(db, caller, id) }),
});

export const orderRoutes = resourceRoutes({
  url: '/orders',
  list: {
    summary: "The service orders in the agent's scope (their branch's, and any they own), newest first; filter by status or customer; page with cursor and limit",
    query: OrderListQuery,
    response: OrderList,
    list: listOrders,
  },
  collection: [duplicateOrdersRoute],
  detail: { summary: 'One service order', response: ServiceOrder, read: orderDetail },
  item: [orderEventsRoute],
});
