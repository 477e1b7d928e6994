import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError, SyncPullResponse, type SyncChange } from '../../shared/api/rest.js';
import type { Mutation } from '../../shared/api/syncPush.js';
import type { ServiceOrder, ServiceOrderStatus } from '../../shared/domain/serviceOrder.js';
import { dispatchPatch, serviceCentreOf } from './support/dispatch.js';
import { testEngines } from './support/testDatabase.js';
import { statusPatch } from '../support/orderSteps.js';
import { mutationOf, pushMutations } from './support/pushMutations.js';
import { agentIdOf, branchIdOf, useTestBackend } from './support/testBackend.js';

describe.each(testEngines())('POST /sync/push on %s', (engine) => {
  const { backend, auth } = useTestBackend({ customers: 40, engine }, { bj1: 'bj.agent1', bj2: 'bj.super', gz: 'gz.agent1' });
  // bj2 is the branch's supervisor: two seats editing one order (one owner per order) are its owner's and a supervisor's.
  let bjBranch: string;
  let orderSeq = 0;
  beforeAll(() => {
    bjBranch = branchIdOf(backend, 'BJ01');
  });

  const agentId = (login: string) => agentIdOf(backend, login);
  const bjCustomer = () => backend.households.find((h) => h.customer.branchId === bjBranch)?.customer.id ?? '';
  const gzCustomer = () => backend.households.find((h) => h.customer.branchId !== bjBranch)?.customer.id ?? '';

  const push = (authorization: string, seatId: string, mutations: Mutation[]) => pushMutations(backend, authorization, seatId, mutations);

  function newOrder(overrides: Partial<ServiceOrder> = {}): Record<string, unknown> {
    const now = new Date().toISOString();
    orderSeq += 1;
    return {
      orderNumber: `BJ01-07-20261123-${String(orderSeq).padStart(4, '0')}`,
      customerId: bjCustomer(),
      productId: null,
      branchId: bjBranch,
      type: 'maintenance',
      status: 'new',
      fault: '不制冷',
      ownerAgentId: agentId('bj.agent1'),
      createdAt: now,
      updatedAt: now,
      warranty: null,
      ...overrides,
    };
  }

  const mutation = (op: Mutation['op'], entityId: string, patch: Record<string, unknown>, baseVersion = 0, entity: Mutation['entity'] = 'serviceOrder') =>
    mutationOf(entity, op, entityId, patch, baseVersion);

  /** A fresh order of BJ01 through push; returns its id and version. */
  async function createdOrder(overrides: Partial<ServiceOrder> = {}): Promise<{ id: string; version: number }> {
    const id = randomUUID();
    const [result] = await push(auth.bj1, 'seat-01', [mutation('create', id, newOrder(overrides))]);
    if (result?.status !== 'applied') throw new Error(`create failed: ${JSON.stringify(result)}`);
    return { id, version: result.version };
  }

  async function orderRow(id: string) {
    return backend.database.db.selectFrom('serviceOrders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  }

  const count = async (table: 'serviceOrders' | 'changeLog' | 'mutations' | 'conflicts' | 'customers' | 'products') =>
    Number((await backend.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const counts = async () => ({ orders: await count('serviceOrders'), log: await count('changeLog'), conflicts: await count('conflicts') });

  async function pullFrom(authorization: string, cursor: number): Promise<SyncChange[]> {
    const response = await backend.app.inject({ method: 'GET', url: `/sync/pull?cursor=${cursor}&limit=10000`, headers: { authorization } });
    return SyncPullResponse.parse(response.json()).changes;
  }

  it('creates a row, and a retried push answers the first result without applying again', async () => {
    const id = randomUUID();
    const create = mutation('create', id, newOrder());
    const before = await counts();
    const [first] = await push(auth.bj1, 'seat-01', [create]);
    expect(first).toMatchObject({ status: 'applied', mutationId: create.mutationId });
    expect(await counts()).toEqual({ ...before, orders: before.orders + 1, log: before.log + 2 }); // the order and its `created` event

    const [again] = await push(auth.bj1, 'seat-01', [create]);
    expect(again).toEqual(first);
    expect(await counts()).toEqual({ ...before, orders: before.orders + 1, log: before.log + 2 }); // the order and its `created` event
    const row = await orderRow(id);
    expect(row.version).toBe(first?.status === 'applied' ? first.version : -1);
  });

  it('applies a retry racing the original exactly once', async () => {
    const create = mutation('create', randomUUID(), newOrder());
    const before = await counts();
    const results = await Promise.all([1, 2, 3].map(() => push(auth.bj1, 'seat-01', [create])));
    expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(await counts()).toEqual({ ...before, orders: before.orders + 1, log: before.log + 2 }); // the order and its `created` event
  });

  it("refuses rows outside the agent's branch, per mutation, and never writes them", async () => {
    const before = await counts();
    const foreignCreate = mutation('create', randomUUID(), newOrder({ branchId: branchIdOf(backend, 'GZ01'), customerId: gzCustomer() }));
    const foreignCustomer = mutation('update', gzCustomer(), { name: '越权' }, 1, 'customer');
    const ok = mutation('create', randomUUID(), newOrder());
    const results = await push(auth.bj1, 'seat-01', [foreignCreate, foreignCustomer, ok]);
    expect(results.map((r) => [r.status, r.status === 'rejected' ? r.code : ''])).toEqual([
      ['rejected', 'out_of_scope'],
      ['rejected', 'out_of_scope'],
      ['applied', ''],
    ]);
    expect(await counts()).toEqual({ ...before, orders: before.orders + 1, log: before.log + 2 }); // the order and its `created` event
    const gzRow = await backend.database.db.selectFrom('customers').select('name').where('id', '=', gzCustomer()).executeTakeFirstOrThrow();
    expect(gzRow.name).not.toBe('越权');
  });

  it('refuses an update or delete whose baseVersion is ahead of the row, writing nothing', async () => {
    // A base the server never wrote hid every concurrent change: the edit applied without a conflict.
    const { id, version } = await createdOrder();
    await push(auth.bj2, 'seat-02', [mutation('update', id, { fault: '漏水' }, version)]);
    const before = { ...(await counts()), row: await orderRow(id) };
    const results = await push(auth.bj1, 'seat-01', [
      mutation('update', id, { fault: '不制冷了' }, version + 1_000),
      mutation('delete', id, {}, version + 1_000),
    ]);
    expect(results.map((r) => [r.status, r.status === 'rejected' ? r.code : ''])).toEqual([
      ['rejected', 'version_ahead'],
      ['rejected', 'version_ahead'],
    ]);
    expect({ ...(await counts()), row: await orderRow(id) }).toEqual(before);
  });

  it('merges edits of different fields by two seats', async () => {
    const { id, version } = await createdOrder();
    const [a] = await push(auth.bj1, 'seat-01', [mutation('update', id, { fault: '漏水' }, version)]);
    const [b] = await push(auth.bj2, 'seat-02', [mutation('update', id, statusPatch('cancelled'), version)]);
    expect(a?.status).toBe('applied');
    expect(b?.status).toBe('applied');
    const row = await orderRow(id);
    expect(row).toMatchObject({ fault: '漏水', status: 'cancelled', version: b?.status === 'applied' ? b.version : -1 });
    const fields = await backend.database.db.selectFrom('changeLog').select('fields').where('entityId', '=', id).orderBy('seq').execute();
    expect(fields.map((f) => f.fields)).toEqual([null, '["fault"]', '["status","cancelReason"]']);
  });

  it('keeps the server value of a field both seats edited, applies the rest, and records the conflict for pull', async () => {
    const { id, version } = await createdOrder();
    const cursor = Number((await backend.database.db.selectFrom('changeLog').select((eb) => eb.fn.max('seq').as('s')).executeTakeFirstOrThrow()).s);
    const keptFrom = Date.now();
    const [a] = await push(auth.bj1, 'seat-01', [mutation('update', id, { fault: '漏水' }, version)]);
    const keptUntil = Date.now();
    const late = mutation('update', id, { fault: '噪音大', type: 'inquiry' }, version);
    const [b] = await push(auth.bj2, 'seat-02', [late]);
    if (b?.status !== 'conflict' || a?.status !== 'applied') throw new Error(`expected applied then conflict: ${JSON.stringify([a, b])}`);
    expect(b.fields).toEqual([{ field: 'fault', mine: '噪音大', theirs: '漏水', conflictId: expect.any(String) }]);
    const row = await orderRow(id);
    expect(row).toMatchObject({ fault: '漏水', type: 'inquiry', version: b.version });
    expect(b.version).toBeGreaterThan(a.version);

    const pulled = await pullFrom(auth.bj1, cursor);
    const conflict = pulled.find((c) => c.entity === 'conflict');
    expect(conflict?.row).toMatchObject({
      id: b.fields[0]?.conflictId,
      entity: 'serviceOrder',
      entityId: id,
      branchId: bjBranch,
      field: 'fault',
      mine: '噪音大',
      theirs: '漏水',
      mutationId: late.mutationId,
      seatId: 'seat-02',
      agentId: agentId('bj.super'),
      resolved: false,
      deleted: false,
      // who wrote the kept value, from which seat, and when
      theirsAgentId: agentId('bj.agent1'),
      theirsSeatId: 'seat-01',
    });
    const keptAt = Date.parse(String(conflict?.row.theirsAt));
    expect(keptAt).toBeGreaterThanOrEqual(keptFrom);
    expect(keptAt).toBeLessThanOrEqual(keptUntil);
    expect((await pullFrom(auth.gz, cursor)).filter((c) => c.entity === 'conflict')).toEqual([]);
    // The retry answers the same conflict and records nothing new.
    const conflictsBefore = await count('conflicts');
    expect((await push(auth.bj2, 'seat-02', [late]))[0]).toEqual(b);
    expect(await count('conflicts')).toBe(conflictsBefore);

    // An agent resolves it: only `resolved` may change, and seats cannot make conflict records.
    const conflictId = b.fields[0]?.conflictId ?? '';
    const record = conflict?.row.version ?? 0;
    const results = await push(auth.bj1, 'seat-01', [
      mutation('update', conflictId, { mine: '改写' }, record, 'conflict'),
      mutation('create', randomUUID(), { ...conflict?.row, id: undefined }, 0, 'conflict'),
      mutation('update', conflictId, { resolved: true }, record, 'conflict'),
    ]);
    expect(results.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual(['bad_patch', 'bad_patch', 'applied']);
    const resolved = (await pullFrom(auth.bj2, record)).find((c) => c.row.id === conflictId);
    expect(resolved?.row).toMatchObject({ resolved: true, mine: '噪音大' });
  });

  it("does not count a seat's own earlier edit, nor an edit to the same value, as a conflict", async () => {
    const { id, version } = await createdOrder();
    const [first, second] = await push(auth.bj1, 'seat-01', [mutation('update', id, { fault: '一' }, version), mutation('update', id, { fault: '二' }, version)]);
    expect([first?.status, second?.status]).toEqual(['applied', 'applied']);
    const [same] = await push(auth.bj2, 'seat-02', [mutation('update', id, { fault: '二' }, version)]);
    expect(same?.status).toBe('applied');
    expect((await orderRow(id)).fault).toBe('二');
  });

  it('refuses an invalid status transition with the reason, writing nothing', async () => {
    const { id } = await createdOrder();
    let version = 0;
    for (const status of ['dispatched', 'accepted', 'in_service', 'completed'] as ServiceOrderStatus[]) {
      const patch = status === 'dispatched' ? dispatchPatch(serviceCentreOf(backend, bjBranch)) : statusPatch(status);
      const [r] = await push(auth.bj1, 'seat-01', [mutation('update', id, patch, version)]);
      expect(r?.status, JSON.stringify(r)).toBe('applied');
      version = r?.status === 'applied' ? r.version : version;
    }
    const history = await backend.app.inject({ method: 'GET', url: `/orders/${id}/events`, headers: { authorization: auth.bj2 } });
    expect(history.json().items.map((e: { kind: string; fromStatus: string | null; toStatus: string; agentId: string; seatId: string }) => [e.kind, e.fromStatus, e.toStatus, e.seatId])).toEqual([
      ['created', null, 'new', 'seat-01'],
      ['dispatched', 'new', 'dispatched', 'seat-01'],
      ['status_changed', 'dispatched', 'accepted', 'seat-01'],
      ['status_changed', 'accepted', 'in_service', 'seat-01'],
      ['status_changed', 'in_service', 'completed', 'seat-01'],
    ]);
    expect((await backend.app.inject({ method: 'GET', url: `/orders/${id}/events`, headers: { authorization: auth.gz } })).statusCode).toBe(403);

    const before = await counts();
    const [cancel] = await push(auth.bj2, 'seat-02', [mutation('update', id, { status: 'cancelled', fault: '客户取消' }, version)]);
    const orderNumber = (await orderRow(id)).orderNumber;
    expect(cancel).toMatchObject({
      status: 'rejected',
      code: 'invalid_transition',
      message: `order ${orderNumber} is already completed; it can no longer be cancelled`,
      details: { code: 'order_done_cannot_cancel', params: { orderNumber, status: 'completed' } },
    });
    expect(await counts()).toEqual(before);
    expect(await orderRow(id)).toMatchObject({ status: 'completed', fault: '不制冷', version });
  });

  it('refuses unknown, fixed and invalid fields naming them, a missing row, and a reused mutationId', async () => {
    const { id, version } = await createdOrder();
    const before = await counts();
    const bad = [
      mutation('update', id, { colour: 'red' }, version),
      mutation('update', id, { branchId: branchIdOf(backend, 'GZ01') }, version),
      mutation('update', id, { status: 'done', fault: 7 }, version),
      mutation('update', randomUUID(), { fault: 'x' }, 1),
      mutation('create', randomUUID(), newOrder({ customerId: randomUUID() })),
      mutation('create', randomUUID(), { ...newOrder(), orderNumber: '42' }),
    ];
    const results = await push(auth.bj1, 'seat-01', bad);
    expect(results.map((r) => (r.status === 'rejected' ? `${r.code}: ${r.message}` : r.status))).toEqual([
      'bad_patch: colour: unknown field',
      'bad_patch: branchId: cannot be changed',
      expect.stringMatching(/^bad_patch: status: .*; fault: /),
      expect.stringMatching(/^not_found: /),
      expect.stringMatching(/^invalid_reference: customerId: /),
      expect.stringMatching(/^bad_patch: orderNumber: /),
    ]);
    expect(await counts()).toEqual(before);

    const original = mutation('update', id, { fault: '首次' }, version);
    await push(auth.bj1, 'seat-01', [original]);
    const [reused] = await push(auth.bj1, 'seat-01', [{ ...original, patch: { fault: '篡改' } }]);
    expect(reused).toMatchObject({ status: 'rejected', code: 'mutation_id_reused' });
    const [otherSeat] = await push(auth.bj2, 'seat-02', [original]);
    expect(otherSeat).toMatchObject({ status: 'rejected', code: 'mutation_id_reused' });
    expect((await orderRow(id)).fault).toBe('首次');
  });

  it('deletes as a tombstone that pull carries', async () => {
    const { id, version } = await createdOrder();
    const [deleted] = await push(auth.bj1, 'seat-01', [mutation('delete', id, {}, version)]);
    expect(deleted?.status).toBe('applied');
    const pulled = (await pullFrom(auth.bj2, version)).find((c) => c.row.id === id);
    expect(pulled?.row).toMatchObject({ id, deleted: true });
    const [update] = await push(auth.bj2, 'seat-02', [mutation('update', id, { fault: 'x' }, version)]);
    expect(update).toMatchObject({ status: 'rejected', code: 'deleted' });
  });

  it('answers 400 naming the field for a malformed body, and writes nothing', async () => {
    const before = { ...(await counts()), mutations: await count('mutations') };
    const good = mutation('create', randomUUID(), newOrder());
    const cases: Array<[unknown, RegExp]> = [
      [{ mutations: [good] }, /seatId/],
      [{ seatId: 'seat-01', mutations: [] }, /mutations/],
      [{ seatId: 'seat-01', mutations: [good, { ...good, mutationId: 'not-a-uuid' }] }, /mutations\.1\.mutationId/],
      [{ seatId: 'seat-01', mutations: [{ ...good, op: 'upsert' }] }, /mutations\.0\.op/],
      [{ seatId: 'seat-01', mutations: [{ ...good, baseVersion: -1 }] }, /mutations\.0\.baseVersion/],
    ];
    for (const [payload, field] of cases) {
      const response = await backend.app.inject({ method: 'POST', url: '/sync/push', headers: { authorization: auth.bj1 }, payload: payload as object });
      expect(response.statusCode).toBe(400);
      expect(ApiError.parse(response.json()).error.message).toMatch(field);
    }
    expect({ ...(await counts()), mutations: await count('mutations') }).toEqual(before);
    expect((await backend.app.inject({ method: 'POST', url: '/sync/push', payload: { seatId: 'x', mutations: [good] } })).statusCode).toBe(401);
  });

  it('accepts creates of customers and products in the branch', async () => {
    const customerId = randomUUID();
    const now = new Date().toISOString();
    const customer = mutation('create', customerId, {
      branchId: bjBranch, name: '离线客户', phone: '+8613900001111', altPhone: null, vipTier: 'none',
      province: '北京', city: '北京', address: '朝阳区', createdAt: now, updatedAt: now,
    }, 0, 'customer');
    const product = mutation('create', randomUUID(), {
      customerId, branchId: bjBranch, serialNumber: 'TV2611X0000001', model: '65E7N', category: 'tv', purchaseDate: '2026-11-01', warrantyMonths: 36,
    }, 0, 'product');
    const results = await push(auth.bj1, 'seat-01', [customer, product]);
    expect(results.map((r) => r.status)).toEqual(['applied', 'applied']);
  });
});
