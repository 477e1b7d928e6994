import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuplicateOrderList, type DuplicateOrderList as DuplicateOrderListShape } from '../../shared/api/rest.js';
import { SyncPushResponse, type Mutation } from '../../shared/api/syncPush.js';
import { testEngines } from './support/testDatabase.js';
import { branchIdOf, startTestBackend, type TestBackend } from './support/testBackend.js';

/** GET /orders/duplicates: what a new order would duplicate, shown to the agent (never enforced). */
describe.each(testEngines())('duplicate order check on %s', (engine) => {
  let backend: TestBackend;
  let bj: string;
  let gz: string;
  beforeAll(async () => {
    backend = await startTestBackend({ customers: 40, engine });
    bj = await backend.bearer('bj.agent1');
    gz = await backend.bearer('gz.agent1');
  });
  afterAll(() => backend.close());

  const agentId = (login: string) => backend.demo.agents.find((a) => a.login === login)?.id ?? '';
  const household = () => backend.households.find((h) => h.customer.branchId === branchIdOf(backend, 'BJ01') && h.products.length > 0)!;

  async function push(mutations: Mutation[]): Promise<void> {
    const response = await backend.app.inject({ method: 'POST', url: '/sync/push', headers: { authorization: bj }, payload: { seatId: 'seat-01', mutations } });
    expect(SyncPushResponse.parse(response.json()).results.map((r) => r.status)).toEqual(mutations.map(() => 'applied'));
  }
  const mutation = (entity: Mutation['entity'], op: Mutation['op'], entityId: string, patch: Record<string, unknown>, baseVersion = 0): Mutation => ({
    mutationId: randomUUID(),
    entity,
    entityId,
    op,
    baseVersion,
    patch,
  });

  async function duplicates(query: string, authorization = bj): Promise<DuplicateOrderListShape['items']> {
    const response = await backend.app.inject({ method: 'GET', url: `/orders/duplicates?${query}`, headers: { authorization } });
    expect(response.statusCode, response.body).toBe(200);
    return DuplicateOrderList.parse(response.json()).items;
  }

  it('shows an open order for the same serial number and, for another unit of the category, the same phone within 7 days', async () => {
    const { customer, products } = household();
    const product = products[0]!;
    const orderId = randomUUID();
    const now = new Date().toISOString();
    await push([
      mutation('serviceOrder', 'create', orderId, {
        orderNumber: 'BJ01-08-20261123-0001',
        customerId: customer.id,
        productId: product.id,
        branchId: customer.branchId,
        type: 'repair',
        status: 'new',
        fault: '开机无显示',
        ownerAgentId: agentId('bj.agent1'),
        createdAt: now,
        updatedAt: now,
      }),
    ]);
    const sameUnit = await duplicates(`customerId=${customer.id}&productId=${product.id}&type=repair`);
    expect(sameUnit.find((d) => d.order.id === orderId)?.reason).toBe('same_serial_number');
    expect(sameUnit.every((d) => ['new', 'dispatched', 'accepted', 'in_service', 'parts_pending'].includes(d.order.status) && d.order.type === 'repair')).toBe(true);
    expect((await duplicates(`customerId=${customer.id}&productId=${product.id}&type=installation`)).some((d) => d.order.id === orderId)).toBe(false);
    expect(await duplicates(`customerId=${customer.id}&type=repair`)).toEqual([]);

    // A second unit of the same category, bought by the same customer (same phone).
    const secondUnit = randomUUID();
    await push([
      mutation('product', 'create', secondUnit, { ...product, id: undefined, version: undefined, deleted: undefined, serialNumber: `${product.serialNumber}X` }),
    ]);
    const samePhone = await duplicates(`customerId=${customer.id}&productId=${secondUnit}&type=repair`);
    expect(samePhone.find((d) => d.order.id === orderId)?.reason).toBe('same_phone_and_category');

    // Once cancelled, the order is no longer open: nothing to warn about.
    await push([mutation('serviceOrder', 'update', orderId, { status: 'cancelled' }, 0)]);
    expect((await duplicates(`customerId=${customer.id}&productId=${product.id}&type=repair`)).some((d) => d.order.id === orderId)).toBe(false);
  });

  it('answers 400 naming the field, 403 for another branch, 404 for a product that is not the customer’s', async () => {
    const { customer } = household();
    const bad = await backend.app.inject({ method: 'GET', url: `/orders/duplicates?customerId=${customer.id}&type=fix`, headers: { authorization: bj } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('type');
    expect((await backend.app.inject({ method: 'GET', url: `/orders/duplicates?customerId=${customer.id}&type=repair`, headers: { authorization: gz } })).statusCode).toBe(403);
    const foreignProduct = backend.households.find((h) => h.customer.id !== customer.id && h.products.length > 0)!.products[0]!;
    const notTheirs = await backend.app.inject({ method: 'GET', url: `/orders/duplicates?customerId=${customer.id}&productId=${foreignProduct.id}&type=repair`, headers: { authorization: bj } });
    expect(notTheirs.statusCode).toBe(404);
  });
});
