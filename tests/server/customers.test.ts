import { describe, expect, it } from 'vitest';
import { ApiError, CustomerDetail, CustomerList } from '../../shared/api/rest.js';
import { Customer } from '../../shared/domain/customer.js';
import { testEngines } from './support/testDatabase.js';
import { branchIdOf, useTestBackend } from './support/testBackend.js';

describe.each(testEngines())('on %s', (engine) => {
  const { backend, auth } = useTestBackend({ customers: 200, engine }, { bj: 'bj.agent1', gz: 'gz.agent1' });

  async function search(authorization: string, query: string, limit = 100) {
    const response = await backend.app.inject({ method: 'GET', url: '/customers', query: { query, limit: String(limit) }, headers: { authorization } });
    expect(response.statusCode).toBe(200);
    return CustomerList.parse(response.json()).items;
  }

  const countRows = async () => ({
    customers: (await backend.database.db.selectFrom('customers').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
    changes: (await backend.database.db.selectFrom('changeLog').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n,
  });

  function bjHousehold(index = 0) {
    const household = backend.households.filter((h) => h.customer.branchId === branchIdOf(backend, 'BJ01'))[index];
    if (!household) throw new Error('no BJ01 household');
    return household;
  }

  describe('GET /customers (search)', () => {
    it('finds by part of a Chinese name, only within the agent’s branch', async () => {
      const target = bjHousehold(3).customer;
      const fragment = target.name.slice(1); // the given name
      const items = await search(auth.bj, fragment);
      expect(items.map((c) => c.id)).toContain(target.id);
      for (const c of items) {
        expect(c.name).toContain(fragment);
        expect(c.branchId).toBe(branchIdOf(backend, 'BJ01'));
      }
      expect(await search(auth.gz, target.name)).not.toContainEqual(expect.objectContaining({ id: target.id }));
    });

    it('finds by a phone number typed in another format than stored', async () => {
      const target = bjHousehold(5).customer;
      const national = target.phone.slice(3); // +86 13800138000 → 13800138000
      const spaced = `+86 ${national.slice(0, 3)} ${national.slice(3, 7)} ${national.slice(7)}`;
      for (const typed of [spaced, national, `0086-${national}`]) {
        expect((await search(auth.bj, typed))[0]?.id).toBe(target.id);
      }
    });

    it('finds by a landline (alt phone) with its area code, and by a fragment of digits', async () => {
      const target = backend.households.map((h) => h.customer).find((c) => c.branchId === branchIdOf(backend, 'BJ01') && c.altPhone?.startsWith('+8610'));
      if (!target?.altPhone) throw new Error('demo data has no Beijing landline');
      const local = target.altPhone.slice(5); // +8610 62345678 → 62345678
      expect((await search(auth.bj, `(010) ${local.slice(0, 4)} ${local.slice(4)}`)).map((c) => c.id)).toContain(target.id);
      // A trunk 0 kept after +86: no digit fragment of this matches, only the normalised number does.
      expect((await search(auth.bj, `+86 (0)10 ${local}`)).map((c) => c.id)).toContain(target.id);
      expect((await search(auth.bj, target.phone.slice(-8, -1))).map((c) => c.id)).toContain(target.id);
    });

    it('finds by a whole serial number and by part of one', async () => {
      const household = bjHousehold(7);
      const serial = household.products[0]?.serialNumber ?? '';
      expect((await search(auth.bj, serial)).map((c) => c.id)).toEqual([household.customer.id]);
      expect((await search(auth.bj, serial.slice(-8).toLowerCase())).map((c) => c.id)).toContain(household.customer.id);
      expect(await search(auth.gz, serial)).toEqual([]);
    });

    it('respects limit and rejects a missing query naming the field', async () => {
      expect((await search(auth.bj, '1', 3)).length).toBeLessThanOrEqual(3);
      const response = await backend.app.inject({ method: 'GET', url: '/customers?limit=5', headers: { authorization: auth.bj } });
      expect(response.statusCode).toBe(400);
      expect(ApiError.parse(response.json()).error.message).toContain('query');
    });
  });

  describe('GET /customers/:id', () => {
    it('answers the customer with their products and orders', async () => {
      const household = bjHousehold(2);
      const response = await backend.app.inject({ method: 'GET', url: `/customers/${household.customer.id}`, headers: { authorization: auth.bj } });
      expect(response.statusCode).toBe(200);
      const detail = CustomerDetail.parse(response.json());
      expect(detail.customer).toEqual({ ...household.customer, version: detail.customer.version });
      expect(detail.customer.version).toBeGreaterThan(0);
      expect(detail.products.map((p) => p.id).sort()).toEqual(household.products.map((p) => p.id).sort());
      expect(detail.orders.map((o) => o.id).sort()).toEqual(household.orders.map((o) => o.id).sort());
      const orderTimes = detail.orders.map((o) => o.createdAt);
      expect(orderTimes).toEqual([...orderTimes].sort().reverse());
    });

    it('answers 403 for another branch’s customer, 404 for an unknown id, 400 for a malformed id', async () => {
      const theirs = bjHousehold(0).customer.id;
      const forbidden = await backend.app.inject({ method: 'GET', url: `/customers/${theirs}`, headers: { authorization: auth.gz } });
      expect(forbidden.statusCode).toBe(403);
      expect(forbidden.json().error.code).toBe('forbidden');
      const missing = await backend.app.inject({ method: 'GET', url: '/customers/4f1c2a8e-0d5b-4c39-9a53-2f7e8b6d1c00', headers: { authorization: auth.bj } });
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.code).toBe('not_found');
      const malformed = await backend.app.inject({ method: 'GET', url: '/customers/42', headers: { authorization: auth.bj } });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().error.message).toContain('id');
    });
  });

  describe('POST /customers', () => {
    const newCustomer = {
      name: '欧阳娜娜',
      phone: '138-0013-8000',
      altPhone: '010 6234 5678',
      province: '北京市',
      city: '北京市',
      address: '海淀区中关村大街1号',
    };

    it('creates the customer with canonical phones, a change-log version, and finds them afterwards', async () => {
      const before = await countRows();
      const response = await backend.app.inject({ method: 'POST', url: '/customers', payload: newCustomer, headers: { authorization: auth.bj } });
      expect(response.statusCode).toBe(201);
      const created = Customer.parse(response.json());
      expect(created).toMatchObject({ name: '欧阳娜娜', phone: '+8613800138000', altPhone: '+861062345678', vipTier: 'none', deleted: false });
      expect(created.branchId).toBe(branchIdOf(backend, 'BJ01'));
      const head = await backend.database.db.selectFrom('changeLog').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow();
      expect(created.version).toBe(Number(head.seq));
      expect(await countRows()).toEqual({ customers: before.customers + 1, changes: before.changes + 1 });
      expect((await search(auth.bj, '+86 138 0013 8000')).map((c) => c.id)).toContain(created.id);
    });

    it("registers the customer in the agent's own branch whatever their province (as a seat's push does); keeps a client-made id", async () => {
      const id = '0f8fad5b-d9cb-469f-a165-70867728950e';
      const inGuangdong = await backend.app.inject({
        method: 'POST',
        url: '/customers',
        payload: { ...newCustomer, id, phone: '13912345678', province: '广东省', city: '深圳市' },
        headers: { authorization: auth.bj },
      });
      expect(inGuangdong.statusCode).toBe(201);
      expect(Customer.parse(inGuangdong.json())).toMatchObject({ id, branchId: branchIdOf(backend, 'BJ01') });
      // The agent who registered them keeps them in scope.
      expect((await backend.app.inject({ method: 'GET', url: `/customers/${id}`, headers: { authorization: auth.bj } })).statusCode).toBe(200);

      const inSichuan = await backend.app.inject({
        method: 'POST',
        url: '/customers',
        payload: { ...newCustomer, phone: '13912345679', province: '四川省', city: '成都市' },
        headers: { authorization: auth.gz },
      });
      expect(Customer.parse(inSichuan.json()).branchId).toBe(branchIdOf(backend, 'GZ01'));

      const again = await backend.app.inject({ method: 'POST', url: '/customers', payload: { ...newCustomer, id }, headers: { authorization: auth.bj } });
      expect(again.statusCode).toBe(409);
    });

    it('rejects a bad phone with 400 naming `phone`, and writes nothing', async () => {
      const before = await countRows();
      const response = await backend.app.inject({
        method: 'POST',
        url: '/customers',
        payload: { ...newCustomer, phone: '12345' },
        headers: { authorization: auth.bj },
      });
      expect(response.statusCode).toBe(400);
      const { error } = ApiError.parse(response.json());
      expect(error.code).toBe('bad_input');
      expect(error.message).toMatch(/phone/);
      expect(error.details).toEqual([expect.objectContaining({ path: ['phone'] })]);
      expect(await countRows()).toEqual(before);
    });

    it('rejects a missing name and a wrong VIP tier, naming both', async () => {
      const response = await backend.app.inject({
        method: 'POST',
        url: '/customers',
        payload: { ...newCustomer, name: '  ', vipTier: 'diamond' },
        headers: { authorization: auth.bj },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.message).toMatch(/name.*vipTier|vipTier.*name/);
    });

    it('needs a token', async () => {
      const response = await backend.app.inject({ method: 'POST', url: '/customers', payload: newCustomer });
      expect(response.statusCode).toBe(401);
    });
  });
});
