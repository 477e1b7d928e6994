import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, describe, expect, it } from 'vitest';
import type { SyncChange } from '../../../shared/api/rest.js';
import { makeTempDir } from '../../../tests/support/tempDir.js';
import { CustomerLookup } from '../customerLookup.js';
import { LocalCache } from './localCache.js';
import { registerCacheFunctions } from './cacheConnection.js';
import { applyCacheMigrations } from './migrateCache.js';
import { cacheMigrations } from './migrations/index.js';

const tmp = makeTempDir('cache');
afterAll(tmp.cleanup);

const branchId = '0b1c2d3e-4f50-4a6b-8c7d-8e9f0a1b2c3d';
const agentId = '1b1c2d3e-4f50-4a6b-8c7d-8e9f0a1b2c3d';
const wang = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const li = '7f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const ts = '2026-11-01T08:00:00.000Z';

function page(): SyncChange[] {
  return [
    { seq: 1, entity: 'customer', row: { id: wang, branchId, name: '王芳', phone: '+8613800138000', altPhone: '+861062345678', vipTier: 'gold', province: '北京', city: '北京', provinceCode: null, cityCode: null, districtCode: null, samePhoneReason: null, tags: [],address: '海淀区中关村大街27号', createdAt: ts, updatedAt: ts, version: 1, deleted: false } },
    { seq: 2, entity: 'customer', row: { id: li, branchId, name: '李雷', phone: '+8613912345678', altPhone: null, vipTier: 'none', province: '河北', city: '石家庄', provinceCode: null, cityCode: null, districtCode: null, samePhoneReason: null, tags: [],address: '长安区中山东路8号', createdAt: ts, updatedAt: ts, version: 2, deleted: false } },
    { seq: 3, entity: 'product', row: { id: 'a1b2c3d4-0000-4000-8000-000000000001', customerId: wang, branchId, serialNumber: 'AC2309K0012345', model: 'KFR-35GW/BP3DN8Y', category: 'air_conditioner', purchaseDate: '2023-09-12', warrantyMonths: 72, version: 3, deleted: false } },
    { seq: 4, entity: 'product', row: { id: 'a1b2c3d4-0000-4000-8000-000000000002', customerId: wang, branchId, serialNumber: 'MW1801B0000042', model: 'M1-L213B', category: 'microwave', purchaseDate: '2018-01-10', warrantyMonths: 12, version: 4, deleted: false } },
    { seq: 5, entity: 'serviceOrder', row: { id: 'b1b2c3d4-0000-4000-8000-000000000001', orderNumber: 'BJ01-01-20250101-0001', customerId: wang, productId: null, branchId, type: 'inquiry', status: 'closed', fault: '咨询保修', ownerAgentId: agentId, createdAt: '2025-01-01T08:00:00.000Z', updatedAt: ts, outletId: null, appointmentStart: null, appointmentEnd: null, dispatchedAt: null, warranty: null, feeConsent: null, duplicateReason: null, duplicateReview: null, completion: null, cancelReason: null, handoverNote: null, version: 5, deleted: false } },
    { seq: 6, entity: 'serviceOrder', row: { id: 'b1b2c3d4-0000-4000-8000-000000000002', orderNumber: 'BJ01-01-20261101-0002', customerId: wang, productId: 'a1b2c3d4-0000-4000-8000-000000000001', branchId, type: 'repair', status: 'dispatched', fault: '空调不制冷', ownerAgentId: agentId, createdAt: ts, updatedAt: ts, outletId: null, appointmentStart: null, appointmentEnd: null, dispatchedAt: null, warranty: null, feeConsent: null, duplicateReason: null, duplicateReview: null, completion: null, cancelReason: null, handoverNote: null, version: 6, deleted: false } },
  ];
}

describe('seat cache migrations', () => {
  it('apply to an empty file and are idempotent', () => {
    const file = path.join(tmp.dir, 'migrate.db');
    const db = new Database(file);
    registerCacheFunctions(db);
    const last = cacheMigrations.at(-1)!.version;
    expect(applyCacheMigrations(db)).toEqual({ from: 0, to: last });
    expect(applyCacheMigrations(db)).toEqual({ from: last, to: last });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>;
    expect(tables.map((t) => t.name).filter((n) => !n.includes('_fts'))).toEqual([
      'campaign_targets',
      'campaigns',
      'complaint_steps',
      'complaints',
      'conflicts',
      'customers',
      'dead_letters',
      'follow_ups',
      'interactions',
      'knowledge_articles',
      'meta',
      'notes',
      'order_events',
      'outbox',
      'outlets',
      'parts_requests',
      'products',
      'regions',
      'search_reindex',
      'server_shadows',
      'service_orders',
      'sqlite_sequence',
    ]);
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['customer_text_fts', 'customer_phone_fts', 'product_serial_fts']));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('opens in WAL mode and keeps an index for the screen pop', () => {
    const cache = LocalCache.open(path.join(tmp.dir, 'wal.db'));
    expect(cache.db.pragma('journal_mode', { simple: true })).toBe('wal');
    const plan = cache.db.prepare("EXPLAIN QUERY PLAN SELECT * FROM customers WHERE phone = '+8613800138000'").all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX customers_phone/);
    cache.close();
  });
});

describe('pulled pages and lookups', () => {
  const cache = LocalCache.open(path.join(tmp.dir, 'lookup.db'));
  cache.applyPulledPage(page(), 6, ts);
  const lookup = new CustomerLookup(cache, () => '2026-11-23');

  it('advances the cursor with the page', () => {
    expect(cache.pullCursor).toBe(6);
    expect(cache.lastSyncAt).toBe(ts);
    expect([cache.customers.count(), cache.products.count(), cache.serviceOrders.count()]).toEqual([2, 2, 2]);
  });

  it('never lets an older version overwrite a newer one', () => {
    const stale = page()[0]!;
    if (stale.entity !== 'customer') throw new Error('fixture');
    cache.applyPulledPage([{ ...stale, row: { ...stale.row, name: '旧名字', version: 0 } }], 6, ts);
    expect(cache.customers.get(wang)?.name).toBe('王芳');
  });

  it('screen-pops by the main or the alternative number in any format', () => {
    expect(lookup.screenPop('+86 138 0013 8000').card?.customer.name).toBe('王芳');
    expect(lookup.screenPop('010-6234 5678').card?.customer.id).toBe(wang);
    expect(lookup.screenPop('13700000000')).toEqual({ phone: '+8613700000000', card: null });
    expect(lookup.screenPop('nonsense')).toEqual({ phone: null, card: null });
  });

  it('builds the card with warranty computed and open orders first', () => {
    const card = lookup.card(wang)!;
    expect(card.products.map((p) => [p.serialNumber, p.warranty.status])).toEqual([
      ['AC2309K0012345', 'in_warranty'],
      ['MW1801B0000042', 'out_of_warranty'],
    ]);
    expect(card.orders.map((o) => o.status)).toEqual(['dispatched', 'closed']);
  });

  it('searches by name, phone fragment, serial prefix and address', () => {
    expect(lookup.search('王', 10).map((r) => [r.name, r.matchedOn])).toEqual([['王芳', 'name']]);
    expect(lookup.search('0013 8000', 10).map((r) => r.name)).toEqual(['王芳']);
    expect(lookup.search('0755', 10)).toEqual([]);
    expect(lookup.search('ac2309', 10).map((r) => [r.name, r.matchedOn])).toEqual([['王芳', 'serial']]);
    expect(lookup.search('中山东路', 10).map((r) => [r.name, r.matchedOn])).toEqual([['李雷', 'address']]);
    expect(lookup.search('+86 139 1234 5678', 10).map((r) => r.name)).toEqual(['李雷']);
  });

  it('hides tombstoned rows', () => {
    const li2 = page()[1]!;
    if (li2.entity !== 'customer') throw new Error('fixture');
    cache.applyPulledPage([{ ...li2, seq: 7, row: { ...li2.row, version: 7, deleted: true } }], 7, ts);
    expect(lookup.search('李雷', 10)).toEqual([]);
    expect(lookup.card(li)).toBeNull();
  });
});
