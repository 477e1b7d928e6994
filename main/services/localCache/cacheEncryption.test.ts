import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../../shared/domain/customer.js';
import { makeTempDir } from '../../../tests/support/tempDir.js';
import { CustomerLookup } from '../customerLookup.js';
import { LocalCache } from './localCache.js';
import { CacheKeyMismatch } from './cacheEncryption.js';
import { hasNothingUnsynced } from './nothingUnsyncedMarker.js';

/** The seat cache encrypted at rest: real SQLite3 Multiple Ciphers files, opened and reopened. */
const tmp = makeTempDir('cache-encryption');
afterAll(tmp.cleanup);

const branchId = '0b1c2d3e-4f50-4a6b-8c7d-8e9f0a1b2c3d';
const id = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const at = '2026-11-23T08:00:00.000Z';
const wang: Customer = {
  id, branchId, name: '王芳', phone: '+8613800138000', altPhone: null, vipTier: 'none', province: '北京', city: '北京',
  provinceCode: null, cityCode: null, districtCode: null, samePhoneReason: null, tags: [],address: '海淀区中关村大街27号', createdAt: at, updatedAt: at, version: 10, deleted: false,
};
const newKey = () => crypto.randomBytes(32).toString('hex');

/** Every byte the cache left on disk: the file and its WAL. */
function onDisk(file: string): Buffer {
  return Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
}
const plainText = (file: string) => {
  const bytes = onDisk(file);
  return ['王芳', '+8613800138000', '海淀区中关村大街'].filter((s) => bytes.includes(Buffer.from(s)));
};

describe('the seat cache encrypted at rest', () => {
  it('keeps names, phones and addresses off the disk in clear, and screen-pops as before', () => {
    const file = path.join(tmp.dir, 'new', 'cache.db');
    const key = newKey();
    const cache = LocalCache.open(file, { key });
    cache.applyPulledPage([{ seq: 10, entity: 'customer', row: wang }], 10, at);
    cache.recordLocalChange({ entity: 'customer', entityId: id, op: 'update', patch: { vipTier: 'gold' } }, at);
    expect(new CustomerLookup(cache, () => '2026-11-23').screenPop('138 0013 8000').card?.customer.name).toBe('王芳');
    expect(plainText(file)).toEqual([]);
    cache.close();
    expect(plainText(file)).toEqual([]);

    const noKey = new Database(file);
    expect(() => noKey.prepare('SELECT count(*) FROM customers').get()).toThrow(/not a database/);
    noKey.close();

    const again = LocalCache.open(file, { key });
    expect(again.customers.get(id)?.vipTier).toBe('gold');
    expect(again.outbox.count()).toBe(1);
    expect(again.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(again.db.pragma('journal_mode', { simple: true })).toBe('wal');
    again.close();
  });

  it('encrypts a cache from before encryption in place, its outbox kept', () => {
    const file = path.join(tmp.dir, 'upgrade', 'cache.db');
    const plain = LocalCache.open(file);
    plain.applyPulledPage([{ seq: 10, entity: 'customer', row: wang }], 10, at);
    plain.recordLocalChange({ entity: 'customer', entityId: id, op: 'update', patch: { vipTier: 'gold' } }, at);
    plain.close();
    expect(plainText(file).length).toBeGreaterThan(0);

    const notices: string[] = [];
    const key = newKey();
    const cache = LocalCache.open(file, { key, onNotice: (l) => notices.push(l) });
    expect(notices.join()).toMatch(/was encrypted at rest/);
    expect(cache.customers.get(id)?.vipTier).toBe('gold');
    expect(cache.outbox.head(10)).toMatchObject([{ entity: 'customer', entityId: id, patch: { vipTier: 'gold' } }]);
    expect(cache.pullCursor).toBe(10);
    cache.close();
    expect(plainText(file)).toEqual([]);
  });

  it('leaves a cache its key no longer opens untouched, and says so', () => {
    const dir = path.join(tmp.dir, 'lost-key');
    const file = path.join(dir, 'cache.db');
    const first = LocalCache.open(file, { key: newKey() });
    first.applyPulledPage([{ seq: 10, entity: 'customer', row: wang }], 10, at);
    first.close();
    const before = fs.readFileSync(file);

    expect(() => LocalCache.open(file, { key: newKey() })).toThrow(CacheKeyMismatch);
    expect(fs.readdirSync(dir).filter((f) => !f.endsWith('-wal') && !f.endsWith('-shm')).sort()).toEqual(['cache.db', 'cache.db.nothing-unsynced']);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
  });

  it('keeps the plain nothing-unsynced marker beside an encrypted cache only while nothing waits or was refused', () => {
    const file = path.join(tmp.dir, 'marker', 'cache.db');
    const cache = LocalCache.open(file, { key: newKey() });
    expect(hasNothingUnsynced(file)).toBe(true);
    cache.applyPulledPage([{ seq: 10, entity: 'customer', row: wang }], 10, at);
    const first = () => cache.outbox.head(1)[0]!.mutationId;
    // Removed before the change commits, even one refused by its own check.
    expect(() => cache.recordLocalChange({ entity: 'customer', entityId: id, op: 'update', patch: { name: '' } }, at, () => { throw new Error('refused'); })).toThrow('refused');
    expect(hasNothingUnsynced(file)).toBe(false);
    cache.recordLocalChange({ entity: 'customer', entityId: id, op: 'update', patch: { vipTier: 'gold' } }, at);
    expect(hasNothingUnsynced(file)).toBe(false);
    cache.acknowledge([{ mutationId: first(), status: 'applied', version: 11 }], at);
    expect(hasNothingUnsynced(file)).toBe(true);
    cache.recordLocalChange({ entity: 'customer', entityId: id, op: 'update', patch: { vipTier: 'none' } }, at);
    cache.acknowledge([{ mutationId: first(), status: 'rejected', code: 'not_permitted', message: 'no' }], at);
    expect(cache.outbox.count()).toBe(0);
    expect(hasNothingUnsynced(file)).toBe(false); // a refused change is still the agent's to see
    cache.close();
    // A plain cache (the browser seat) has no key to lose: no marker.
    const plainFile = path.join(tmp.dir, 'marker-plain', 'cache.db');
    LocalCache.open(plainFile).close();
    expect(hasNothingUnsynced(plainFile)).toBe(false);
  });

  it('refuses a key that is not 256 bits of hex', () => {
    expect(() => LocalCache.open(path.join(tmp.dir, 'bad-key', 'cache.db'), { key: 'password123' })).toThrow(/64 hexadecimal digits/);
  });
});
