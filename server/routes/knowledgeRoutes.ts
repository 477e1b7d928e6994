import { KnowledgeList, KnowledgeQuery } from '../../shared/api/rest.js';
import { KnowledgeArticle } from '../../shared/domain/knowledge.js';
import { knowledgeArticle, searchKnowledge } from '../knowledge/searchKnowledge.js';
import { resourceRoutes } from './scopedRoutes.js';

export const knowledgeRoutes = resourceRoutes({
  url: '/knowledge',
  list: {
    summary: "Standard answers and scripts published to the agent's branch, by title; query matches title, body and tags; filter by category; page with cursor and limit",
    query: KnowledgeQuery,
    response: KnowledgeList,
    list: searchKnowledge,
  },
  detail: { summary: 'One standard answer or script', response: KnowledgeArticle, read: knowledgeArticle },
});
