import { KnowledgeList, KnowledgeQuery } from '../../shared/api/rest.js';
import { KnowledgeArticle } from '../../shared/domain/knowledge.js';
import { knowledgeArticle, searchKnowledge } from '../knowledge/searchKnowledge.js';
import { scopedDetailRoute, scopedListRoute } from './scopedRoutes.js';

export const searchKnowledgeRoute = scopedListRoute({
  url: '/knowledge',
  summary: "Standard answers and scripts published to the agent's branch, by title; query matches title, body and tags; filter by category; page with cursor and limit",
  query: KnowledgeQuery,
  response: KnowledgeList,
  list: searchKnowledge,
});

export const knowledgeArticleRoute = scopedDetailRoute({
  url: '/knowledge/:id',
  summary: 'One standard answer or script',
  response: KnowledgeArticle,
  read: knowledgeArticle,
});
