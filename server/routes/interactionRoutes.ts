import { InteractionList, InteractionListQuery } from '../../shared/api/rest.js';
import { scopedListRoute } from './scopedRoutes.js';
import { listInteractions } from '../interactions/listInteractions.js';

export const listInteractionsRoute = scopedListRoute({
  url: '/interactions',
  summary: "The calls in the agent's scope, newest first; filter by customer; page with cursor and limit",
  query: InteractionListQuery,
  response: InteractionList,
  list: listInteractions,
});
