import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError, ProductDetail, ProductList, SyncPullResponse } from '../../shared/api/rest.js';
import type { Mutation } from '../../shared/api/syncPush.js';
import { testEngines } from './support/testDatabase.js';
import { mutationOf, pushMutations } from './support/pushMutations.js';
import { branchIdOf, useTestBackend } from './support/testBackend.js';

/** The install base: GET /products (paged, branch-scoped), GET /products/{id} with warranty, POST /products and creates by push. */
describe.each(testEngines())('products on %s', (engine) => {
  const { backend, auth } = useTestBackend({ customers: 60, engine }, { bj: 'bj.agent1', gz: 'gz.agent1' });
  let bjBranch: string;
  beforeAll(() => {
    bjBranch = branchIdOf(backend, 'BJ01');
  });

  const bjHouseholds = () => backend.households.filter((h) => h.customer.branchId === bjBranch);
  const gzCustomer = () => backend.households.find((h) => h.customer.branchId !== bjBranch)!.customer;
  const get = (url: string, authorization = auth.bj) => backend.app.inject({ method: 'GET', url, headers: { authorization } });
  const post = (url: string, payload: unknown, authorization = auth.bj) => backend.app.inject({ method: 'POST', url, headers: { authorization }, payload: payload as object });
  const productCount = async () => Number((await backend.database.db.selectFrom('products').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it("pages through exactly the branch's products by serial number", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response = await get(`/products?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.statusCode, response.body).toBe(200);
      const page = ProductList.parse(response.json());
      expect(page.items.every((p) => p.branchId === bjBranch)).toBe(true);
      seen.push(...page.items.map((p) => p.serialNumber));
      cursor = page.nextCursor;
    } while (cursor);
    const expected = bjHouseholds().flatMap((h) => h.products.map((p) => p.serialNumber)).sort();
    expect(seen).toEqual(expected);
  });

  it('filters by customer and by exact serial number (any case)', async () => {
    const household = bjHouseholds().find((h) => h.products.length >= 2)!;
    const byCustomer = ProductList.parse((await get(`/products?customerId=${household.customer.id}`)).json()).items;
    expect(byCustomer.map((p) => p.id).sort()).toEqual(household.products.map((p) => p.id).sort());
    const serial = household.products[0]!.serialNumber;
    const bySerial = ProductList.parse((await get(`/products?serial=${serial.toLowerCase()}`)).json()).items;
    expect(bySerial.map((p) => p.id)).toEqual([household.products[0]!.id]);
    // Another branch's serial is not found, not leaked.
    const foreignSerial = backend.households.find((h) => h.customer.branchId !== bjBranch && h.products.length > 0)!.products[0]!.serialNumber;
    expect(ProductList.parse((await get(`/products?serial=${foreignSerial}`)).json()).items).toEqual([]);
  });

  it('shows one product with its warranty status; 403 for another branch, 404 for none, 400 for a bad id', async () => {
    const product = bjHouseholds().flatMap((h) => h.products)[0]!;
    const response = await get(`/products/${product.id}`);
    expect(response.statusCode).toBe(200);
    const detail = ProductDetail.parse(response.json());
    expect(detail.serialNumber).toBe(product.serialNumber);
    expect(detail.warranty.expiresOn > product.purchaseDate).toBe(true);
    expect(['in_warranty', 'out_of_warranty']).toContain(detail.warranty.status);
    expect((await get(`/products/${product.id}`, auth.gz)).statusCode).toBe(403);
    expect((await get(`/products/${randomUUID()}`)).statusCode).toBe(404);
    expect((await get('/products/not-a-uuid')).statusCode).toBe(400);
    expect((await get('/products')).statusCode).toBe(200);
    expect((await backend.app.inject({ method: 'GET', url: '/products' })).statusCode).toBe(401);
  });

  it('registers a unit with the category warranty, logs it for the branch and refuses a second one with that serial', async () => {
    const customer = bjHouseholds()[0]!.customer;
    const today = new Date().toISOString().slice(0, 10);
    const created = await post('/products', { customerId: customer.id, serialNumber: 'ac2611k9990001', model: 'KFR-35GW', category: 'air_conditioner', purchaseDate: today });
    expect(created.statusCode, created.body).toBe(201);
    const product = ProductDetail.parse(created.json());
    expect(product).toMatchObject({ serialNumber: 'AC2611K9990001', warrantyMonths: 72, branchId: bjBranch, warranty: { status: 'in_warranty' } });

    const pulled = SyncPullResponse.parse((await get(`/sync/pull?cursor=${product.version - 1}`)).json()).changes;
    expect(pulled).toEqual([expect.objectContaining({ entity: 'product', row: expect.objectContaining({ id: product.id }) })]);

    const before = await productCount();
    const again = await post('/products', { customerId: customer.id, serialNumber: 'AC2611K9990001', model: 'X', category: 'tv', purchaseDate: today });
    expect(again.statusCode).toBe(409);
    expect(ApiError.parse(again.json()).error.message).toContain('serialNumber');
    expect(await productCount()).toBe(before);
  });

  it('answers 400 naming the field, writing nothing: bad serial, bad date, customer of another branch', async () => {
    const customer = bjHouseholds()[0]!.customer;
    const before = await productCount();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ customerId: customer.id, serialNumber: 'x!', model: 'M', category: 'tv', purchaseDate: '2024-01-01' }, 'serialNumber'],
      [{ customerId: customer.id, serialNumber: 'TV2401A0000001', model: 'M', category: 'tv', purchaseDate: '2024-02-30' }, 'purchaseDate'],
      [{ customerId: customer.id, serialNumber: 'TV2401A0000001', model: 'M', category: 'car', purchaseDate: '2024-01-01' }, 'category'],
      [{ customerId: gzCustomer().id, serialNumber: 'TV2401A0000001', model: 'M', category: 'tv', purchaseDate: '2024-01-01' }, 'customerId'],
      [{ customerId: randomUUID(), serialNumber: 'TV2401A0000001', model: 'M', category: 'tv', purchaseDate: '2024-01-01' }, 'customerId'],
    ];
    for (const [body, field] of cases) {
      const response = await post('/products', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(ApiError.parse(response.json()).error.message).toContain(field);
    }
    expect(await productCount()).toBe(before);
  });

  it('takes creates through push, refusing a serial number already registered and another branch', async () => {
    const customer = bjHouseholds()[1]!.customer;
    const patch = { customerId: customer.id, branchId: bjBranch, serialNumber: 'WM2611B0000077', model: 'XQG100', category: 'washing_machine', purchaseDate: '2026-10-01', warrantyMonths: 36 };
    const mutation = (entityId: string, p: Record<string, unknown>) => mutationOf('product', 'create', entityId, p);
    const push = (mutations: Mutation[], authorization = auth.bj) => pushMutations(backend, authorization, 'seat-01', mutations);

    const [applied] = await push([mutation(randomUUID(), patch)]);
    expect(applied?.status).toBe('applied');
    const [duplicate] = await push([mutation(randomUUID(), patch)]);
    expect(duplicate).toMatchObject({ status: 'rejected', code: 'already_exists' });
    expect(duplicate).toMatchObject({ details: { code: 'serial_number_taken', field: 'serialNumber', params: { serialNumber: 'WM2611B0000077' } } });
    const [foreign] = await push([mutation(randomUUID(), { ...patch, serialNumber: 'WM2611B0000078', customerId: gzCustomer().id })]);
    expect(foreign).toMatchObject({ status: 'rejected', code: 'invalid_reference' });
  });
});
