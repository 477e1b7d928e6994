import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError, OutletList, RegionTableAnswer } from '../../shared/api/rest.js';
import type { Customer } from '../../shared/domain/customer.js';
import { syncedTables } from '../../server/db/syncedTables.js';
import { mutationOf, pushMutations } from './support/pushMutations.js';
import { branchIdOf, useTestBackend } from './support/testBackend.js';
import { testEngines } from './support/testDatabase.js';

/**
 * Regions as data and one customer per phone, at the backend (REST and push alike): a customer
 * saved as 北京 / 北京 is a Beijing customer by code and gets Beijing's outlets (bug 5); a second
 * customer of the branch with a phone already taken is refused unless a reason is given (bug 4).
 */
describe.each(testEngines())('customers: region codes and one customer per phone, on %s', (engine) => {
  const { backend, auth } = useTestBackend({ customers: 60, engine }, { bj: 'bj.agent1', gz: 'gz.agent1' });
  let BJ: string;
  let GZ: string;
  beforeAll(() => {
    BJ = branchIdOf(backend, 'BJ01');
    GZ = branchIdOf(backend, 'GZ01');
  });

  const post = (url: string, payload: Record<string, unknown>, authorization = auth.bj) => backend.app.inject({ method: 'POST', url, payload, headers: { authorization } });
  const get = (url: string, authorization = auth.bj) => backend.app.inject({ method: 'GET', url, headers: { authorization } });
  const push = (mutation: Parameters<typeof pushMutations>[3][number], authorization = auth.bj) => pushMutations(backend, authorization, 'seat-regions', [mutation]);
  const bjHolder = (): Customer => backend.households.find((h) => h.customer.branchId === BJ)!.customer;
  let phoneSeq = 0;
  const freshPhone = () => `+8615${String(10_000_000 + ++phoneSeq * 7919).padStart(9, '0')}`;

  it('bug 5: a customer saved as 北京 / 北京 is 110000 / 110100 and gets the authorised outlets of Beijing', async () => {
    const made = await post('/customers', { name: '孙丽', phone: freshPhone(), province: '北京', city: '北京', address: '海淀区学院路5号' });
    expect(made.statusCode, made.body).toBe(201);
    const customer = made.json<Customer>();
    expect(customer).toMatchObject({ province: '北京市', city: '北京市', provinceCode: '110000', cityCode: '110100', districtCode: '110108' });
    const outlets = OutletList.parse((await get(`/outlets?customerId=${customer.id}&category=air_conditioner`)).json()).items;
    expect(outlets.length).toBeGreaterThanOrEqual(2);
    expect(outlets.every((o) => o.regionCodes.includes('110100') || o.regionCodes.includes('110000'))).toBe(true);
    // The city's own outlet before the branch's centre serving whole provinces.
    expect(outlets[0]!.regionCodes).toContain('110100');
  });

  it('takes picked codes and names them from the table; refuses codes that are unknown or do not nest, naming the field', async () => {
    const made = await post('/customers', { name: '周杰', phone: freshPhone(), provinceCode: '130000', cityCode: '130600', districtCode: '130602', address: '东风路1号' });
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json<Customer>()).toMatchObject({ province: '河北省', city: '保定市', districtCode: '130602' });
    const crossed = await post('/customers', { name: '周杰', phone: freshPhone(), provinceCode: '110000', cityCode: '440300', address: '东风路1号' });
    expect(crossed.statusCode).toBe(400);
    expect(ApiError.parse(crossed.json()).error.details).toMatchObject({ code: 'region_unknown', field: 'cityCode' });
    const none = await post('/customers', { name: '周杰', phone: freshPhone(), address: '东风路1号' });
    expect(ApiError.parse(none.json()).error.details).toMatchObject({ code: 'region_required' });
    const customerId = randomUUID();
    const pushed = await push(
      mutationOf('customer', 'create', customerId, {
        branchId: BJ, name: '吴磊', phone: freshPhone(), altPhone: null, vipTier: 'none', province: '北京市', city: '北京市',
        provinceCode: '110000', cityCode: '440300', districtCode: null, address: '朝阳区1号', samePhoneReason: null, createdAt: new Date().toISOString(), updatedAt: new Date().toISOString(),
      }),
    );
    expect(pushed[0]).toMatchObject({ status: 'rejected', code: 'bad_patch' });
  });

  it('re-decides the names when a push changes the codes', async () => {
    const customer = backend.households.find((h) => h.customer.branchId === BJ && h.customer.cityCode === '110100')!.customer;
    const [current] = await syncedTables.customer.load(backend.database.db, [customer.id]);
    const [result] = await push(mutationOf('customer', 'update', customer.id, { provinceCode: '120000', cityCode: '120100', districtCode: null, province: 'x', city: 'y' }, current!.version));
    expect(result).toMatchObject({ status: 'applied' });
    const [after] = await syncedTables.customer.load(backend.database.db, [customer.id]);
    expect(after).toMatchObject({ province: '天津市', city: '天津市', provinceCode: '120000', cityCode: '120100', districtCode: null });
  });

  it('bug 4, REST: a second customer with a phone of the branch is refused (409 phone_taken, naming the holder) unless a reason is given', async () => {
    const holder = bjHolder();
    const input = { name: '另一位', phone: holder.phone, provinceCode: '110000', cityCode: '110100', address: '东城区1号' };
    const refused = await post('/customers', input);
    expect(refused.statusCode).toBe(409);
    const { error } = ApiError.parse(refused.json());
    expect(error.details).toMatchObject({ rejection: 'phone_taken', refusal: { code: 'phone_taken', field: 'phone', params: { customerId: holder.id, customerName: holder.name } } });
    const withReason = await post('/customers', { ...input, samePhoneReason: '店铺座机，多人使用' });
    expect(withReason.statusCode, withReason.body).toBe(201);
    expect(withReason.json<Customer>().samePhoneReason).toBe('店铺座机，多人使用');
    // Another branch is another customer base: its agents are not refused.
    const elsewhere = await post('/customers', { ...input, provinceCode: '440000', cityCode: '440300' }, auth.gz);
    expect(elsewhere.statusCode, elsewhere.body).toBe(201);
    expect(elsewhere.json<Customer>().branchId).toBe(GZ);
  });

  it('bug 4, push: a create or a phone change onto a taken phone is rejected as phone_taken; a reason lets it through', async () => {
    const holder = bjHolder();
    const now = new Date().toISOString();
    const row = (phone: string, samePhoneReason: string | null) => ({
      branchId: BJ, name: '推送客户', phone, altPhone: null, vipTier: 'none', province: '北京市', city: '北京市',
      provinceCode: '110000', cityCode: '110100', districtCode: null, address: '西城区1号', samePhoneReason, createdAt: now, updatedAt: now,
    });
    const [refused] = await push(mutationOf('customer', 'create', randomUUID(), row(holder.phone, null)));
    expect(refused).toMatchObject({ status: 'rejected', code: 'phone_taken' });
    const [accepted] = await push(mutationOf('customer', 'create', randomUUID(), row(holder.phone, '家人共用')));
    expect(accepted).toMatchObject({ status: 'applied' });

    const ownId = randomUUID();
    const [own] = await push(mutationOf('customer', 'create', ownId, row(freshPhone(), null)));
    expect(own).toMatchObject({ status: 'applied' });
    const version = (own as { version: number }).version;
    const [moved] = await push(mutationOf('customer', 'update', ownId, { phone: holder.phone }, version));
    expect(moved).toMatchObject({ status: 'rejected', code: 'phone_taken' });
    const [movedWithReason] = await push(mutationOf('customer', 'update', ownId, { phone: holder.phone, samePhoneReason: '同一公司' }, version));
    expect(movedWithReason).toMatchObject({ status: 'applied' });
  });

  it('serves the code table: the rows, or none for the edition the seat already has', async () => {
    const full = RegionTableAnswer.parse((await get('/regions')).json());
    expect(full.regions?.length).toBeGreaterThan(3800);
    expect(full.regions).toContainEqual({ code: '110108', name: '海淀区', level: 'district', parentCode: '110100' });
    const same = RegionTableAnswer.parse((await get(`/regions?edition=${full.edition}`)).json());
    expect(same).toEqual({ edition: full.edition, regions: null });
    expect((await backend.app.inject({ method: 'GET', url: '/regions' })).statusCode).toBe(401);
  });
});
