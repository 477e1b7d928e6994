import { FollowUpList, FollowUpListQuery } from '../../shared/api/rest.js';
import { listFollowUps } from '../followUps/listFollowUps.js';
import { agentRoute } from '../http/route.js';
import { scopeOf } from '../scope/agentScope.js';

export const listFollowUpsRoute = agentRoute({
  method: 'GET',
  url: '/follow-ups',
  summary: "The agent's branch's follow-ups (call backs after completed orders), soonest due first; filter by status; page with cursor and limit",
  query: FollowUpListQuery,
  response: FollowUpList,
  handler: ({ caller, query }, { db }) => listFollowUps(db, scopeOf(caller), query),
});
