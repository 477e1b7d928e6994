import { z } from 'zod';
import { ProductCategory } from './product.js';
import { IsoTimestamp, syncedRowFields } from './syncedRow.js';

/** The language an article is written in: agents answer in the caller's. */
export const ArticleLanguage = z.enum(['zh-CN', 'en']);
export type ArticleLanguage = z.infer<typeof ArticleLanguage>;

/**
 * A standard answer or call script (docs/architecture.md §1, step 7), written at headquarters and published
 * to a branch: synced to that branch's seats, read-only there, searchable offline. `category`
 * null: about no one product category (greetings, complaint handling).
 */
export const KnowledgeArticle = z.object({
  ...syncedRowFields,
  branchId: z.string().uuid(),
  category: ProductCategory.nullable(),
  language: ArticleLanguage,
  title: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(20_000),
  tags: z.array(z.string().trim().min(1).max(40)).max(20),
  updatedAt: IsoTimestamp,
});
export type KnowledgeArticle = z.infer<typeof KnowledgeArticle>;
