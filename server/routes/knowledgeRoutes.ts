import { IdParam, KnowledgeList, KnowledgeQuery } from '../../shared/api/rest.js';
import { KnowledgeArticle } from '../../shared/domain/knowledge.js';
import { agentRoute } from '../http/route.js';
import { scopeOf } from '../scope/agentScope.js';
import { knowledgeArticle, searchKnowledge } from '../knowledge/searchKnowledge.js';

export const searchKnowledgeRoute = agentRoute({
  method: 'GET',
  url: '/knowledge',
  summary: "Standard answers and scripts published to the agent's branch, by title; query matches title, body and tags; filter by category; page with cursor and limit",
  query: KnowledgeQuery,
  response: KnowledgeList,
  handler: ({ caller, query }, { db }) => searchKnowledge(db, scopeOf(caller), query),
});

export const knowledgeArticleRoute = agentRoute({
  method: 'GET',
  url: '/knowledge/:id',
  summary: 'One standard answer or script',
  errors: [403, 404],
  params: IdParam,
  response: KnowledgeArticle,
  handler: ({ caller, params }, { db }) => knowledgeArticle(db, caller, params.id),
});
