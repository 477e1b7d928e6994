import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../tests/support/tempDir.js';
import { LocalCache } from './localCache.js';

/** An initial sync loads without secondary indexes and gets every one back, even after a crash mid-load. */
describe('secondary indexes during an initial sync', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (tmp = makeTempDir('bulk-indexes')));
  afterEach(() => tmp.cleanup());

  const indexes = (cache: LocalCache) =>
    (cache.db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name").all() as Array<{ name: string; sql: string }>).map(
      (i) => `${i.name}: ${i.sql}`,
    );

  it('drops the synced tables’ secondary indexes for the load and makes the same ones at its end', async () => {
    const cache = LocalCache.open(path.join(tmp.dir, 'cache.db'));
    const before = indexes(cache);
    expect(before.some((i) => i.startsWith('customers_phone:'))).toBe(true);
    cache.beginBulkLoad();
    const during = indexes(cache);
    expect(during.some((i) => i.startsWith('customers_phone:'))).toBe(false);
    expect(during.some((i) => i.startsWith('service_orders_customer:'))).toBe(false);
    // The outbox is not loaded by the sync: its index stays for local writes meanwhile.
    expect(during.some((i) => i.startsWith('outbox_entity:'))).toBe(true);
    expect(await cache.endBulkLoad()).toBe('worker');
    expect(indexes(cache)).toEqual(before);
    expect(cache.db.prepare("EXPLAIN QUERY PLAN SELECT * FROM customers WHERE phone = '+8613800138000'").all()).toEqual([
      expect.objectContaining({ detail: expect.stringContaining('customers_phone') }),
    ]);
    cache.close();
  });

  it('a seat that died mid-load gets its indexes back when it opens the cache again', () => {
    const file = path.join(tmp.dir, 'cache.db');
    const cache = LocalCache.open(file);
    const before = indexes(cache);
    cache.beginBulkLoad();
    cache.close(); // no endBulkLoad: as if the process had been killed
    const reopened = LocalCache.open(file);
    expect(indexes(reopened)).toEqual(before);
    reopened.close();
  });
});
