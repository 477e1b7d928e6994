import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../../shared/domain/customer.js';
import { makeTempDir } from '../../../tests/support/tempDir.js';
import { LocalCache } from './localCache.js';

const tmp = makeTempDir('pending');
afterAll(tmp.cleanup);

const branchId = '0b1c2d3e-4f50-4a6b-8c7d-8e9f0a1b2c3d';
const id = '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
const at = '2026-11-23T08:00:00.000Z';
const serverRow = (over: Partial<Customer> = {}): Customer => ({
  id, branchId, name: '王芳', phone: '+8613800138000', altPhone: null, vipTier: 'none', province: '北京', city: '北京',
  provinceCode: null, cityCode: null, districtCode: null, samePhoneReason: null, tags: [],address: '海淀区中关村大街27号', createdAt: at, updatedAt: at, version: 10, deleted: false, ...over,
});

function freshCache(name: string): LocalCache {
  const cache = LocalCache.open(path.join(tmp.dir, `${name}.db`));
  cache.applyPulledPage([{ seq: 10, entity: 'customer', row: serverRow() }], 10, at);
  return cache;
}

describe('local changes, the outbox and the server state underneath', () => {
  it('writes the change and its outbox entry together, based on the server version', () => {
    const cache = freshCache('together');
    const row = cache.recordLocalChange({ entity: 'customer', entityId: id, op: 'update', patch: { vipTier: 'gold' } }, at);
    expect(row).toMatchObject({ vipTier: 'gold', version: 10 });
    expect(cache.customers.get(id)?.vipTier).toBe('gold');
    expect(cache.outbox.head(10)).toMatchObject([{ entity: 'customer', entityId: id, op: 'update', baseVersion: 10, patch: { vipTier: 'gold' } }]);
    cache.close();
  });

  it('writes nothing when validation refuses the row', () => {
    const cache = freshCache('refused');
    expect(() =>
      cache.recordLocalChange({ entity: 'customer', entityId: id, op: 'update', patch: { name: '' } }, at, () => {
        throw new Error('name: name is required');
      }),
    ).toThrow('name is required');
    expect(cache.customers.get(id)?.name).toBe('王芳');
    expect(cache.outbox.count()).toBe(0);
    cache.close();
  });

  it('applies pulled data under pending changes: fresh server fields, local edits kept on top', () => {
    const cache = freshCache('rebase');
    cache.recordLocalChange({ entity: 'customer', entityId: id, op: 'update', patch: { vipTier: 'gold' } }, at);
    cache.applyPulledPage([{ seq: 12, entity: 'customer', row: serverRow({ address: '朝阳区建国路1号', version: 12 }) }], 12, at);
    expect(cache.customers.get(id)).toMatchObject({ address: '朝阳区建国路1号', vipTier: 'gold', version: 12 });
    expect(cache.outbox.count()).toBe(1);
    cache.close();
  });

  it('undoes a rejected change, keeps the ones behind it, and lists it as a dead letter', () => {
    const cache = freshCache('reject');
    cache.recordLocalChange({ entity: 'customer', entityId: id, op: 'update', patch: { vipTier: 'gold' } }, at);
    cache.recordLocalChange({ entity: 'customer', entityId: id, op: 'update', patch: { city: '天津' } }, at);
    const [first, second] = cache.outbox.head(10);
    cache.acknowledge([{ mutationId: first!.mutationId, status: 'rejected', code: 'out_of_scope', message: 'not your branch' }], at);
    expect(cache.customers.get(id)).toMatchObject({ vipTier: 'none', city: '天津' });
    expect(cache.outbox.head(10).map((e) => e.mutationId)).toEqual([second!.mutationId]);
    expect(cache.outbox.deadLetters()).toMatchObject([{ mutationId: first!.mutationId, code: 'out_of_scope', patch: { vipTier: 'gold' } }]);
    cache.acknowledge([{ mutationId: second!.mutationId, status: 'applied', version: 13 }], at);
    expect(cache.outbox.count()).toBe(0);
    expect(cache.outbox.shadow('customer', id)).toBeNull();
    cache.close();
  });

  it('goes back to the server row when the backend found nothing to change (no pull would bring it)', () => {
    const cache = freshCache('no-op');
    cache.recordLocalChange({ entity: 'customer', entityId: id, op: 'update', patch: { vipTier: 'none', updatedAt: '2026-12-07T04:00:00.000Z' } }, at);
    expect(cache.customers.get(id)?.updatedAt).toBe('2026-12-07T04:00:00.000Z');
    const [entry] = cache.outbox.head(1);
    cache.acknowledge([{ mutationId: entry!.mutationId, status: 'applied', version: 10 }], at);
    expect(cache.customers.get(id)).toEqual(serverRow());
    expect(cache.outbox.shadow('customer', id)).toBeNull();
    cache.close();
  });

  it('removes a locally created row when the backend refuses its creation', () => {
    const cache = freshCache('create-rejected');
    const newId = '7f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b';
    cache.recordLocalChange({ entity: 'customer', entityId: newId, op: 'create', patch: { ...serverRow(), id: undefined } }, at);
    expect(cache.customers.get(newId)).toMatchObject({ version: 0, name: '王芳' });
    const [entry] = cache.outbox.head(1);
    cache.acknowledge([{ mutationId: entry!.mutationId, status: 'rejected', code: 'bad_patch', message: 'phone: taken' }], at);
    expect(cache.customers.find(newId)).toBeNull();
    cache.close();
  });

  it('refuses to change a row that is not there, and to create one twice', () => {
    const cache = freshCache('missing');
    expect(() => cache.recordLocalChange({ entity: 'customer', entityId: '8f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b', op: 'update', patch: { city: 'x' } }, at)).toThrow(/not found/);
    expect(() => cache.recordLocalChange({ entity: 'customer', entityId: id, op: 'create', patch: {} }, at)).toThrow(/already exists/);
    expect(cache.outbox.count()).toBe(0);
    cache.close();
  });

  it('an empty outbox is read without scanning the cache', () => {
    const cache = freshCache('plan');
    const plan = cache.db.prepare('EXPLAIN QUERY PLAN SELECT * FROM outbox ORDER BY seq LIMIT 200').all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).not.toMatch(/TEMP B-TREE/);
    expect(cache.outbox.head(200)).toEqual([]);
    cache.close();
  });
});

describe('bulk load for the initial sync', () => {
  it('indexes for search once at the end, and rebuilds on reopen after a crash mid-load', () => {
    const file = path.join(tmp.dir, 'bulk.db');
    const cache = LocalCache.open(file);
    cache.beginBulkLoad();
    cache.applyPulledPage([{ seq: 10, entity: 'customer', row: serverRow() }], 10, at);
    // A character inside the name: only the full-text index finds it (not the name-prefix index).
    const search = (c: LocalCache) => c.customers.findByNameOrAddress('芳', 10).map((r) => r.customer.id);
    expect(search(cache)).toEqual([]); // not indexed yet
    cache.close(); // the seat dies before the sync ends

    const reopened = LocalCache.open(file);
    expect(search(reopened)).toEqual([id]);
    // Triggers are back: a later change is indexed as it is written.
    reopened.applyPulledPage([{ seq: 11, entity: 'customer', row: serverRow({ name: '王芳芳', version: 11 }) }], 11, at);
    expect(reopened.customers.findByNameOrAddress('芳芳', 10).map((r) => r.customer.id)).toEqual([id]);
    reopened.close();
  });
});
