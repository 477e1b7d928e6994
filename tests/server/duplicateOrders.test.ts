import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DuplicateOrderList, type DuplicateOrderList as DuplicateOrderListShape } from '../../shared/api/rest.js';
import type { Mutation } from '../../shared/api/syncPush.js';
import { testEngines } from './support/testDatabase.js';
import { mutationOf, pushMutations } from './support/pushMutations.js';
import { agentIdOf, branchIdOf, useTestBackend } from './support/testBackend.js';

/** GET /orders/duplicates: what a new order would duplicate, shown to the agent (never enforced). */
describe.each(testEngines())('duplicate order check on %s', (engine) => {
  const { backend, auth } = useTestBackend({ customers: 40, engine }, { bj: 'bj.agent1', gz: 'gz.agent1' });

  const agentId = (login: string) => agentIdOf(backend, login);
  const household = () => backend.households.find((h) => h.customer.branchId === branchIdOf(backend, 'BJ01') && h.products.length > 0)!;

  async function push(mutations: Mutation[]): Promise<void> {
    expect((await pushMutations(backend, auth.bj, 'seat-01', mutations)).map((r) => r.status)).toEqual(mutations.map(() => 'applied'));
  }

  async function duplicates(query: string, authorization = auth.bj): Promise<DuplicateOrderListShape['items']> {
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
      mutationOf('serviceOrder', 'create', orderId, {
        orderNumber: 'BJ01-08-20261123-0001',
        customerId: customer.id,
        productId: product.id,
        branchId: customer.branchId,
        type: 'repair',
        status: 'new',
        fault: '开机无显示',
        warranty: null,
        feeConsent: { estimate: 100, consentedAt: now },
        // The demo may already have an open order for this unit.
        duplicateReason: '测试',
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
      mutationOf('product', 'create', secondUnit, { ...product, id: undefined, version: undefined, deleted: undefined, serialNumber: `${product.serialNumber}X` }),
    ]);
    const samePhone = await duplicates(`customerId=${customer.id}&productId=${secondUnit}&type=repair`);
    expect(samePhone.find((d) => d.order.id === orderId)?.reason).toBe('same_phone_and_category');

    // Once cancelled, the order is no longer open: nothing to warn about.
    await push([mutationOf('serviceOrder', 'update', orderId, { status: 'cancelled', cancelReason: '客户已自行解决' }, 0)]);
    expect((await duplicates(`customerId=${customer.id}&productId=${product.id}&type=repair`)).some((d) => d.order.id === orderId)).toBe(false);
  });

  it('refuses a second order for an open one’s unit without a reason (the shared rule), and keeps the reason given', async () => {
    const { customer, products } = household();
    const product = products[0]!;
    const now = new Date().toISOString();
    const order = (n: number, duplicateReason: string | null) =>
      mutationOf('serviceOrder', 'create', randomUUID(), {
        orderNumber: `BJ01-08-20261124-000${n}`, customerId: customer.id, productId: product.id, branchId: customer.branchId, type: 'repair', status: 'new',
        fault: '不制冷', warranty: null, feeConsent: { estimate: 100, consentedAt: now }, duplicateReason, ownerAgentId: agentId('bj.agent1'), createdAt: now, updatedAt: now,
      });
    const open = await duplicates(`customerId=${customer.id}&productId=${product.id}&type=repair`);
    if (open.length === 0) await push([order(1, null)]);
    const openNumbers = (await duplicates(`customerId=${customer.id}&productId=${product.id}&type=repair`)).map((d) => d.order.orderNumber);
    const second = order(2, null);
    const [refused] = await pushMutations(backend, auth.bj, 'seat-01', [second]);
    expect(refused).toMatchObject({ status: 'rejected', code: 'details_required', details: { code: 'order_duplicate_reason_required', field: 'duplicateReason', params: { orderNumbers: openNumbers } } });
    const withReason = order(3, '上次维修后同一故障再次出现');
    await push([withReason]);
    const stored = await backend.database.db.selectFrom('serviceOrders').select('duplicateReason').where('id', '=', withReason.entityId).executeTakeFirstOrThrow();
    expect(stored.duplicateReason).toBe('上次维修后同一故障再次出现');
  });

  it('answers 400 naming the field, 403 for another branch, 404 for a product that is not the customer’s', async () => {
    const { customer } = household();
    const bad = await backend.app.inject({ method: 'GET', url: `/orders/duplicates?customerId=${customer.id}&type=fix`, headers: { authorization: auth.bj } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('type');
    expect((await backend.app.inject({ method: 'GET', url: `/orders/duplicates?customerId=${customer.id}&type=repair`, headers: { authorization: auth.gz } })).statusCode).toBe(403);
    const foreignProduct = backend.households.find((h) => h.customer.id !== customer.id && h.products.length > 0)!.products[0]!;
    const notTheirs = await backend.app.inject({ method: 'GET', url: `/orders/duplicates?customerId=${customer.id}&productId=${foreignProduct.id}&type=repair`, headers: { authorization: auth.bj } });
    expect(notTheirs.statusCode).toBe(404);
  });
});
