import { SyncPullQuery, SyncPullResponse } from '../../shared/api/rest.js';
import { agentRoute } from '../http/route.js';
import { pullChanges } from '../sync/pullChanges.js';

export const syncPullRoute = agentRoute({
  method: 'GET',
  url: '/sync/pull',
  summary: "Changes after `cursor` in the agent's branch, in seq order, each with the row's current state",
  query: SyncPullQuery,
  response: SyncPullResponse,
  handler: ({ caller, query }, { db }) => pullChanges(db, caller.branchId, query.cursor, query.limit),
});
