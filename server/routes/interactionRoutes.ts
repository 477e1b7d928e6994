import { InteractionList, InteractionListQuery } from '../../shared/api/rest.js';
import { agentRoute } from '../http/route.js';
import { scopeOf } from '../scope/agentScope.js';
import { listInteractions } from '../interactions/listInteractions.js';

export const listInteractionsRoute = agentRoute({
  method: 'GET',
  url: '/interactions',
  summary: "The agent's branch's calls, newest first; filter by customer; page with cursor and limit",
  query: InteractionListQuery,
  response: InteractionList,
  handler: ({ caller, query }, { db }) => listInteractions(db, scopeOf(caller), query),
});
