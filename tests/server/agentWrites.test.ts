import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError, type SyncEntity } from '../../shared/api/rest.js';
import type { MutationResult } from '../../shared/api/syncPush.js';
import { syncedTables } from '../../server/db/syncedTables.js';
import { mutationOf, pushMutations } from './support/pushMutations.js';
import { agentIdOf, branchIdOf, useTestBackend } from './support/testBackend.js';
import { testEngines } from './support/testDatabase.js';

/**
 * One server write path: a REST create and a seat's pushed create of the same input make the same
 * row in the same branch, logged the same way, and are refused with the same code (REST answers it
 * with its HTTP status and the code in `details.rejection`).
 */
describe.each(testEngines())('REST and push create alike on %s', (engine) => {
  const { backend, auth } = useTestBackend({ customers: 60, engine }, { bj: 'bj.agent1', super: 'bj.super' });
  let BJ: string;
  let GZ: string;
  beforeAll(() => {
    BJ = branchIdOf(backend, 'BJ01');
    GZ = branchIdOf(backend, 'GZ01');
  });

  const post = (url: string, payload: Record<string, unknown>) => backend.app.inject({ method: 'POST', url, payload, headers: { authorization: auth.bj } });
  const pushCreate = async (entity: Parameters<typeof mutationOf>[0], id: string, patch: Record<string, unknown>): Promise<MutationResult> =>
    (await pushMutations(backend, auth.bj, 'seat-write-path', [mutationOf(entity, 'create', id, patch)]))[0]!;

  async function stored<E extends SyncEntity>(entity: E, id: string) {
    const [row] = await syncedTables[entity].load(backend.database.db, [id]);
    if (!row) throw new Error(`no ${entity} ${id}`);
    const logged = await backend.database.db
      .selectFrom('changeLog')
      .select(['branchId', 'ownerAgentId', 'exitedBranchId', 'exitedOwnerAgentId', 'fields', 'agentId'])
      .where('entityId', '=', id)
      .execute();
    return { row, logged };
  }

  /** The row and its change-log entries without what differs between any two creates (id, version, clock). */
  function comparable(made: Awaited<ReturnType<typeof stored>>, differing: readonly string[] = []) {
    const row: Record<string, unknown> = { ...made.row };
    for (const field of ['id', 'version', 'createdAt', 'updatedAt', ...differing]) delete row[field];
    return { row, logged: made.logged };
  }

  /** REST's refusal: status, API code, and the push's refusal code. */
  async function restRefusal(response: Awaited<ReturnType<typeof post>>) {
    const { error } = ApiError.parse(response.json());
    return { status: response.statusCode, code: error.code, refusal: (error.details as { rejection?: string } | undefined)?.rejection };
  }

  it('a customer: the same row, in the agent’s branch whatever the province, and the same refusal of a taken id', async () => {
    // The same phone twice: the second is let through by the reason (one customer per phone otherwise).
    const input = { name: '欧阳娜娜', phone: '+8613800138011', altPhone: null, vipTier: 'none', province: '广东省', city: '深圳市', address: '南山区科技园1号', samePhoneReason: '家人共用号码' };
    const viaRest = await post('/customers', input);
    expect(viaRest.statusCode, viaRest.body).toBe(201);
    const restId = viaRest.json<{ id: string }>().id;
    const pushedId = randomUUID();
    const now = new Date().toISOString();
    expect(await pushCreate('customer', pushedId, { ...input, branchId: BJ, createdAt: now, updatedAt: now })).toMatchObject({ status: 'applied' });

    const [rest, pushed] = [await stored('customer', restId), await stored('customer', pushedId)];
    expect(rest.row.branchId).toBe(BJ);
    expect(comparable(rest)).toEqual(comparable(pushed));

    const again = await post('/customers', { ...input, id: pushedId });
    expect(await restRefusal(again)).toEqual({ status: 409, code: 'conflict', refusal: 'already_exists' });
    expect(await pushCreate('customer', restId, { ...input, branchId: BJ, createdAt: now, updatedAt: now })).toMatchObject({ status: 'rejected', code: 'already_exists' });
    // A seat cannot choose another branch either.
    expect(await pushCreate('customer', randomUUID(), { ...input, branchId: GZ, createdAt: now, updatedAt: now })).toMatchObject({ status: 'rejected', code: 'out_of_scope' });
  });

  it('a VIP tier: set by a supervisor only, refused to an agent through REST and push (create and update) alike', async () => {
    const now = new Date().toISOString();
    const input = { name: '司马光', phone: '+8613800138012', altPhone: null, vipTier: 'gold', province: '北京市', city: '北京市', address: '海淀区中关村大街1号' };
    const before = await backend.database.db.selectFrom('customers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(await restRefusal(await post('/customers', input))).toEqual({ status: 403, code: 'forbidden', refusal: 'not_permitted' });
    expect(await pushCreate('customer', randomUUID(), { ...input, branchId: BJ, createdAt: now, updatedAt: now })).toMatchObject({
      status: 'rejected',
      code: 'not_permitted',
      details: { code: 'vip_tier_supervisors_only', field: 'vipTier' },
    });
    const after = await backend.database.db.selectFrom('customers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));

    // The agent registers the customer without a tier; the agent cannot raise it, the supervisor can.
    const viaRest = await post('/customers', { ...input, vipTier: 'none' });
    expect(viaRest.statusCode, viaRest.body).toBe(201);
    const id = viaRest.json<{ id: string }>().id;
    const raise = (authorization: string, version: number, seat: string) => pushMutations(backend, authorization, seat, [mutationOf('customer', 'update', id, { vipTier: 'platinum', address: '海淀区中关村大街2号' }, version)]);
    const [byAgent] = await raise(auth.bj, (await stored('customer', id)).row.version, 'seat-write-path');
    expect(byAgent).toMatchObject({ status: 'rejected', code: 'not_permitted', details: { code: 'vip_tier_supervisors_only' } });
    expect((await stored('customer', id)).row).toMatchObject({ vipTier: 'none', address: '海淀区中关村大街1号' });
    const [bySupervisor] = await raise(auth.super, (await stored('customer', id)).row.version, 'seat-super');
    expect(bySupervisor).toMatchObject({ status: 'applied' });
    expect((await stored('customer', id)).row).toMatchObject({ vipTier: 'platinum', address: '海淀区中关村大街2号' });
    // An agent's edit that leaves the tier as it is goes through.
    const [keep] = await pushMutations(backend, auth.bj, 'seat-write-path', [mutationOf('customer', 'update', id, { vipTier: 'platinum', name: '司马光先生' }, (await stored('customer', id)).row.version)]);
    expect(keep).toMatchObject({ status: 'applied' });
  });

  it('a product: the same row and log entry; the same refusals of a taken serial number and of another branch’s customer', async () => {
    const customer = backend.households.find((h) => h.customer.branchId === BJ)!.customer;
    const input = { customerId: customer.id, model: 'KFR-35GW', category: 'air_conditioner', purchaseDate: '2026-03-01' };
    const viaRest = await post('/products', { ...input, serialNumber: 'WP-REST-0001' });
    expect(viaRest.statusCode, viaRest.body).toBe(201);
    const restId = viaRest.json<{ id: string }>().id;
    const pushedId = randomUUID();
    // The seat fills in the category's warranty as REST does (installBaseChanges.ts).
    const patch = { ...input, serialNumber: 'WP-PUSH-0001', branchId: BJ, warrantyMonths: (await stored('product', restId)).row.warrantyMonths };
    expect(await pushCreate('product', pushedId, patch)).toMatchObject({ status: 'applied' });
    expect(comparable(await stored('product', restId), ['serialNumber'])).toEqual(comparable(await stored('product', pushedId), ['serialNumber']));

    const taken = { ...patch, serialNumber: 'WP-REST-0001' };
    expect(await restRefusal(await post('/products', { ...input, serialNumber: 'WP-PUSH-0001' }))).toEqual({ status: 409, code: 'conflict', refusal: 'already_exists' });
    expect(await pushCreate('product', randomUUID(), taken)).toMatchObject({ status: 'rejected', code: 'already_exists' });

    const elsewhere = backend.households.find((h) => h.customer.branchId === GZ)!.customer;
    expect(await restRefusal(await post('/products', { ...input, customerId: elsewhere.id, serialNumber: 'WP-REST-0002' }))).toEqual({
      status: 400,
      code: 'bad_input',
      refusal: 'invalid_reference',
    });
    expect(await pushCreate('product', randomUUID(), { ...patch, customerId: elsewhere.id, serialNumber: 'WP-PUSH-0002' })).toMatchObject({
      status: 'rejected',
      code: 'invalid_reference',
    });
  });

  it('a parts request: the same row; the same refusals for a finished order and for another branch’s order', async () => {
    const orders = await backend.database.db.selectFrom('serviceOrders').select(['id', 'branchId', 'status']).where('deleted', '=', 0).orderBy('id').execute();
    const open = orders.find((o) => o.branchId === BJ && ['accepted', 'in_service', 'dispatched', 'new'].includes(o.status))!;
    const finished = orders.find((o) => o.branchId === BJ && ['completed', 'closed', 'cancelled'].includes(o.status))!;
    // Refused for its branch before its status is looked at.
    const elsewhere = orders.find((o) => o.branchId === GZ)!;
    const input = { orderId: open.id, partNumber: 'EV-2201', quantity: 2, note: '压缩机' };
    const viaRest = await post('/parts-requests', input);
    expect(viaRest.statusCode, viaRest.body).toBe(201);
    const restId = viaRest.json<{ id: string }>().id;
    const now = new Date().toISOString();
    const seatPatch = (orderId: string) => ({ ...input, orderId, branchId: BJ, status: 'requested', requestedBy: agentIdOf(backend, 'bj.agent1'), createdAt: now, updatedAt: now });
    const pushedId = randomUUID();
    expect(await pushCreate('partsRequest', pushedId, seatPatch(open.id))).toMatchObject({ status: 'applied' });
    expect(comparable(await stored('partsRequest', restId))).toEqual(comparable(await stored('partsRequest', pushedId)));

    expect(await restRefusal(await post('/parts-requests', { ...input, orderId: finished.id }))).toEqual({ status: 409, code: 'conflict', refusal: 'invalid_transition' });
    expect(await pushCreate('partsRequest', randomUUID(), seatPatch(finished.id))).toMatchObject({ status: 'rejected', code: 'invalid_transition' });
    expect(await restRefusal(await post('/parts-requests', { ...input, orderId: elsewhere.id }))).toEqual({ status: 400, code: 'bad_input', refusal: 'invalid_reference' });
    expect(await pushCreate('partsRequest', randomUUID(), seatPatch(elsewhere.id))).toMatchObject({ status: 'rejected', code: 'invalid_reference' });
  });
});
