import { describe, expect, it } from 'vitest';
import { KpiPage } from '../../shared/domain/kpis.js';
import { PartsDecisionOutcome, PartsRequestSteps, RdcStockList } from '../../shared/domain/partsDesk.js';
import { PartsRequest } from '../../shared/domain/partsRequest.js';
import { testEngines } from './support/testDatabase.js';
import { agentIdOf, branchIdOf, useTestBackend } from './support/testBackend.js';

/**
 * The parts desk of a branch decides its region's requests: approval from the regional warehouse
 * (RDC) when it holds enough (stock down, one shipment), else headquarters' parts plan; rejection
 * with a reason. Each step is recorded with who and when, readable by the agent; the parts cycle
 * figure is measured from the recorded receipt.
 */
describe.each(testEngines())('the parts desk on %s', (engine) => {
  const { backend, auth } = useTestBackend({ customers: 120, engine }, { agent: 'bj.agent1', parts: 'bj.parts', gzParts: 'gz.parts', hq: 'hq.admin', bjSuper: 'bj.super' });
  const db = () => backend.database.db;
  const post = (url: string, payload: object | undefined, authorization: string) => backend.app.inject({ method: 'POST', url, headers: { authorization }, ...(payload ? { payload } : {}) });
  const get = (url: string, authorization: string) => backend.app.inject({ method: 'GET', url, headers: { authorization } });
  const bj = () => branchIdOf(backend, 'BJ01');
  const openOrders = () => backend.households.filter((h) => h.customer.branchId === bj()).flatMap((h) => h.orders).filter((o) => ['new', 'dispatched', 'accepted', 'in_service', 'parts_pending'].includes(o.status));
  const setStock = (partNumber: string, quantity: number) =>
    db().insertInto('rdcStock').values({ branchId: bj(), partNumber, quantity }).onConflict((oc) => oc.columns(['branchId', 'partNumber']).doUpdateSet({ quantity })).execute();
  const stockOf = async (partNumber: string) => (await db().selectFrom('rdcStock').select('quantity').where('branchId', '=', bj()).where('partNumber', '=', partNumber).executeTakeFirst())?.quantity;
  const shipments = async (requestId: string) => (await db().selectFrom('partsShipments').selectAll().where('requestId', '=', requestId).execute()).length;
  const request = async (orderIndex: number, partNumber: string, quantity: number) => {
    const made = await post('/parts-requests', { orderId: openOrders()[orderIndex]!.id, partNumber, quantity }, auth.agent);
    expect(made.statusCode, made.body).toBe(201);
    return PartsRequest.parse(made.json());
  };
  const decide = (id: string, body: object, authorization = auth.parts) => post(`/parts-requests/${id}/decision`, body, authorization);

  it('approves from RDC stock: stock down, one shipment, approved; a second decision is refused and ships nothing', async () => {
    await setStock('TST-RDC-1', 5);
    const made = await request(0, 'TST-RDC-1', 2);
    const decided = await decide(made.id, { decision: 'approve' });
    expect(decided.statusCode, decided.body).toBe(200);
    const outcome = PartsDecisionOutcome.parse(decided.json());
    expect(outcome.request.status).toBe('approved');
    expect(outcome.shipmentId).not.toBeNull();
    expect(await stockOf('TST-RDC-1')).toBe(3);
    expect((await decide(made.id, { decision: 'approve' })).statusCode).toBe(409);
    expect(await shipments(made.id)).toBe(1);
    expect(await stockOf('TST-RDC-1')).toBe(3);
  });

  it('without enough stock, an approval goes to headquarters’ parts plan: no shipment, stock untouched', async () => {
    await setStock('TST-RDC-2', 1);
    const made = await request(1, 'TST-RDC-2', 2);
    const outcome = PartsDecisionOutcome.parse((await decide(made.id, { decision: 'approve', reason: '库存不足' })).json());
    expect(outcome).toMatchObject({ request: { status: 'planned' }, shipmentId: null });
    expect(await stockOf('TST-RDC-2')).toBe(1);
    expect(await shipments(made.id)).toBe(0);
    // Headquarters ships it later; the parts desk records the steps.
    expect((await post(`/parts-requests/${made.id}/status`, { status: 'shipped' }, auth.parts)).statusCode).toBe(200);
  });

  it('rejects only with a reason, which the agent reads in the steps; other roles and branches may not decide', async () => {
    const made = await request(2, 'TST-RDC-3', 1);
    for (const who of [auth.agent, auth.bjSuper, auth.hq, auth.gzParts]) expect((await decide(made.id, { decision: 'reject', reason: '不需要' }, who)).statusCode).toBe(403);
    const noReason = await decide(made.id, { decision: 'reject', reason: '  ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().error.message).toMatch(/reason: a rejection needs a reason/);
    expect(PartsDecisionOutcome.parse((await decide(made.id, { decision: 'reject', reason: '型号不符，请核对' })).json()).request.status).toBe('rejected');
    const steps = PartsRequestSteps.parse((await get(`/parts-requests/${made.id}/steps`, auth.agent)).json()).items;
    expect(steps).toEqual([{ status: 'rejected', reason: '型号不符，请核对', agentId: agentIdOf(backend, 'bj.parts'), at: expect.any(String) }]);
    expect((await get(`/parts-requests/${made.id}/steps`, await backend.bearer('gz.agent1'))).statusCode).toBe(403);
  });

  it('records each step; the parts cycle figure runs from the request to the recorded receipt', async () => {
    await setStock('TST-RDC-4', 9);
    const made = await request(3, 'TST-RDC-4', 1);
    // The request was made two days ago (written back so the cycle has a known length).
    const createdAt = new Date(Date.now() - 2 * 86_400_000).toISOString();
    await db().updateTable('partsRequests').set({ createdAt }).where('id', '=', made.id).execute();
    await decide(made.id, { decision: 'approve' });
    await post(`/parts-requests/${made.id}/status`, { status: 'shipped' }, auth.parts);
    expect((await post(`/parts-requests/${made.id}/status`, { status: 'received' }, auth.parts)).statusCode).toBe(200);
    const steps = PartsRequestSteps.parse((await get(`/parts-requests/${made.id}/steps`, auth.agent)).json()).items;
    expect(steps.map((s) => s.status)).toEqual(['approved', 'shipped', 'received']);
    const receivedAt = steps[2]!.at;
    // A later edit of the row (its updatedAt) does not move the receipt.
    await db().updateTable('partsRequests').set({ updatedAt: new Date(Date.now() + 86_400_000).toISOString() }).where('id', '=', made.id).execute();
    const day = new Date(Date.parse(receivedAt) + 8 * 3_600_000).toISOString().slice(0, 10);
    const order = openOrders()[3]!;
    const figures = KpiPage.parse((await get(`/kpis?period=day&by=agent&from=${day}&to=${day}`, auth.parts)).json()).items;
    const owner = figures.find((r) => r.key === order.ownerAgentId)!;
    const expectedSeconds = Math.floor((Date.parse(receivedAt) - Date.parse(createdAt)) / 1000);
    // The seeded receipts are months old: this request is that agent's only one today.
    expect(owner.parts).toEqual({ received: 1, cycleSeconds: expectedSeconds });
    const drill = (await get(`/kpis/orders?figure=parts_received&period=day&start=${day}&by=agent&key=${order.ownerAgentId}`, auth.parts)).json() as { items: Array<{ id: string }> };
    expect(drill.items.map((o) => o.id)).toEqual([order.id]);
  });

  it('lists RDC stock by role: the parts desk its branch, headquarters every branch, agents none', async () => {
    const mine = RdcStockList.parse((await get('/parts-stock?limit=200', auth.parts)).json()).items;
    expect(mine.length).toBeGreaterThan(0);
    expect(new Set(mine.map((s) => s.branchId))).toEqual(new Set([bj()]));
    const all = RdcStockList.parse((await get('/parts-stock?limit=200', auth.hq)).json()).items;
    expect(new Set(all.map((s) => s.branchId)).size).toBe(2);
    expect((await get('/parts-stock', auth.agent)).statusCode).toBe(403);
    expect((await get(`/parts-stock?branchId=${branchIdOf(backend, 'GZ01')}`, auth.parts)).statusCode).toBe(403);
    const first = RdcStockList.parse((await get('/parts-stock?limit=2', auth.parts)).json());
    const second = RdcStockList.parse((await get(`/parts-stock?limit=2&cursor=${first.nextCursor}`, auth.parts)).json());
    expect(second.items[0]!.partNumber > first.items[1]!.partNumber).toBe(true);
  });
});
