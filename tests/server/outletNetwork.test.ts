import { beforeAll, describe, expect, it } from 'vitest';
import type { SyncEntity } from '../../shared/api/rest.js';
import { Customer } from '../../shared/domain/customer.js';
import { Outlet } from '../../shared/domain/outlet.js';
import { OutletCapacityPage, OutletGapPage, OutletVolumePage, type OutletVolumeRow } from '../../shared/domain/outletNetwork.js';
import { Product } from '../../shared/domain/product.js';
import { ServiceOrder } from '../../shared/domain/serviceOrder.js';
import { writeSyncedRows } from '../../server/db/writeSyncedRows.js';
import type { SyncedRowWrite } from '../../server/db/syncedRecords.js';
import { testEngines } from './support/testDatabase.js';
import { agentIdOf, branchIdOf, useTestBackend, type TestBackend } from './support/testBackend.js';

/**
 * Headquarters' outlet network (shared/domain/outletNetwork.ts) against a fixture worked out by
 * hand: a demo backend without customers, its demo outlets taken out of service, and the rows below
 * written straight into its tables. Times are UTC; months are the hotline's (UTC+8): O1 made at
 * 17:00Z on 31 October is a November order, O6 at 15:59:59Z an October one.
 */
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const [OA, OB, OC, OD] = [id(501), id(502), id(503), id(504)];
const [C1, C2, C3, C4] = [id(1), id(2), id(3), id(4)];
const [P1, P2, P3, P4, P5, P6, P7] = [id(11), id(12), id(13), id(14), id(15), id(16), id(17)];
const FIXTURE_TIME = '2026-10-01T00:00:00.000Z';

async function writeFixture(backend: TestBackend, bj: string, gz: string): Promise<void> {
  const db = backend.database.db;
  const write = async <E extends SyncEntity>(entity: E, rows: unknown[]) => {
    await writeSyncedRows(db, entity, rows as SyncedRowWrite<E>[]);
  };
  const strip = <T extends { version: number }>(r: T) => {
    const { version: _v, ...rest } = r;
    return rest;
  };
  const row = { version: 0, deleted: false };
  // Only the fixture's outlets are in service.
  await db.updateTable('outlets').set({ deleted: 1 }).execute();
  const outlet = (oid: string, branchId: string, name: string, regionCodes: string[], categories: string[], load: number, capacity: number | null, deleted = false) =>
    strip(Outlet.parse({ ...row, deleted, id: oid, branchId, name, regionCodes, categories, load, capacity }));
  await write('outlet', [
    // A: Beijing city, TVs and refrigerators; 12 open orders of 10 (1,200 ‰).
    outlet(OA, bj, 'A站', ['110100'], ['tv', 'refrigerator'], 12, 10),
    // B: the whole of Hebei, TVs; 5 of 20 (250 ‰).
    outlet(OB, bj, 'B站', ['130000'], ['tv'], 5, 20),
    // C: Guangzhou city, TVs and air conditioners; no capacity planned (last).
    outlet(OC, gz, 'C站', ['440100'], ['tv', 'air_conditioner'], 3, null),
    // D: Shenzhen, out of service: neither listed nor serving.
    outlet(OD, gz, 'D站', ['440300'], ['tv'], 0, 5, true),
  ]);

  const customer = (cid: string, branchId: string, provinceCode: string, cityCode: string, districtCode: string | null, phone: string) =>
    strip(Customer.parse({ ...row, id: cid, branchId, name: '客户', phone, altPhone: null, vipTier: 'none', province: '某省', city: '某市', provinceCode, cityCode, districtCode, samePhoneReason: null, address: '某路1号', createdAt: FIXTURE_TIME, updatedAt: FIXTURE_TIME }));
  await write('customer', [
    customer(C1, bj, '110000', '110100', '110108', '+8613800000001'),
    customer(C2, bj, '130000', '130600', null, '+8613800000002'),
    customer(C3, gz, '440000', '440300', null, '+8613800000003'),
    customer(C4, gz, '440000', '440100', null, '+8613800000004'),
  ]);
  const product = (pid: string, customerId: string, branchId: string, category: string, serial: string) =>
    strip(Product.parse({ ...row, id: pid, customerId, branchId, serialNumber: serial, model: 'M1', category, purchaseDate: '2026-01-01', warrantyMonths: 36 }));
  await write('product', [
    product(P1, C1, bj, 'tv', 'SNOUT00001'), // A serves it
    product(P2, C1, bj, 'air_conditioner', 'SNOUT00002'), // gap: Beijing, air conditioners
    product(P3, C2, bj, 'tv', 'SNOUT00003'), // B serves it (the province)
    product(P4, C2, bj, 'refrigerator', 'SNOUT00004'), // gap: Baoding, refrigerators
    product(P5, C3, gz, 'tv', 'SNOUT00005'), // gap: Shenzhen, TVs (D is out of service)
    product(P6, C3, gz, 'tv', 'SNOUT00006'), // the same gap: 2 products
    product(P7, C4, gz, 'air_conditioner', 'SNOUT00007'), // C serves it
  ]);

  const owners = { [bj]: agentIdOf(backend, 'bj.agent1'), [gz]: agentIdOf(backend, 'gz.agent1') };
  const order = (n: number, o: { customerId: string; productId: string | null; branchId: string; createdAt: string; outletId?: string; technician?: string; deleted?: boolean }) =>
    strip(
      ServiceOrder.parse({
        ...row,
        deleted: o.deleted ?? false,
        id: id(20 + n),
        orderNumber: `${o.branchId === bj ? 'BJ01' : 'GZ01'}-01-20261101-${String(n).padStart(4, '0')}`,
        customerId: o.customerId,
        productId: o.productId,
        branchId: o.branchId,
        type: o.productId ? 'repair' : 'inquiry',
        status: o.technician ? 'completed' : o.outletId ? 'dispatched' : 'new',
        fault: '',
        ownerAgentId: owners[o.branchId],
        createdAt: o.createdAt,
        updatedAt: o.createdAt,
        outletId: o.outletId ?? null,
        dispatchedAt: o.outletId ? o.createdAt : null,
        completion: o.technician ? { resolution: '修好了', parts: [], fee: 0, technician: o.technician } : null,
      }),
    );
  await write('serviceOrder', [
    order(1, { customerId: C1, productId: P1, branchId: bj, createdAt: '2026-10-31T17:00:00.000Z', outletId: OA, technician: '张师傅' }), // November
    order(2, { customerId: C1, productId: P2, branchId: bj, createdAt: '2026-10-15T02:00:00.000Z' }), // October, no outlet
    order(3, { customerId: C2, productId: P3, branchId: bj, createdAt: '2026-11-05T02:00:00.000Z', outletId: OB, technician: '李师傅' }),
    order(4, { customerId: C2, productId: null, branchId: bj, createdAt: '2026-11-20T02:00:00.000Z' }), // no product: product line ''
    order(5, { customerId: C3, productId: P5, branchId: gz, createdAt: '2026-11-10T02:00:00.000Z', outletId: OC, technician: '张师傅' }), // a namesake at another outlet
    order(6, { customerId: C4, productId: P7, branchId: gz, createdAt: '2026-10-31T15:59:59.000Z', outletId: OC }), // October, not completed
    order(7, { customerId: C1, productId: P1, branchId: bj, createdAt: '2026-11-02T02:00:00.000Z', outletId: OA, technician: '张师傅' }),
    order(8, { customerId: C1, productId: P1, branchId: bj, createdAt: '2026-11-03T02:00:00.000Z', outletId: OA, technician: '张师傅', deleted: true }), // deleted: nowhere
    order(9, { customerId: C4, productId: P7, branchId: gz, createdAt: '2026-12-01T00:00:00.000Z', outletId: OC }), // December: outside the range
  ]);
}

const volume = (month: string, over: Partial<OutletVolumeRow>): OutletVolumeRow => ({
  month,
  regionCode: null,
  regionName: null,
  category: null,
  outletId: null,
  outletName: null,
  technician: null,
  orders: 0,
  ...over,
});

describe.each(testEngines())('outlet network on %s', (engine) => {
  const { backend, auth } = useTestBackend({ customers: 0, engine }, { hq: 'hq.admin', bjSuper: 'bj.super' });
  beforeAll(async () => {
    await writeFixture(backend, branchIdOf(backend, 'BJ01'), branchIdOf(backend, 'GZ01'));
  });

  const get = async (url: string, authorization = auth.hq) => {
    const response = await backend.app.inject({ method: 'GET', url, headers: { authorization } });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<unknown>();
  };
  /** Every page of a list, followed by its cursor with `limit` rows a page. */
  const allPages = async <T,>(url: string, parse: (body: unknown) => { items: T[]; nextCursor: string | null }, limit: number) => {
    const items: T[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = parse(await get(`${url}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`));
      expect(page.items.length).toBeLessThanOrEqual(limit);
      items.push(...page.items);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 20);
    return { items, pages };
  };

  it('orders per month by region (the customer’s province) and product line, across branches, in pages', async () => {
    const { items, pages } = await allPages('/outlet-network/volume?by=region&from=2026-10&to=2026-11', (b) => OutletVolumePage.parse(b), 2);
    expect(pages).toBe(3);
    expect(items).toEqual([
      volume('2026-10-01', { regionCode: '110000', regionName: '北京市', category: 'air_conditioner', orders: 1 }), // O2
      volume('2026-10-01', { regionCode: '440000', regionName: '广东省', category: 'air_conditioner', orders: 1 }), // O6
      volume('2026-11-01', { regionCode: '110000', regionName: '北京市', category: 'tv', orders: 2 }), // O1, O7 (O8 deleted)
      volume('2026-11-01', { regionCode: '130000', regionName: '河北省', category: '', orders: 1 }), // O4, no product
      volume('2026-11-01', { regionCode: '130000', regionName: '河北省', category: 'tv', orders: 1 }), // O3
      volume('2026-11-01', { regionCode: '440000', regionName: '广东省', category: 'tv', orders: 1 }), // O5
    ]);
  });

  it('orders per month by outlet and by technician (with their outlet)', async () => {
    const outlets = OutletVolumePage.parse(await get('/outlet-network/volume?by=outlet&from=2026-10&to=2026-12'));
    expect(outlets.items).toEqual([
      volume('2026-10-01', { outletId: OC, outletName: 'C站', orders: 1 }), // O6
      volume('2026-11-01', { outletId: OA, outletName: 'A站', orders: 2 }), // O1, O7
      volume('2026-11-01', { outletId: OB, outletName: 'B站', orders: 1 }), // O3
      volume('2026-11-01', { outletId: OC, outletName: 'C站', orders: 1 }), // O5
      volume('2026-12-01', { outletId: OC, outletName: 'C站', orders: 1 }), // O9
    ]);
    const technicians = OutletVolumePage.parse(await get('/outlet-network/volume?by=technician&from=2026-10&to=2026-11'));
    expect(technicians.items).toEqual([
      volume('2026-11-01', { outletId: OA, outletName: 'A站', technician: '张师傅', orders: 2 }),
      volume('2026-11-01', { outletId: OB, outletName: 'B站', technician: '李师傅', orders: 1 }),
      volume('2026-11-01', { outletId: OC, outletName: 'C站', technician: '张师傅', orders: 1 }),
    ]);
  });

  it('outlet load against capacity: the fullest first, unplanned last, out-of-service outlets not at all', async () => {
    const { items, pages } = await allPages('/outlet-network/capacity?', (b) => OutletCapacityPage.parse(b), 1);
    expect(pages).toBe(3);
    expect(items.map((o) => [o.name, o.load, o.capacity, o.branchName])).toEqual([
      ['A站', 12, 10, 'BJ01 北京分公司'],
      ['B站', 5, 20, 'BJ01 北京分公司'],
      ['C站', 3, null, 'GZ01 广州分公司'],
    ]);
  });

  it('regions whose products of a category no outlet in service is authorised for, most products first', async () => {
    const { items } = await allPages('/outlet-network/gaps?', (b) => OutletGapPage.parse(b), 2);
    expect(items).toEqual([
      { provinceCode: '440000', provinceName: '广东省', cityCode: '440300', cityName: '深圳市', category: 'tv', products: 2 },
      { provinceCode: '110000', provinceName: '北京市', cityCode: '110100', cityName: '北京市', category: 'air_conditioner', products: 1 },
      { provinceCode: '130000', provinceName: '河北省', cityCode: '130600', cityName: '保定市', category: 'refrigerator', products: 1 },
    ]);
  });

  it('is bounded: at most 24 months, and no cursor it did not hand out; a supervisor is refused', async () => {
    const bad = (url: string, authorization = auth.hq) => backend.app.inject({ method: 'GET', url, headers: { authorization } });
    expect((await bad('/outlet-network/volume?by=region&from=2024-01&to=2026-01')).statusCode).toBe(400);
    expect((await bad('/outlet-network/volume?by=region&from=2026-13&to=2026-12')).statusCode).toBe(400);
    expect((await bad('/outlet-network/capacity?cursor=bm90LWEtY3Vyc29y')).statusCode).toBe(400);
    expect((await bad('/outlet-network/gaps', auth.bjSuper)).statusCode).toBe(403);
  });
});
