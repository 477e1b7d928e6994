import { describe, expect, it } from 'vitest';
import { ApiError, OrderList } from '../../shared/api/rest.js';
import { ServiceOrder } from '../../shared/domain/serviceOrder.js';
import { testEngines } from './support/testDatabase.js';
import { branchIdOf, useTestBackend } from './support/testBackend.js';

describe.each(testEngines())('orders on %s', (engine) => {
  const { backend, auth } = useTestBackend({ customers: 80, engine }, { bj: 'bj.agent1', gz: 'gz.agent1' });

  const bjOrders = () => backend.households.filter((h) => h.customer.branchId === branchIdOf(backend, 'BJ01')).flatMap((h) => h.orders);

  async function list(query: string, authorization = auth.bj): Promise<OrderList> {
    const response = await backend.app.inject({ method: 'GET', url: `/orders?${query}`, headers: { authorization } });
    expect(response.statusCode, response.body).toBe(200);
    return OrderList.parse(response.json());
  }

  it("pages through the branch's orders newest first, each exactly once", async () => {
    const seen: ServiceOrder[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const page: OrderList = await list(`limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) break;
      expect(page.items).toHaveLength(7);
    }
    expect(seen.map((o) => o.id).sort()).toEqual(bjOrders().map((o) => o.id).sort());
    const keys = seen.map((o) => `${o.createdAt}|${o.id}`);
    expect(keys).toEqual([...keys].sort().reverse());
  });

  it('filters by status and by customer', async () => {
    const order = bjOrders()[0];
    if (!order) throw new Error('no BJ01 order');
    const byStatus = await list(`status=${order.status}&limit=200`);
    expect(byStatus.items.length).toBe(bjOrders().filter((o) => o.status === order.status).length);
    expect(byStatus.items.every((o) => o.status === order.status)).toBe(true);
    const byCustomer = await list(`customerId=${order.customerId}`);
    expect(byCustomer.items.map((o) => o.id).sort()).toEqual(bjOrders().filter((o) => o.customerId === order.customerId).map((o) => o.id).sort());
    expect((await list(`customerId=${order.customerId}`, auth.gz)).items).toEqual([]);
  });

  it('refuses a bad status, customerId or cursor with 400 naming it', async () => {
    for (const [query, field] of [['status=done', 'status'], ['customerId=7', 'customerId'], ['cursor=abc', 'cursor'], ['limit=0', 'limit']]) {
      const response = await backend.app.inject({ method: 'GET', url: `/orders?${query}`, headers: { authorization: auth.bj } });
      expect(response.statusCode).toBe(400);
      expect(ApiError.parse(response.json()).error.message).toContain(field);
    }
  });

  it('answers one order, 403 for another branch, 404 for an unknown id', async () => {
    const order = bjOrders()[1];
    if (!order) throw new Error('no BJ01 order');
    const found = await backend.app.inject({ method: 'GET', url: `/orders/${order.id}`, headers: { authorization: auth.bj } });
    expect(ServiceOrder.parse(found.json())).toEqual({ ...order, version: expect.any(Number) });
    expect((await backend.app.inject({ method: 'GET', url: `/orders/${order.id}`, headers: { authorization: auth.gz } })).statusCode).toBe(403);
    expect((await backend.app.inject({ method: 'GET', url: '/orders/4f1c2a8e-0d5b-4c39-9a53-2f7e8b6d1c00', headers: { authorization: auth.bj } })).statusCode).toBe(404);
  });
});
