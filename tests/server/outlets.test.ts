import { describe, expect, it } from 'vitest';
import { outletServes } from '../../shared/domain/orderDispatch.js';
import { ApiError, OutletList, SyncPullResponse } from '../../shared/api/rest.js';
import type { Outlet } from '../../shared/domain/outlet.js';
import { testEngines } from './support/testDatabase.js';
import { branchIdOf, useTestBackend } from './support/testBackend.js';

/** Outlets: seeded per branch, synced to the branch's seats, listed and suggested by GET /outlets. */
describe.each(testEngines())('outlets on %s', (engine) => {
  const { backend, auth } = useTestBackend({ customers: 40, engine }, { bj: 'bj.agent1', gz: 'gz.agent1' });

  async function outlets(query: string, authorization = auth.bj): Promise<Outlet[]> {
    const response = await backend.app.inject({ method: 'GET', url: `/outlets${query}`, headers: { authorization } });
    expect(response.statusCode, response.body).toBe(200);
    return OutletList.parse(response.json()).items;
  }

  it("lists the branch's seeded outlets by name, and only those", async () => {
    const bjOutlets = await outlets('');
    expect(bjOutlets.length).toBeGreaterThanOrEqual(3);
    expect(bjOutlets.every((o) => o.branchId === branchIdOf(backend, 'BJ01'))).toBe(true);
    expect(bjOutlets.map((o) => o.name)).toEqual(backend.demo.outlets.filter((o) => o.branchId === branchIdOf(backend, 'BJ01')).map((o) => o.name).sort());
    const gzOutlets = await outlets('', auth.gz);
    expect(gzOutlets.some((o) => bjOutlets.some((b) => b.id === o.id))).toBe(false);
  });

  it('suggests, for a customer and category, outlets serving their city or province, nearest and least loaded first', async () => {
    const { customer } = backend.households.find((h) => h.customer.branchId === branchIdOf(backend, 'BJ01') && h.customer.city === '北京市')!;
    const suggested = await outlets(`?customerId=${customer.id}&category=air_conditioner`);
    expect(suggested.length).toBeGreaterThanOrEqual(2);
    expect(suggested.every((o) => o.categories.includes('air_conditioner') && outletServes(o, customer, 'air_conditioner'))).toBe(true);
    // By code: the city's outlet (北京市 110100) before the branch's centre serving whole provinces (北京 110000, …).
    expect(suggested[0]?.regionCodes).toContain('110100');
    expect(suggested.at(-1)?.regionCodes).toContain('110000');
  });

  it('answers 400 naming the field, 403 for another branch’s customer, 404 for an unknown one', async () => {
    const bjCustomer = backend.households.find((h) => h.customer.branchId === branchIdOf(backend, 'BJ01'))!.customer;
    const bad = await backend.app.inject({ method: 'GET', url: `/outlets?customerId=${bjCustomer.id}`, headers: { authorization: auth.bj } });
    expect(bad.statusCode).toBe(400);
    expect(ApiError.parse(bad.json()).error.message).toContain('category');
    const badCategory = await backend.app.inject({ method: 'GET', url: `/outlets?customerId=${bjCustomer.id}&category=car`, headers: { authorization: auth.bj } });
    expect(badCategory.statusCode).toBe(400);
    const foreign = await backend.app.inject({ method: 'GET', url: `/outlets?customerId=${bjCustomer.id}&category=tv`, headers: { authorization: auth.gz } });
    expect(foreign.statusCode).toBe(403);
    const unknown = await backend.app.inject({ method: 'GET', url: '/outlets?customerId=4f1c2a8e-0d5b-4c39-9a53-2f7e8b6d1c00&category=tv', headers: { authorization: auth.bj } });
    expect(unknown.statusCode).toBe(404);
  });

  it("reach the branch's seats through pull", async () => {
    const response = await backend.app.inject({ method: 'GET', url: '/sync/pull?cursor=0&limit=10000', headers: { authorization: auth.bj } });
    const pulled = SyncPullResponse.parse(response.json()).changes.flatMap((c) => (c.entity === 'outlet' ? [c.row.id] : []));
    expect(pulled.sort()).toEqual((await outlets('')).map((o) => o.id).sort());
  });
});
