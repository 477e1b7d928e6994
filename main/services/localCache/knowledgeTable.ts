import type { ArticleLanguage, KnowledgeArticle } from '../../../shared/domain/knowledge.js';
import type { ProductCategory } from '../../../shared/domain/product.js';
import { knowledgeArticleEntity } from '../../../shared/entities/syncedEntities.js';
import type { LocalCacheDb } from './openLocalCache.js';
import { cacheRowMapping, syncedTableStatements } from './syncedTableStatements.js';
import { ftsPhrase } from './searchText.js';

/** All SQL touching the cache's `knowledge_articles` table (standard answers and scripts, pulled only). */

const articleRows = cacheRowMapping(knowledgeArticleEntity);

/**
 * An FTS5 query where every typed word must match (title, tags or body), the last one also as a
 * prefix so results follow the typing. Words are quoted phrases: input cannot inject query syntax.
 */
function matchQuery(text: string): string | null {
  const words = text.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return null;
  return words.map((word, i) => (i === words.length - 1 ? `${ftsPhrase(word)}*` : ftsPhrase(word))).join(' AND ');
}

/** What narrows a knowledge search (category) and what only ranks first (preferCategory, language). */
export interface KnowledgeSearchOptions {
  category: ProductCategory | null;
  preferCategory: ProductCategory | null;
  language: ArticleLanguage | null;
}

export function knowledgeTable(db: LocalCacheDb) {
  const articles = syncedTableStatements(db, 'knowledge_articles', articleRows);
  // The screen's language first, then the preferred category, then the best match (bm25 over
  // title, tags, body, the title weighing most).
  const search = db.prepare(`
    SELECT k.* FROM knowledge_fts f JOIN knowledge_articles k ON k.rowid = f.rowid
    WHERE knowledge_fts MATCH @match AND k.deleted = 0 AND (@category IS NULL OR k.category = @category OR k.category IS NULL)
    ORDER BY k.language IS @language DESC, k.category IS @prefer DESC, bm25(knowledge_fts, 10.0, 5.0, 1.0), k.title LIMIT @limit`);
  const browse = db.prepare(`
    SELECT * FROM knowledge_articles WHERE deleted = 0 AND (@category IS NULL OR category = @category OR category IS NULL)
    ORDER BY language IS @language DESC, category IS @prefer DESC, title LIMIT @limit`);

  return {
    upsert: articles.upsert,
    get: articles.get,
    /**
     * Articles matching every word of `text` (no text: all articles by title); with a category,
     * that category's articles and the general ones. Those in `language`, then those of
     * `preferCategory`, come first: a preference never hides an article.
     */
    search(text: string, { category, preferCategory, language }: KnowledgeSearchOptions, limit: number): KnowledgeArticle[] {
      const match = matchQuery(text);
      const params = { category, prefer: preferCategory, language, limit };
      const found = match === null ? browse.all(params) : search.all({ ...params, match });
      return articles.rows(found);
    },
  };
}
