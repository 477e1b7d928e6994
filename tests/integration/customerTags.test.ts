import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LOGINS } from '../../server/seed/demoLogins.js';
import type { CustomerDetail } from '../../shared/api/rest.js';
import type { SyncPushResponse } from '../../shared/api/syncPush.js';
import { discountedFee } from '../../shared/domain/vipEntitlements.js';
import { testEngines } from '../server/support/testDatabase.js';
import { DEMO_AGENT } from '../support/demo.js';
import { bearerOf, drainOutbox, startSeatedBackend, type SeatedBackend } from '../support/seatedBackend.js';
import type { SeatClient } from '../support/seatClient.js';
import { makeTempDir } from '../support/tempDir.js';

/**
 * Customer tags and VIP treatment (issue 11) end to end, on each engine: an in-process backend and
 * two seats of branch BJ01, each on its own link. A tag set at a seat whose link is down reaches the
 * other seat and the REST API; an edit of the address alone keeps the tags; bad tags are refused at
 * every door; a gold customer's out-of-warranty order records the member price they consented to.
 */

const SECOND_AGENT = DEMO_LOGINS.find((l) => l.branchCode === DEMO_AGENT.branchCode && l.login !== DEMO_AGENT.login && l.role === 'agent')!;

describe.each(testEngines())('customer tags and VIP treatment on %s', (engine) => {
  const tmp = makeTempDir(`customer-tags-${engine}`);
  let stack: SeatedBackend;
  let authorization: string;
  let bjBranchId: string;
  /** A BJ01 customer without tags, and a gold one. */
  let customerId: string;
  let goldId: string;

  beforeAll(async () => {
    stack = await startSeatedBackend(engine, tmp.dir, { logins: [DEMO_AGENT.login, SECOND_AGENT.login], customers: 120 });
    const { db } = stack.database;
    authorization = await bearerOf(stack.url, DEMO_AGENT.login);
    bjBranchId = (await db.selectFrom('branches').select('id').where('code', '=', 'BJ01').executeTakeFirstOrThrow()).id;
    const bj = db.selectFrom('customers').select('id').where('branchId', '=', bjBranchId).where('deleted', '=', 0).orderBy('id');
    customerId = (await bj.where('tags', '=', '[]').where('provinceCode', 'is not', null).executeTakeFirstOrThrow()).id;
    goldId = (await bj.where('vipTier', '=', 'gold').executeTakeFirstOrThrow()).id;
  });
  afterAll(async () => {
    await stack?.close();
    tmp.cleanup();
  });

  const rest = async (path: string, init: RequestInit = {}) => fetch(`${stack.url}${path}`, { ...init, headers: { authorization, 'content-type': 'application/json', ...init.headers } });
  const restCustomer = async (id: string) => ((await (await rest(`/customers/${id}`)).json()) as CustomerDetail).customer;

  it('a tag set offline at one seat reaches the other seat and GET /customers/{id}; an address edit keeps the tags', async () => {
    const [a, b] = stack.seats.clients as [SeatClient, SeatClient];
    const [linkA] = stack.seats.links;
    linkA!.setDown(true);
    const tagged = await a.customers.update({ customerId, changes: { tags: ['prefers_evenings', 'elderly'] } });
    expect(tagged.tags).toEqual(['prefers_evenings', 'elderly']);
    expect((await a.customers.screenPop({ phone: tagged.phone })).card?.customer.tags).toEqual(['prefers_evenings', 'elderly']);
    expect((await a.sync.status()).pending).toBe(1);
    expect((await restCustomer(customerId)).tags).toEqual([]);

    linkA!.setDown(false);
    await drainOutbox(a);
    expect((await restCustomer(customerId)).tags).toEqual(['prefers_evenings', 'elderly']);
    await b.sync.now();
    expect((await b.customers.card({ customerId }))?.customer.tags).toEqual(['prefers_evenings', 'elderly']);

    // Seat B edits the address alone: the tags stay, at B, at the server and at A after its pull.
    const moved = await b.customers.update({ customerId, changes: { address: '海淀区学院路 5 号' } });
    expect(moved).toMatchObject({ address: '海淀区学院路 5 号', tags: ['prefers_evenings', 'elderly'] });
    await drainOutbox(b);
    expect(await restCustomer(customerId)).toMatchObject({ address: '海淀区学院路 5 号', tags: ['prefers_evenings', 'elderly'] });
    await a.sync.now();
    expect((await a.customers.card({ customerId }))?.customer).toMatchObject({ address: '海淀区学院路 5 号', tags: ['prefers_evenings', 'elderly'] });

    // Untagging is a change like any other: an empty list.
    await a.customers.update({ customerId, changes: { tags: ['elderly'] } });
    await drainOutbox(a);
    expect((await restCustomer(customerId)).tags).toEqual(['elderly']);
  });

  it('refuses an unknown tag, a ninth tag and a tag twice at the seat, in a push and over REST, and writes nothing', async () => {
    const [a] = stack.seats.clients as [SeatClient];
    const before = (await a.customers.card({ customerId }))!.customer;
    const pending = (await a.sync.status()).pending;
    for (const tags of [['elderly', 'vip_friend'], ['repeat_complainer', 'elderly', 'prefers_evenings', 'prefers_weekends', 'hearing_impaired', 'speaks_dialect', 'media_sensitive', 'business_customer', 'pet_at_home'], ['elderly', 'elderly']]) {
      await expect(a.customers.update({ customerId, changes: { tags: tags as never } })).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/tags/) });
    }
    expect((await a.customers.card({ customerId }))!.customer).toEqual(before);
    expect((await a.sync.status()).pending).toBe(pending);

    const pushed = await rest('/sync/push', {
      method: 'POST',
      body: JSON.stringify({ seatId: 'tags-test/1', mutations: [{ mutationId: randomUUID(), entity: 'customer', entityId: customerId, op: 'update', baseVersion: before.version, patch: { tags: ['elderly', 'nope'] } }] }),
    });
    const [result] = ((await pushed.json()) as SyncPushResponse).results;
    expect(result).toMatchObject({ status: 'rejected', code: 'bad_patch' });
    expect((await restCustomer(customerId)).tags).toEqual(before.tags);

    const created = await rest('/customers', { method: 'POST', body: JSON.stringify({ name: '标签测试', phone: '13912340021', provinceCode: '110000', cityCode: '110100', address: '海淀区学院路 7 号', tags: ['hearing_impaired'] }) });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ name: '标签测试', tags: ['hearing_impaired'] });
    const refused = await rest('/customers', { method: 'POST', body: JSON.stringify({ name: '标签测试二', phone: '13912340022', provinceCode: '110000', cityCode: '110100', address: '海淀区学院路 8 号', tags: ['shouts'] }) });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/tags/);
  });

  it("records a gold customer's member price as the fee consented to, at the seat and at the server", async () => {
    const [a] = stack.seats.clients as [SeatClient];
    const old = await a.products.create({ customerId: goldId, serialNumber: `MW1801B${String(Date.now()).slice(-7)}`, model: 'M1-L213B', category: 'microwave', purchaseDate: '2018-01-10' });
    expect(old.warranty.status).toBe('out_of_warranty');
    const order = await a.orders.create({ customerId: goldId, productId: old.id, type: 'repair', fault: '不加热', feeEstimate: 300, duplicateReason: '客户再次来电' });
    expect(discountedFee(300, 'gold')).toBe(270);
    expect(order.feeConsent?.estimate).toBe(270);
    await drainOutbox(a);
    const stored = (await (await rest(`/customers/${goldId}`)).json()) as CustomerDetail;
    expect(stored.orders.find((o) => o.id === order.id)?.feeConsent?.estimate).toBe(270);

    // An ordinary customer pays the estimate as quoted.
    const plain = await a.products.create({ customerId, serialNumber: `MW1801C${String(Date.now()).slice(-7)}`, model: 'M1-L213B', category: 'microwave', purchaseDate: '2018-01-10' });
    const plainOrder = await a.orders.create({ customerId, productId: plain.id, type: 'repair', fault: '不加热', feeEstimate: 300, duplicateReason: '客户再次来电' });
    expect(plainOrder.feeConsent?.estimate).toBe(300);
  });
});
