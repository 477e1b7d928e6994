import { FollowUpList, FollowUpListQuery } from '../../shared/api/rest.js';
import { listFollowUps } from '../followUps/listFollowUps.js';
import { scopedListRoute } from './scopedRoutes.js';

export const listFollowUpsRoute = scopedListRoute({
  url: '/follow-ups',
  summary: "The follow-ups in the agent's scope (call backs after completed orders), soonest due first; filter by status; page with cursor and limit",
  query: FollowUpListQuery,
  response: FollowUpList,
  list: listFollowUps,
});
