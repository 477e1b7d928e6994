import { OutletList, OutletQuery } from '../../shared/api/rest.js';
import { agentRoute } from '../http/route.js';
import { listOutlets } from '../outlets/listOutlets.js';

export const listOutletsRoute = agentRoute({
  method: 'GET',
  url: '/outlets',
  summary: "The agent's branch's authorised service outlets; with customerId and category, those that can take the order, nearest and least loaded first",
  errors: [403, 404],
  query: OutletQuery,
  response: OutletList,
  handler: async ({ caller, query }, { db }) => {
    const { customerId, category } = query;
    return { items: await listOutlets(db, caller, customerId && category ? { customerId, category } : undefined) };
  },
});
