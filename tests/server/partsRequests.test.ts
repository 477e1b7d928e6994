import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { ApiError, PartsRequestList, SyncPullResponse } from '../../shared/api/rest.js';
import type { Mutation } from '../../shared/api/syncPush.js';
import { PartsRequest } from '../../shared/domain/partsRequest.js';
import { testEngines } from './support/testDatabase.js';
import { mutationOf, pushMutations } from './support/pushMutations.js';
import { agentIdOf, branchIdOf, useTestBackend } from './support/testBackend.js';

/** Spare-parts requests: created by agents (REST and push), moved on by the parts desk, branch-scoped, synced. */
describe.each(testEngines())('parts requests on %s', (engine) => {
  const { backend, auth } = useTestBackend({ customers: 120, engine }, { bj: 'bj.agent1', bjSuper: 'bj.super', bjParts: 'bj.parts', gz: 'gz.agent1', gzParts: 'gz.parts' });
  let bjBranch: string;
  beforeAll(() => {
    bjBranch = branchIdOf(backend, 'BJ01');
  });

  const get = (url: string, authorization = auth.bj) => backend.app.inject({ method: 'GET', url, headers: { authorization } });
  const post = (url: string, payload: unknown, authorization = auth.bj) => backend.app.inject({ method: 'POST', url, headers: { authorization }, payload: payload as object });
  const orders = (branch: 'mine' | 'other', open: boolean) =>
    backend.households
      .filter((h) => (h.customer.branchId === bjBranch) === (branch === 'mine'))
      .flatMap((h) => h.orders)
      .filter((o) => ['new', 'dispatched', 'accepted', 'in_service', 'parts_pending'].includes(o.status) === open);
  const requestCount = async () => Number((await backend.database.db.selectFrom('partsRequests').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const agentId = (login: string) => agentIdOf(backend, login);

  it("lists the branch's seeded requests newest first, in pages, never another branch's", async () => {
    const seen: PartsRequest[] = [];
    let cursor: string | null = null;
    do {
      const page = PartsRequestList.parse((await get(`/parts-requests?limit=3${cursor ? `&cursor=${cursor}` : ''}`)).json());
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((r) => r.branchId === bjBranch)).toBe(true);
    const stamps = seen.map((r) => r.createdAt);
    expect(stamps).toEqual([...stamps].sort().reverse());
    const gzSeen = PartsRequestList.parse((await get('/parts-requests?limit=200', auth.gz)).json()).items;
    expect(gzSeen.some((r) => seen.some((s) => s.id === r.id))).toBe(false);
    expect((await get(`/parts-requests/${seen[0]!.id}`, auth.gz)).statusCode).toBe(403);
  });

  it('an agent requests parts for an open order; the parts desk decides it (approved from stock), then ships and receives it', async () => {
    const order = orders('mine', true)[0]!;
    const created = await post('/parts-requests', { orderId: order.id, partNumber: 'ac-cmp-1200', quantity: 2, note: '压缩机' });
    expect(created.statusCode, created.body).toBe(201);
    const request = PartsRequest.parse(created.json());
    expect(request).toMatchObject({ status: 'requested', partNumber: 'AC-CMP-1200', requestedBy: agentId('bj.agent1'), branchId: bjBranch });
    expect(PartsRequestList.parse((await get(`/parts-requests?orderId=${order.id}`)).json()).items.map((r) => r.id)).toContain(request.id);

    // Agents and supervisors do not move the status; the parts desk of the branch does, one step at a time.
    const approve = { decision: 'approve', reason: '' };
    expect((await post(`/parts-requests/${request.id}/decision`, approve)).statusCode).toBe(403);
    expect((await post(`/parts-requests/${request.id}/decision`, approve, auth.bjSuper)).statusCode).toBe(403);
    expect((await post(`/parts-requests/${request.id}/decision`, approve, auth.gzParts)).statusCode).toBe(403);
    // The decision is the decision route's: the status route takes the later steps only.
    expect((await post(`/parts-requests/${request.id}/status`, { status: 'approved' }, auth.bjParts)).statusCode).toBe(400);
    const skip = await post(`/parts-requests/${request.id}/status`, { status: 'shipped' }, auth.bjParts);
    expect(skip.statusCode).toBe(409);
    expect(ApiError.parse(skip.json()).error).toMatchObject({
      code: 'conflict',
      message: 'the parts request is requested; it cannot be shipped next (only approved or planned or rejected)',
      details: { code: 'parts_request_next_status_not_allowed', params: { from: 'requested', to: 'shipped', allowed: ['approved', 'planned', 'rejected'] } },
    });
    await backend.database.db.updateTable('rdcStock').set({ quantity: 5 }).where('branchId', '=', bjBranch).where('partNumber', '=', 'AC-CMP-1200').execute();
    const decided = await post(`/parts-requests/${request.id}/decision`, approve, auth.bjParts);
    expect(decided.statusCode, decided.body).toBe(200);
    let version = PartsRequest.parse(decided.json().request).version;
    expect(decided.json().request.status).toBe('approved');
    for (const status of ['shipped', 'received'] as const) {
      const moved = await post(`/parts-requests/${request.id}/status`, { status }, auth.bjParts);
      expect(moved.statusCode, moved.body).toBe(200);
      const row = PartsRequest.parse(moved.json());
      expect(row.status).toBe(status);
      expect(row.version).toBeGreaterThan(version);
      version = row.version;
    }
    expect((await post(`/parts-requests/${request.id}/decision`, { decision: 'reject', reason: '晚了' }, auth.bjParts)).statusCode).toBe(409);

    // Every step reached the branch's change log, so the seats see the status.
    const pulled = SyncPullResponse.parse((await get(`/sync/pull?cursor=${request.version - 1}&limit=100`)).json()).changes.filter((c) => c.entity === 'partsRequest');
    expect(pulled.map((c) => (c.row as PartsRequest).status).at(-1)).toBe('received');
    const gzPulled = SyncPullResponse.parse((await get(`/sync/pull?cursor=${request.version - 1}&limit=100`, auth.gz)).json()).changes;
    expect(gzPulled.some((c) => c.row.id === request.id)).toBe(false);
  });

  it('refuses, writing nothing: bad fields (400 naming them), another branch’s order, a finished order (409)', async () => {
    const before = await requestCount();
    const order = orders('mine', true)[0]!;
    for (const [body, field] of [
      [{ orderId: order.id, partNumber: 'x', quantity: 1 }, 'partNumber'],
      [{ orderId: order.id, partNumber: 'AC-1000', quantity: 0 }, 'quantity'],
      [{ orderId: 'nope', partNumber: 'AC-1000', quantity: 1 }, 'orderId'],
      [{ orderId: orders('other', true)[0]!.id, partNumber: 'AC-1000', quantity: 1 }, 'orderId'],
    ] as const) {
      const response = await post('/parts-requests', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(ApiError.parse(response.json()).error.message).toContain(field);
    }
    const finished = orders('mine', false)[0]!;
    const late = await post('/parts-requests', { orderId: finished.id, partNumber: 'AC-1000', quantity: 1 });
    expect(late.statusCode).toBe(409);
    expect(ApiError.parse(late.json()).error).toMatchObject({
      code: 'conflict',
      details: { rejection: 'invalid_transition', refusal: { code: 'parts_order_finished', params: { orderNumber: finished.orderNumber } } },
    });
    expect(await requestCount()).toBe(before);
  });

  it('takes creates from seats through push, once per mutation, and only as requested by the pushing agent', async () => {
    const order = orders('mine', true)[0]!;
    const now = new Date().toISOString();
    const patch = { branchId: bjBranch, orderId: order.id, partNumber: 'WM-PMP-0040', quantity: 1, status: 'requested', note: '', requestedBy: agentId('bj.agent1'), createdAt: now, updatedAt: now };
    const create = (p: Record<string, unknown>, entityId = randomUUID()) => mutationOf('partsRequest', 'create', entityId, p);
    const push = (mutations: Mutation[], authorization = auth.bj) => pushMutations(backend, authorization, 'seat-01', mutations);

    const first = create(patch);
    const before = await requestCount();
    expect((await push([first]))[0]?.status).toBe('applied');
    expect((await push([first]))[0]?.status).toBe('applied'); // a retry answers again, writes nothing
    expect(await requestCount()).toBe(before + 1);

    const refused = await push([
      create({ ...patch, status: 'approved' }),
      create({ ...patch, requestedBy: agentId('bj.agent2') }),
      create({ ...patch, orderId: orders('other', true)[0]!.id }),
      create({ ...patch, orderId: orders('mine', false)[0]!.id }),
      { ...create(patch), op: 'update', entityId: first.entityId, patch: { status: 'approved' } },
    ]);
    expect(refused.map((r) => (r.status === 'rejected' ? r.code : r.status))).toEqual(['bad_patch', 'out_of_scope', 'invalid_reference', 'invalid_transition', 'append_only']);
    expect(refused[3]).toMatchObject({ details: { code: 'parts_order_finished' } });
    // A seat of the other branch cannot create one for this branch's order either.
    const [crafted] = await push([create({ ...patch, branchId: bjBranch })], auth.gz);
    expect(crafted).toMatchObject({ status: 'rejected', code: 'out_of_scope' });
    expect(await requestCount()).toBe(before + 1);
  });
});
