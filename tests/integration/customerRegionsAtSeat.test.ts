import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../server/app.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { openServerDatabase, type ServerDatabase } from '../../server/db/openServerDatabase.js';
import { syncedTables } from '../../server/db/syncedTables.js';
import { DEMO_LOGINS } from '../../server/seed/demoLogins.js';
import { seedDemoData } from '../../server/seed/seed.js';
import { RegionIndex } from '../../shared/domain/region.js';
import { createTestDatabase, testEngines } from '../server/support/testDatabase.js';
import { DEMO_AGENT } from '../support/demo.js';
import { appointmentIn } from '../support/seatDispatch.js';
import type { SeatClient } from '../support/seatClient.js';
import { seatsOnOwnLinks, type SeatsOnLinks } from '../support/seats.js';
import { makeTempDir } from '../support/tempDir.js';

const SECOND_AGENT = DEMO_LOGINS.find((l) => l.branchCode === DEMO_AGENT.branchCode && l.role === 'agent' && l.login !== DEMO_AGENT.login)!;

/**
 * Regions as data and one customer per phone at the seat, offline and then synced: the seat pulls
 * the code table at login, decides regions and refuses a taken phone from its cache as the backend
 * does on push (docs/architecture.md §6).
 */
describe.each(testEngines())('customers at the seat, offline and synced, on %s', (engine) => {
  const tmp = makeTempDir(`regions-seat-${engine}`);
  let store: Awaited<ReturnType<typeof createTestDatabase>>;
  let database: ServerDatabase;
  let app: FastifyInstance;
  let seats: SeatsOnLinks;
  let a: SeatClient;
  let b: SeatClient;
  let phoneSeq = 0;
  const freshPhone = () => `+8617${String(20_000_000 + ++phoneSeq * 104_729).padStart(9, '0')}`;

  beforeAll(async () => {
    store = await createTestDatabase(engine);
    database = openServerDatabase(store.url);
    await migrateToLatest(database);
    await seedDemoData(database, { customers: 60 });
    app = buildServer({ database });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    seats = await seatsOnOwnLinks(url, tmp.dir, [DEMO_AGENT.login, SECOND_AGENT.login]);
    [a, b] = seats.clients as [SeatClient, SeatClient];
  }, 120_000);
  afterAll(async () => {
    await seats?.close();
    await app?.close();
    await database?.close();
    await store?.drop();
    tmp.cleanup();
  });

  const offline = (k: 0 | 1, down: boolean) => seats.links[k]!.setDown(down);
  const syncClean = async (seat: SeatClient) => {
    expect((await seat.sync.now()).pending).toBe(0);
  };
  const holderOfBranch = async (seat: SeatClient) => (await seat.customers.search({ query: '1', limit: 50 }))[0]!;

  it('holds the code table pulled at login, offline too', async () => {
    offline(0, true);
    const table = await a.regions.table();
    const index = RegionIndex.of(table);
    expect(index.size).toBeGreaterThan(3800);
    expect(index.match('海淀', 'district', '110100').map((r) => r.code)).toEqual(['110108']);
    offline(0, false);
  });

  it('bug 5, offline: a customer saved as 北京 / 北京 gets Beijing\'s outlets and is dispatched by code; the backend agrees on push', async () => {
    offline(0, true);
    const customer = await a.customers.create({ name: '郑爽', phone: freshPhone(), province: '北京', city: '北京', address: '海淀区学院路9号' });
    expect(customer).toMatchObject({ provinceCode: '110000', cityCode: '110100', districtCode: '110108', province: '北京市', city: '北京市' });
    const outlets = await a.outlets.suggest({ customerId: customer.id, category: 'air_conditioner' });
    expect(outlets.length).toBeGreaterThan(0);
    expect(outlets.every((o) => o.regionCodes.includes('110100') || o.regionCodes.includes('110000'))).toBe(true);
    const order = await a.orders.create({ customerId: customer.id, productId: null, type: 'inquiry', fault: '咨询空调安装' });
    const [outlet] = await a.orders.dispatchOptions({ orderId: order.id });
    expect(outlet).toBeDefined();
    await a.orders.dispatch({ orderId: order.id, outletId: outlet!.id, ...appointmentIn(20) });
    offline(0, false);
    await syncClean(a);
    expect(await a.sync.deadLetters()).toEqual([]);
    const [stored] = await syncedTables.serviceOrder.load(database.db, [order.id]);
    expect(stored).toMatchObject({ status: 'dispatched', outletId: outlet!.id });
  });

  it('a region that names nothing is kept and flagged: no outlet, and dispatch asks for the region first', async () => {
    const customer = await a.customers.create({ name: '钱多', phone: freshPhone(), province: '火星', city: '奥林帕斯', address: '环形山1号' });
    expect(customer).toMatchObject({ provinceCode: null, cityCode: null, province: '火星', city: '奥林帕斯' });
    expect(await a.outlets.suggest({ customerId: customer.id, category: 'tv' })).toEqual([]);
    const order = await a.orders.create({ customerId: customer.id, productId: null, type: 'inquiry', fault: '咨询' });
    const centre = (await a.outlets.suggest({ customerId: (await holderOfBranch(a)).id, category: 'tv' })).at(-1)!;
    await expect(a.orders.dispatch({ orderId: order.id, outletId: centre.id, ...appointmentIn(20) })).rejects.toMatchObject({
      details: { code: 'customer_region_unpicked', params: { customerName: '钱多' } },
    });
    const picked = await a.customers.update({ customerId: customer.id, changes: { provinceCode: '110000', cityCode: '110100', districtCode: null } });
    expect(picked).toMatchObject({ province: '北京市', city: '北京市', cityCode: '110100' });
    expect((await a.outlets.suggest({ customerId: customer.id, category: 'tv' })).length).toBeGreaterThan(0);
    await syncClean(a);
    expect(await a.sync.deadLetters()).toEqual([]);
  });

  it('bug 4, offline: a second customer with a taken phone is refused at the seat, with a reason it is saved and synced', async () => {
    const holder = await holderOfBranch(a);
    offline(0, true);
    const input = { name: '重号客户', phone: holder.phone, provinceCode: '110000', cityCode: '110100', address: '东城区2号' };
    await expect(a.customers.create(input)).rejects.toMatchObject({
      code: 'phone_taken',
      details: { code: 'phone_taken', field: 'phone', params: { customerId: holder.id, customerName: holder.name } },
    });
    const second = await a.customers.create({ ...input, samePhoneReason: '父子共用一个号码' });
    offline(0, false);
    await syncClean(a);
    expect(await a.sync.deadLetters()).toEqual([]);
    const [stored] = await syncedTables.customer.load(database.db, [second.id]);
    expect(stored).toMatchObject({ phone: holder.phone, samePhoneReason: '父子共用一个号码' });
  });

  it('bug 4, two seats offline: the same new number registered twice — the backend keeps the first and refuses the second on push', async () => {
    await b.sync.now();
    const phone = freshPhone();
    offline(0, true);
    offline(1, true);
    const first = await a.customers.create({ name: '甲', phone, provinceCode: '110000', cityCode: '110100', address: '丰台区1号' });
    const second = await b.customers.create({ name: '乙', phone, provinceCode: '110000', cityCode: '110100', address: '丰台区2号' });
    offline(0, false);
    await syncClean(a);
    offline(1, false);
    await b.sync.now();
    const refused = await b.sync.deadLetters();
    expect(refused).toMatchObject([{ entity: 'customer', entityId: second.id, code: 'phone_taken' }]);
    // Undone at seat B; seat B has seat A's customer with that number instead.
    expect(await b.customers.card({ customerId: second.id })).toBeNull();
    expect((await b.customers.screenPop({ phone })).card?.customer.id).toBe(first.id);
  });
});
