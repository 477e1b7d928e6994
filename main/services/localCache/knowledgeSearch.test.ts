import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SyncChange } from '../../../shared/api/rest.js';
import type { KnowledgeArticle } from '../../../shared/domain/knowledge.js';
import { makeTempDir } from '../../../tests/support/tempDir.js';
import { LocalCache } from './localCache.js';

/**
 * The knowledge base at the seat (issue 10, bug 8): the open order's category ranks first but
 * hides nothing, and articles in the screen's language come first.
 */
const tmp = makeTempDir('knowledge-search');
afterAll(tmp.cleanup);

const branchId = '0b1c2d3e-4f50-4a6b-8c7d-8e9f0a1b2c3d';
const ts = '2026-11-01T08:00:00.000Z';
let n = 0;
function article(over: Partial<KnowledgeArticle>): SyncChange {
  n += 1;
  return {
    seq: n,
    entity: 'knowledgeArticle',
    row: { id: `50000000-0000-4000-8000-${String(n).padStart(12, '0')}`, branchId, category: null, language: 'zh-CN', title: `文章${n}`, body: '正文', tags: [], updatedAt: ts, version: n, deleted: false, ...over },
  };
}

const cache = LocalCache.open(path.join(tmp.dir, 'knowledge.db'));
cache.applyPulledPage(
  [
    article({ category: 'air_conditioner', language: 'en', title: 'Air conditioner not cooling: troubleshooting script', body: 'Check the mode. 不制冷', tags: ['不制冷'] }),
    article({ category: 'air_conditioner', title: '空调不制冷的排查话术', body: '请客户确认遥控器为制冷模式。', tags: ['不制冷', '冷媒'] }),
    article({ category: 'tv', language: 'en', title: 'A TV with sound but no picture', body: 'Check the input source.' }),
    article({ category: 'tv', title: '电视有声音无图像', body: '请客户确认信号源。' }),
    article({ language: 'en', title: 'Warranty policy', body: 'Terms.' }),
    article({ title: '保修政策说明', body: '条款。' }),
  ],
  n,
  ts,
);
afterAll(() => cache.close());
const titles = (articles: KnowledgeArticle[]) => articles.map((a) => a.title);

describe('knowledge search at the seat', () => {
  it('"不制冷" finds the air-conditioner script while a TV order is open: its category ranks first, never filters', () => {
    const found = cache.knowledge.search('不制冷', { category: null, preferCategory: 'tv', language: 'zh-CN' }, 20);
    expect(titles(found)).toEqual(['空调不制冷的排查话术', 'Air conditioner not cooling: troubleshooting script']);
  });

  it('in the Chinese UI the Chinese articles come first, the open order’s category first among them', () => {
    const all = cache.knowledge.search('', { category: null, preferCategory: 'tv', language: 'zh-CN' }, 20);
    expect(all.map((a) => a.language)).toEqual(['zh-CN', 'zh-CN', 'zh-CN', 'en', 'en', 'en']);
    expect(titles(all).slice(0, 1)).toEqual(['电视有声音无图像']);
    expect(titles(cache.knowledge.search('', { category: null, preferCategory: null, language: 'en' }, 20)).slice(0, 3).sort()).toEqual([
      'A TV with sound but no picture',
      'Air conditioner not cooling: troubleshooting script',
      'Warranty policy',
    ]);
  });

  it('a category the agent picks filters: that category and the general articles', () => {
    const tv = cache.knowledge.search('', { category: 'tv', preferCategory: null, language: 'zh-CN' }, 20);
    expect(titles(tv).sort()).toEqual(['A TV with sound but no picture', 'Warranty policy', '保修政策说明', '电视有声音无图像']);
    expect(tv.map((a) => a.language)).toEqual(['zh-CN', 'zh-CN', 'en', 'en']);
  });
});
