import { sql, type Kysely } from 'kysely';
import type { KnowledgeList } from '../../shared/api/rest.js';
import type { Agent } from '../../shared/domain/branch.js';
import type { KnowledgeArticle } from '../../shared/domain/knowledge.js';
import type { ProductCategory } from '../../shared/domain/product.js';
import type { ServerSchema } from '../db/schema.js';
import { knowledgeArticleFromRecord } from '../db/syncedRecords.js';
import { scopeOf, type AgentScope } from '../scope/agentScope.js';
import { readable, scopedPage } from '../scope/scopedReads.js';

export interface KnowledgeFilter {
  query?: string;
  category?: ProductCategory;
  cursor?: string;
  limit: number;
}

/**
 * The articles in the agent's scope (published to their branch) by title, in keyset pages. Each word of `query` must occur in the title,
 * body or tags (case-insensitive substring, so Chinese needs no word breaks). A branch holds
 * hundreds of articles: a scan of its rows is cheap, and the seats search their own FTS index.
 */
export async function searchKnowledge(db: Kysely<ServerSchema>, scope: AgentScope, filter: KnowledgeFilter): Promise<KnowledgeList> {
  const words = (filter.query ?? '').toLowerCase().split(/\s+/).filter(Boolean);
  return scopedPage(db, 'knowledgeArticles', scope, {
    equal: { category: filter.category },
    narrow: (query) =>
      words.reduce((narrowed, word) => {
        const pattern = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        return narrowed.where(sql<boolean>`lower(title || ' ' || body || ' ' || tags) like ${pattern} escape '\\'`);
      }, query),
    order: { column: 'title', direction: 'asc' },
    page: filter,
    item: knowledgeArticleFromRecord,
  });
}

/** One article; 404 if absent, 403 if outside the agent's scope (published to another branch). */
export async function knowledgeArticle(db: Kysely<ServerSchema>, agent: Agent, id: string): Promise<KnowledgeArticle> {
  const record = await db.selectFrom('knowledgeArticles').selectAll().where('id', '=', id).where('deleted', '=', 0).executeTakeFirst();
  return knowledgeArticleFromRecord(readable(record, scopeOf(agent), 'article'));
}
