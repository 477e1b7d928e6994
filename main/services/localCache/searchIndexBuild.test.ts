import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncChange } from '../../../shared/api/rest.js';
import type { Customer } from '../../../shared/domain/customer.js';
import type { Product } from '../../../shared/domain/product.js';
import { generateDemoData } from '../../../server/seed/demoData.js';
import { makeTempDir } from '../../../tests/support/tempDir.js';
import Database from 'better-sqlite3-multiple-ciphers';
import { applyCacheKey } from './cacheEncryption.js';
import { LocalCache } from './localCache.js';
import { SEARCH_INDEXES } from './searchIndex.js';
import { SearchIndexBuild, sideFileOf } from './searchIndexBuild.js';

/**
 * The search indexes of an initial sync built by the worker thread beside the load must be the
 * same as those built from the tables at its end, whatever happened to the rows meanwhile:
 * rows changed or deleted after the worker read them, rows written after its last read.
 */
const households = [...generateDemoData({ customers: 1200 }).households()];
const customers = households.map((h) => h.customer);
const products = households.flatMap((h) => h.products);
const at = '2026-11-23T08:00:00.000Z';

function pageOf(rows: Array<{ entity: 'customer'; row: Customer } | { entity: 'product'; row: Product }>): SyncChange[] {
  return rows.map(({ entity, row }) => ({ seq: row.version, entity, row }) as SyncChange);
}
const asCustomers = (rows: Customer[]) => pageOf(rows.map((row) => ({ entity: 'customer' as const, row })));
const asProducts = (rows: Product[]) => pageOf(rows.map((row) => ({ entity: 'product' as const, row })));

/** Every entry of every full-text index (term, column, offset) by the id of the row it indexes. */
function indexContents(cache: LocalCache): { digest: string; entries: number } {
  const hash = crypto.createHash('sha256');
  let entries = 0;
  for (const { fts, source } of SEARCH_INDEXES) {
    cache.db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.${fts}_vocab USING fts5vocab(main, ${fts}, 'instance')`);
    const rows = cache.db
      .prepare(`SELECT s.id, v.term, v.col, v.offset FROM temp.${fts}_vocab v JOIN ${source} s ON s.rowid = v.doc ORDER BY s.id, v.col, v.offset, v.term`)
      .raw()
      .all() as unknown[][];
    for (const row of rows) hash.update(`${fts}|${row.join('|')}\n`);
    entries += rows.length;
    // Nothing indexed for a row that is gone.
    const orphans = cache.db.prepare(`SELECT count(*) FROM (SELECT DISTINCT doc FROM temp.${fts}_vocab) v WHERE v.doc NOT IN (SELECT rowid FROM ${source})`).pluck().get();
    expect(orphans, `${fts} entries for deleted rows`).toBe(0);
  }
  return { digest: hash.digest('hex'), entries };
}

/** The same cache's indexes rebuilt from its tables, as a load without the worker makes them. */
async function rebuiltInLine(file: string, key?: string): Promise<{ digest: string; entries: number }> {
  const cache = LocalCache.open(file, { key, searchIndexWorker: false });
  cache.beginBulkLoad();
  expect(await cache.endBulkLoad()).toBe('in-line');
  const contents = indexContents(cache);
  cache.close();
  return contents;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Rows the worker has indexed so far, read from its side file on a connection of its own. */
function indexedByWorker(cacheFile: string, key?: string): number {
  if (!fs.existsSync(sideFileOf(cacheFile))) return 0;
  const side = new Database(sideFileOf(cacheFile), { readonly: true });
  try {
    if (key) applyCacheKey(side, key);
    return side.prepare('SELECT count(*) FROM customer_phone_fts_docsize').pluck().get() as number;
  } catch {
    return 0; // not created yet, or busy: try again
  } finally {
    side.close();
  }
}

describe('search indexes built beside an initial sync', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => (tmp = makeTempDir('search-build')));
  afterEach(() => tmp.cleanup());

  for (const encrypted of [false, true]) {
    it(`equal the in-line build after rows changed, vanished and arrived during the load${encrypted ? ' (encrypted cache)' : ''}`, async () => {
      const file = path.join(tmp.dir, 'cache.db');
      const key = encrypted ? crypto.randomBytes(32).toString('hex') : undefined;
      const cache = LocalCache.open(file, { key });
      cache.beginBulkLoad({ workerBatchRows: 200 });
      // Customers in pages, then their products: the worker indexes batches as they commit.
      for (let i = 0; i < 800; i += 100) cache.applyPulledPage(asCustomers(customers.slice(i, i + 100)), 0, at, { snapshot: `p${i}` });
      cache.applyPulledPage(asProducts(products.slice(0, 600)), 0, at, { snapshot: 'p-products' });
      // Wait until the worker has read the first customers, then change and remove some of them.
      await until(() => indexedByWorker(file, key) >= 400, 'the worker to index the first customers');
      const renamed = customers.slice(0, 20).map((c, i) => ({ ...c, name: `改名${i}号`, address: `新地址${i}路`, phone: `+86139000000${String(i).padStart(2, '0')}`, version: c.version + 1 }));
      cache.applyPulledPage(asCustomers(renamed), 0, at, { snapshot: 'p-renamed' });
      const reserialed = products.slice(0, 10).map((p, i) => ({ ...p, serialNumber: `NEWSERIAL${i}X`, version: p.version + 1 }));
      cache.applyPulledPage(asProducts(reserialed), 0, at, { snapshot: 'p-reserialed' });
      // Rows that left the agent's scope are removed from the cache (SQL DELETE).
      const removed = customers.slice(20, 30).map((c) => ({ seq: c.version + 1, entity: 'customer' as const, id: c.id }));
      cache.applyPulledPage([], 0, at, { removals: removed, snapshot: 'p-removed' });
      // The rest of the load, then rows written after the worker's last batch (the log pull).
      cache.applyPulledPage(asCustomers(customers.slice(800, 1100)), 0, at, { snapshot: 'p-rest' });
      cache.applyPulledPage(asProducts(products.slice(600)), 0, at, { snapshot: null });
      cache.applyPulledPage(asCustomers(customers.slice(1100)), 10, at);

      expect(await cache.endBulkLoad()).toBe('worker');
      expect(fs.existsSync(sideFileOf(file))).toBe(false);
      // Searches see the changes: new names, not the old ones; removed customers nowhere.
      expect(cache.customers.findByNameOrAddress('改名7号', 5).map((m) => m.customer.id)).toEqual([renamed[7]!.id]);
      expect(cache.customers.findByPhoneDigits('13900000007', 5).map((c) => c.id)).toEqual([renamed[7]!.id]);
      expect(cache.products.customerIdsBySerialFragment('NEWSERIAL3', 5)).toEqual([reserialed[3]!.customerId]);
      expect(cache.products.customerIdsBySerialFragment(products[3]!.serialNumber, 5)).not.toContain(products[3]!.customerId);
      const workerBuilt = indexContents(cache);
      expect(workerBuilt.entries).toBeGreaterThan(50_000);
      cache.close();

      // The reference: a copy of the same file with its indexes rebuilt from its tables.
      const copy = path.join(tmp.dir, 'reference.db');
      for (const suffix of ['', '-wal']) if (fs.existsSync(file + suffix)) fs.copyFileSync(file + suffix, copy + suffix);
      expect(await rebuiltInLine(copy, key)).toEqual(workerBuilt);

      // The triggers are back: a change after the load is indexed row by row again.
      const reopened = LocalCache.open(file, { key });
      reopened.applyPulledPage(asCustomers([{ ...customers[500]!, name: '后来改的名', version: customers[500]!.version + 5 }]), 11, at);
      expect(reopened.customers.findByNameOrAddress('后来改的名', 5).map((m) => m.customer.id)).toEqual([customers[500]!.id]);
      reopened.close();
    }, 60_000);
  }

  it('indexes at the merge the rows written after the worker stopped reading', async () => {
    const file = path.join(tmp.dir, 'cache.db');
    const cache = LocalCache.open(file, { searchIndexWorker: false }); // this test drives the build itself
    cache.beginBulkLoad();
    const build = SearchIndexBuild.start(cache.db, { cacheFile: file, batchRows: 100 })!;
    expect(build).not.toBeNull();
    cache.applyPulledPage(asCustomers(customers.slice(0, 400)), 0, at, { snapshot: 'p1' });
    cache.applyPulledPage(asProducts(products.slice(0, 300)), 0, at, { snapshot: 'p2' });
    build.more();
    const stopped = await build.stop();
    if (!('lastRead' in stopped)) throw new Error(`the worker failed: ${stopped.failed}`);
    expect(stopped.lastRead).toEqual({ customers: 400, products: 300, service_orders: 0 });
    // Between the worker's last read and the merge: new rows, and a change to a row it read.
    cache.applyPulledPage(asCustomers(customers.slice(400, 450)), 0, at, { snapshot: 'p3' });
    cache.applyPulledPage(asProducts(products.slice(300, 320)), 0, at, { snapshot: null });
    cache.applyPulledPage(asCustomers([{ ...customers[10]!, name: '合并前改名', version: customers[10]!.version + 1 }]), 9, at);
    build.merge(stopped.lastRead);
    expect(fs.existsSync(sideFileOf(file))).toBe(false);
    expect(cache.customers.findByNameOrAddress(customers[440]!.name, 50).map((m) => m.customer.id)).toContain(customers[440]!.id);
    expect(cache.products.customerIdsBySerialFragment(products[310]!.serialNumber, 5)).toContain(products[310]!.customerId);
    expect(cache.customers.findByNameOrAddress('合并前改名', 5).map((m) => m.customer.id)).toEqual([customers[10]!.id]);
    const merged = indexContents(cache);
    cache.close();
    const copy = path.join(tmp.dir, 'reference.db');
    for (const suffix of ['', '-wal']) if (fs.existsSync(file + suffix)) fs.copyFileSync(file + suffix, copy + suffix);
    expect(await rebuiltInLine(copy)).toEqual(merged);
  });

  it('the Electron bundle\'s worker (dist/electron/searchIndexWorker.cjs, made by npm run build) builds the index too', async () => {
    const bundled = path.resolve('dist/electron/searchIndexWorker.cjs');
    if (!fs.existsSync(bundled)) throw new Error(`${bundled} is missing: run npm run build (npm test does) before this test`);
    const file = path.join(tmp.dir, 'cache.db');
    const cache = LocalCache.open(file, { searchIndexWorker: pathToFileURL(bundled) });
    const failures: string[] = [];
    cache.onSearchBuildFailure = (reason) => failures.push(reason);
    cache.beginBulkLoad();
    cache.applyPulledPage(asCustomers(customers.slice(0, 300)), 5, at, { snapshot: null });
    expect(await cache.endBulkLoad()).toBe('worker');
    expect(failures).toEqual([]);
    expect(cache.customers.findByNameOrAddress(customers[42]!.name, 50).map((m) => m.customer.id)).toContain(customers[42]!.id);
    cache.close();
  });

  it('falls back to building in line when the worker cannot run, and says why', async () => {
    const file = path.join(tmp.dir, 'cache.db');
    const broken = new URL('./no-such-worker.cjs', import.meta.url);
    const cache = LocalCache.open(file, { searchIndexWorker: broken });
    const failures: string[] = [];
    cache.onSearchBuildFailure = (reason) => failures.push(reason);
    cache.beginBulkLoad();
    cache.applyPulledPage(asCustomers(customers.slice(0, 300)), 5, at, { snapshot: null });
    expect(await cache.endBulkLoad()).toBe('in-line');
    expect(failures).toHaveLength(1);
    expect(cache.customers.findByNameOrAddress(customers[42]!.name, 50).map((m) => m.customer.id)).toContain(customers[42]!.id);
    cache.close();
  });

  it('a seat killed mid-load: its side file is discarded and the indexes are built from the tables on the next open', () => {
    const file = path.join(tmp.dir, 'cache.db');
    const cache = LocalCache.open(file, { searchIndexWorker: false });
    cache.beginBulkLoad();
    cache.applyPulledPage(asCustomers(customers.slice(0, 500)), 0, at, { snapshot: 'p1' });
    cache.close(); // no endBulkLoad, as if the process had died …
    fs.writeFileSync(sideFileOf(file), 'a half-written side index'); // … leaving its worker's file behind
    const reopened = LocalCache.open(file);
    expect(fs.existsSync(sideFileOf(file))).toBe(false);
    expect(reopened.customers.findByNameOrAddress(customers[321]!.name, 50).map((m) => m.customer.id)).toContain(customers[321]!.id);
    expect(reopened.customers.findByPhoneDigits(customers[321]!.phone.slice(-8), 5).map((c) => c.id)).toContain(customers[321]!.id);
    reopened.close();
  });
});
