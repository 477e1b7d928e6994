import crypto from 'node:crypto';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../tests/support/tempDir.js';
import { CustomerLookup } from '../customerLookup.js';
import { registerCacheFunctions, type LocalCacheDb } from './cacheConnection.js';
import { LocalCache } from './localCache.js';
import { applyCacheMigrations } from './migrateCache.js';
import { cacheMigrations } from './migrations/index.js';
import { openLocalCache } from './openLocalCache.js';
import { beginBulkLoad, endBulkLoad } from './searchIndex.js';

const tmp = makeTempDir('cache-migrations');
afterAll(tmp.cleanup);

/**
 * The SQL of every released migration. Seats in the field have run these: a released migration
 * is never edited (its schema would differ between old and new installs); a change is a new one.
 * A new migration adds its line here.
 */
const RELEASED = [
  { version: 1, name: 'synced tables and meta', sha256: 'b85602876aa034831568017a577a89ebddf0fda7a6a50fe970a0835ce0592172' },
  { version: 2, name: 'outbox, server shadows and dead letters', sha256: '80111a257dda5d70277f8e91a65508baf2453db8823084fedf56bd87b0fe216a' },
  { version: 3, name: 'conflict records', sha256: '4d0dc503d99e63492a13b9084c49ec257ca0168cecc8840657d3e2c6e7a9d40d' },
  { version: 4, name: 'full-text search over names, addresses, phone digits and serial numbers', sha256: 'bda81cc572034a7bd25a08d41adf5cf4f42fb06ae2068461717243e7beecb798' },
  { version: 5, name: 'interactions', sha256: '66078e438226d2ad6c74ecce370ba24da7e56f10e8fa4edbdb45c2d6c0f7e5e9' },
  { version: 6, name: 'follow-ups', sha256: '00366eaef0142c8f742957d82a4ba87bc092d5ff46231c2551cdebd6005986bc' },
  { version: 7, name: 'service outlets', sha256: '0f9afcc641131474502facc8bea311dcd465a53ebb21656e7f41127b7e2dce34' },
  { version: 8, name: 'trigram index over names and addresses', sha256: '33cd6ed78c25cde5d1009367f2ca6406ed22edb1fb4c1907ea3a32847ee97745' },
  { version: 9, name: 'knowledge articles, parts requests, campaigns', sha256: 'f57bcd05cc3d0041e99ebba5b6f4ff2d3ea2031beeb46d768130e02813967d17' },
  { version: 10, name: 'order dispatch and order timeline', sha256: '57191e1475dd31efe4be070222a7fe6b74184759ae772d70f2ddd385e1fa87f2' },
  { version: 11, name: 'rows to index again after a search index built beside an initial sync', sha256: '1124f476fe57c6493aa2a262e26faac5a997dc6fa0c7f31cc626c31b858063b9' },
  { version: 12, name: 'order number and model search, open orders for the service-level timers', sha256: '7197e4dbf04a88e28353b408c36dc71029d5546a4e07872fea2f042a9bfd31fb' },
  { version: 13, name: "a service order's warranty decision", sha256: 'f7c3155c7b1130eac407ee9b17b2c443d7b5b49aef3c2ec2c46acbb203d32c02' },
  { version: 14, name: "an order's lifecycle records and follow-up attempts", sha256: '283be7cc35352ee984fa278a3547a34ac3e3e65f321820bd56c2be5c7952c64a' },
  { version: 15, name: 'region codes and the division code table', sha256: 'f0b69bb9f745e1235c227155f3a4c0e0f1b3b318f81b8e89153b52dd9f169cf7' },
  { version: 16, name: 'complaints and notes', sha256: 'd5046e1b9184ad28a41d9a07c97c8c686b7587038d0ec647439178510dd73671' },
  { version: 17, name: 'shift handover notes and open orders by owner', sha256: '2e11d8a485cd8717b47787d879a961e7e8d6f37f2450ea365db4827549a08b49' },
  { version: 18, name: 'who wrote the value a conflict kept', sha256: '456e5f9c3792b9630c3e0b1eb11c35fb45098cc22df02c9dae59d05fb7857861' },
  { version: 19, name: 'my work: owner, handover, follow-up, complaint and parts request lookups', sha256: '41cac50233b0af4bca49e23bedb7ebc8890fb3ffae05883d714f3feb1bd587ec' },
  { version: 20, name: 'customer tags', sha256: 'f2b313cec5f46b3319144a507da18a4efe2fb942e5621f58b093473044646d9a' },
  { version: 21, name: 'contact channels', sha256: 'd0eb4914552c0d0ef69c00c1ae96b83c71b2876628bdf884ec4e5d92f3c9995c' },
  { version: 22, name: "a dead letter keeps the backend's refusal", sha256: '84b27dda187482a7afbaed61000abef1e477199c7a98e725772c0ac4c27363f4' },
  { version: 23, name: 'complaint steps', sha256: '9e59a5e67bb35a1542c6c62f67a2eca3ba3574e9e266529afeb69281df2893cf' },
  { version: 24, name: 'campaign target assignment and call backs', sha256: 'c1324e5ae3177c78b3e2622fb9c83b87311d4a1a8e4bbb2debffff0744395b12' },
  { version: 25, name: 'outlet capacity', sha256: 'f113f86384db503db08d609472c1bde5160cb49fef6c6b7fadfd5c52589e3296' },
  { version: 26, name: 'duplicate order reviews', sha256: '3c7c569935109e775c919ded48140b6b1f65544131b611eafe180ecbbd9ed557' },
];

const current = cacheMigrations.at(-1)!.version;

/** The schema as SQLite keeps it (rootpage aside: it depends on the order things were made). */
function schemaOf(db: LocalCacheDb): string[] {
  const objects = db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name').all() as Array<Record<string, unknown>>;
  return objects.map((o) => JSON.stringify(o));
}

function freshSchema(): string[] {
  const db = openLocalCache(path.join(tmp.dir, `fresh-${crypto.randomUUID()}.db`), { searchIndexWorker: false });
  const schema = schemaOf(db);
  db.close();
  return schema;
}

describe('released seat cache migrations', () => {
  it('are numbered 1, 2, 3… and none was edited after its release', () => {
    const released = cacheMigrations.map((m) => ({ version: m.version, name: m.name, sha256: crypto.createHash('sha256').update(m.sql).digest('hex') }));
    expect(released.map((m) => m.version)).toEqual(cacheMigrations.map((_, i) => i + 1));
    expect(released).toEqual(RELEASED);
  });

  it('leave the full-text triggers an initial sync makes again after its bulk load (searchIndexTriggers.ts)', () => {
    const db = openLocalCache(path.join(tmp.dir, 'bulk.db'), { searchIndexWorker: false });
    const migrated = schemaOf(db);
    beginBulkLoad(db);
    // During the load no trigger writes the customers' or products' indexes: only the reindex list is kept.
    const triggersDuringLoad = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('customers', 'products') ORDER BY name").pluck().all();
    expect(triggersDuringLoad).toEqual(['customers_reindex_delete', 'customers_reindex_update', 'products_reindex_delete', 'products_reindex_update']);
    endBulkLoad(db);
    expect(schemaOf(db)).toEqual(migrated);
    db.close();
  });
});

const branchId = '0b1c2d3e-4f50-4a6b-8c7d-8e9f0a1b2c3d';
const agentId = '1b1c2d3e-4f50-4a6b-8c7d-8e9f0a1b2c3d';
const customerId = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const productId = 'a1b2c3d4-0000-4000-8000-000000000001';
const orderId = 'b1b2c3d4-0000-4000-8000-000000000001';
const ts = '2026-11-01T08:00:00.000Z';

/** A customer, a product, an order and a pending change as a seat of version 1 or 2 wrote them. */
function insertRepresentativeRows(db: LocalCacheDb, version: number): void {
  db.prepare(
    `INSERT INTO customers (id, branch_id, name, phone, alt_phone, vip_tier, province, city, address, created_at, updated_at, version, deleted)
     VALUES (?, ?, '王芳', '+8613800138000', '+861062345678', 'gold', '北京', '北京', '海淀区中关村大街27号', ?, ?, 4, 0)`,
  ).run(customerId, branchId, ts, ts);
  db.prepare(
    `INSERT INTO products (id, customer_id, branch_id, serial_number, model, category, purchase_date, warranty_months, version, deleted)
     VALUES (?, ?, ?, 'AC2309K0012345', 'KFR-35GW/BP3DN8Y', 'air_conditioner', '2023-09-12', 72, 5, 0)`,
  ).run(productId, customerId, branchId);
  db.prepare(
    `INSERT INTO service_orders (id, order_number, customer_id, product_id, branch_id, type, status, fault, owner_agent_id, created_at, updated_at, version, deleted)
     VALUES (?, 'BJ01-01-20261101-0001', ?, ?, ?, 'repair', 'new', '空调不制冷', ?, ?, ?, 6, 0)`,
  ).run(orderId, customerId, productId, branchId, agentId, ts, ts);
  db.prepare("INSERT INTO meta (key, value) VALUES ('sync.pullCursor', '6')").run();
  if (version < 2) return;
  db.prepare(
    `INSERT INTO outbox (mutation_id, entity, entity_id, op, base_version, patch, created_at, attempts, last_error)
     VALUES ('c1b2c3d4-0000-4000-8000-000000000001', 'customer', ?, 'update', 4, '{"address":"海淀区中关村大街28号"}', ?, 2, 'offline')`,
  ).run(customerId, ts);
  db.prepare('INSERT INTO server_shadows (entity, entity_id, row) VALUES (?, ?, ?)').run('customer', customerId, JSON.stringify({ id: customerId, version: 4 }));
}

/** The plain tables of the file (full-text indexes and SQLite's own aside). */
function plainTables(db: LocalCacheDb): string[] {
  const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string; sql: string }>;
  const virtual = tables.filter((t) => /^CREATE VIRTUAL/i.test(t.sql)).map((t) => t.name);
  return tables.filter((t) => !/^CREATE VIRTUAL/i.test(t.sql) && !virtual.some((v) => t.name.startsWith(`${v}_`))).map((t) => t.name);
}

/** One row in every other table, each column holding a value that names it. */
function insertARowEverywhereElse(db: LocalCacheDb): void {
  const done = ['customers', 'products', 'service_orders', 'meta', 'outbox', 'server_shadows'];
  for (const table of plainTables(db).filter((t) => !done.includes(t))) {
    const columns = db.prepare(`SELECT name, type FROM pragma_table_info(?)`).all(table) as Array<{ name: string; type: string }>;
    const values = columns.map((c, i) => (c.type === 'INTEGER' ? (c.name === 'deleted' ? 0 : i + 1) : `${table}.${c.name}`));
    db.prepare(`INSERT INTO ${table} (${columns.map((c) => c.name).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`).run(...values);
  }
}

function rowsOf(db: LocalCacheDb, tables: readonly string[], columnsOf: (table: string) => string[]): Record<string, unknown[]> {
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT ${columnsOf(t).join(', ')} FROM ${t} ORDER BY 1, 2`).all()]));
}

describe('a cache made at every past version', () => {
  const fresh = freshSchema();

  it.each(cacheMigrations.map((m) => m.version))('version %i migrates to the current one with its rows and outbox intact', (version) => {
    const file = path.join(tmp.dir, `v${version}.db`);
    const old = new Database(file);
    registerCacheFunctions(old);
    expect(applyCacheMigrations(old, cacheMigrations.slice(0, version))).toEqual({ from: 0, to: version });
    insertRepresentativeRows(old, version);
    insertARowEverywhereElse(old);
    const tables = plainTables(old);
    const columns = Object.fromEntries(tables.map((t) => [t, (old.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(t) as string[]).map((c) => `"${c}"`)]));
    const before = rowsOf(old, tables, (t) => columns[t]!);
    old.close();

    const cache = LocalCache.open(file, { searchIndexWorker: false });
    expect(cache.db.pragma('user_version', { simple: true })).toBe(current);
    expect(schemaOf(cache.db)).toEqual(fresh);
    expect(rowsOf(cache.db, tables, (t) => columns[t]!)).toEqual(before);
    expect(cache.db.pragma('integrity_check', { simple: true })).toBe('ok');

    expect(cache.pullCursor).toBe(6);
    expect(cache.customers.get(customerId)).toMatchObject({ name: '王芳', vipTier: 'gold', version: 4, deleted: false });
    expect(cache.serviceOrders.find(orderId)).toMatchObject({ status: 'new', productId, outletId: null, dispatchedAt: null });
    if (version >= 2) {
      expect(cache.outbox.head(10)).toEqual([
        {
          seq: 1,
          mutationId: 'c1b2c3d4-0000-4000-8000-000000000001',
          entity: 'customer',
          entityId: customerId,
          op: 'update',
          baseVersion: 4,
          patch: { address: '海淀区中关村大街28号' },
          createdAt: ts,
          attempts: 2,
          lastError: 'offline',
        },
      ]);
      expect(cache.outbox.shadow('customer', customerId)).toEqual({ id: customerId, version: 4 });
    }
    // Rows older than the full-text indexes are found through them as well.
    const lookup = new CustomerLookup(cache, () => '2026-11-23');
    expect(lookup.search('王芳', 10).map((r) => r.id)).toEqual([customerId]);
    expect(lookup.search('中关村大街', 10).map((r) => r.id)).toEqual([customerId]);
    expect(lookup.search('0013 8000', 10).map((r) => r.id)).toEqual([customerId]);
    expect(lookup.search('ac2309', 10).map((r) => [r.id, r.matchedOn])).toEqual([[customerId, 'serial']]);
    cache.close();
  });
});
