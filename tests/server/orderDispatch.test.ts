import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SyncPullResponse, type SyncChange } from '../../shared/api/rest.js';
import type { Mutation } from '../../shared/api/syncPush.js';
import { outletServes } from '../../shared/domain/orderDispatch.js';
import { OrderEvent } from '../../shared/domain/orderEvent.js';
import type { Outlet } from '../../shared/domain/outlet.js';
import { dispatchPatch, serviceCentreOf } from './support/dispatch.js';
import { testEngines } from './support/testDatabase.js';
import { statusPatch } from '../support/orderSteps.js';
import { mutationOf, pushMutations } from './support/pushMutations.js';
import { agentIdOf, branchIdOf, useTestBackend } from './support/testBackend.js';

const HOUR_MS = 3_600_000;

/** Dispatch through push: authorised outlets only, a valid appointment window, outlet loads kept in the same transaction; the timeline pulled by the branch. */
describe.each(testEngines())('order dispatch on %s', (engine) => {
  const { backend, auth } = useTestBackend({ customers: 60, engine }, { bj1: 'bj.agent1', bj2: 'bj.super', gz: 'gz.agent1' });
  // bj2 is BJ01's supervisor: it re-dispatches bj1's orders (one owner per order: an agent would take them over).
  let bjBranch: string;
  let orderSeq = 0;
  beforeAll(() => {
    bjBranch = branchIdOf(backend, 'BJ01');
  });

  const agentId = (login: string) => agentIdOf(backend, login);
  const bjOutlets = (): Outlet[] => backend.demo.outlets.filter((o) => o.branchId === bjBranch);

  /** A BJ01 customer's air conditioner, an outlet serving it by city, and one of the branch's that does not serve it. */
  function airConditionerCase() {
    for (const household of backend.households) {
      if (household.customer.branchId !== bjBranch) continue;
      const product = household.products.find((p) => p.category === 'air_conditioner');
      if (!product) continue;
      const serving = bjOutlets().filter((o) => outletServes(o, household.customer, 'air_conditioner'));
      const byCity = serving.find((o) => household.customer.cityCode !== null && o.regionCodes.includes(household.customer.cityCode));
      const other = serving.find((o) => o !== byCity);
      const notServing = bjOutlets().find((o) => !outletServes(o, household.customer, 'air_conditioner'));
      if (byCity && other && notServing) return { customer: household.customer, product, byCity, other, notServing };
    }
    throw new Error('no BJ01 air conditioner in a city with its own outlet');
  }

  const push = (authorization: string, mutations: Mutation[]) => pushMutations(backend, authorization, 'seat-03', mutations);

  const update = (id: string, patch: Record<string, unknown>, baseVersion: number) => mutationOf('serviceOrder', 'update', id, patch, baseVersion);

  async function newOrder(customerId: string, productId: string | null): Promise<{ id: string; version: number }> {
    const id = randomUUID();
    const now = new Date().toISOString();
    orderSeq += 1;
    const patch = {
      orderNumber: `BJ01-11-20261123-${String(orderSeq).padStart(4, '0')}`,
      customerId,
      productId,
      branchId: bjBranch,
      type: productId ? 'repair' : 'maintenance',
      status: 'new',
      fault: '不制冷',
      warranty: null,
      // Out of warranty or not, the customer agreed to this; several orders for one unit here are on purpose.
      feeConsent: { estimate: 120, consentedAt: now },
      duplicateReason: '测试：同一产品的多张工单',
      ownerAgentId: agentId('bj.agent1'),
      createdAt: now,
      updatedAt: now,
    };
    const [created] = await push(auth.bj1, [mutationOf('serviceOrder', 'create', id, patch)]);
    if (created?.status !== 'applied') throw new Error(`create refused: ${JSON.stringify(created)}`);
    // A possible duplicate is dispatched once the branch's supervisor approved it (shared/domain/duplicateReview.ts).
    const [approved] = await push(auth.bj2, [update(id, { duplicateReview: { decision: 'approved', reason: '测试：同意另开' } }, created.version)]);
    if (approved?.status !== 'applied') throw new Error(`approval refused: ${JSON.stringify(approved)}`);
    return { id, version: approved.version };
  }

  const load = async (outletId: string) => Number((await backend.database.db.selectFrom('outlets').select('load').where('id', '=', outletId).executeTakeFirstOrThrow()).load);
  const orderRow = (id: string) => backend.database.db.selectFrom('serviceOrders').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  async function pull(authorization: string): Promise<SyncChange[]> {
    const response = await backend.app.inject({ method: 'GET', url: '/sync/pull?cursor=0&limit=10000', headers: { authorization } });
    return SyncPullResponse.parse(response.json()).changes;
  }

  async function events(orderId: string): Promise<OrderEvent[]> {
    const response = await backend.app.inject({ method: 'GET', url: `/orders/${orderId}/events`, headers: { authorization: auth.bj2 } });
    expect(response.statusCode, response.body).toBe(200);
    const items = z.object({ items: z.array(OrderEvent) }).parse(response.json()).items;
    // Every order here is a possible duplicate approved at once (newOrder): its approval is not what these tests are about.
    expect(items.filter((e) => e.kind === 'duplicate_approved')).toHaveLength(1);
    return items.filter((e) => e.kind !== 'duplicate_approved');
  }

  it('dispatches a new order to an authorised outlet: status, window, +1 load, a dispatched event, all pulled by the branch only', async () => {
    const { customer, product, byCity } = airConditionerCase();
    const order = await newOrder(customer.id, product.id);
    const loadBefore = await load(byCity.id);
    const patch = dispatchPatch(byCity.id);
    const [dispatched] = await push(auth.bj1, [update(order.id, patch, order.version)]);
    expect(dispatched?.status, JSON.stringify(dispatched)).toBe('applied');
    expect(await orderRow(order.id)).toMatchObject({ status: 'dispatched', outletId: byCity.id, appointmentStart: patch.appointmentStart, appointmentEnd: patch.appointmentEnd, dispatchedAt: patch.dispatchedAt });
    expect(await load(byCity.id)).toBe(loadBefore + 1);

    const history = await events(order.id);
    expect(history.map((e) => [e.kind, e.fromStatus, e.toStatus, e.outletId])).toEqual([
      ['created', null, 'new', null],
      ['dispatched', 'new', 'dispatched', byCity.id],
    ]);
    expect(history[1]).toMatchObject({ appointmentStart: patch.appointmentStart, appointmentEnd: patch.appointmentEnd, agentId: agentId('bj.agent1'), seatId: 'seat-03', branchId: bjBranch });

    const pulled = await pull(auth.bj2);
    const pulledEvents = pulled.flatMap((c) => (c.entity === 'orderEvent' && c.row.orderId === order.id && c.row.kind !== 'duplicate_approved' ? [c.row] : []));
    expect(pulledEvents.map((e) => e.id).sort()).toEqual(history.map((e) => e.id).sort());
    const pulledOutlet = pulled.filter((c) => c.entity === 'outlet' && c.row.id === byCity.id).at(-1);
    expect(pulledOutlet?.row).toMatchObject({ load: loadBefore + 1 });
    expect((await pull(auth.gz)).some((c) => c.entity === 'orderEvent' && c.row.orderId === order.id)).toBe(false);
  });

  it('refuses outlets that do not serve the customer or the category, and bad windows, naming the field and writing nothing', async () => {
    const { customer, product, byCity, notServing } = airConditionerCase();
    const order = await newOrder(customer.id, product.id);
    const gzOutlet = backend.demo.outlets.find((o) => o.branchId !== bjBranch)!;
    const now = new Date();
    const at = (hours: number) => new Date(now.getTime() + hours * HOUR_MS).toISOString();
    const loads = async () => Promise.all([byCity.id, notServing.id, gzOutlet.id].map(load));
    const logBefore = Number((await backend.database.db.selectFrom('changeLog').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const loadsBefore = await loads();

    // [patch, rejection code, the domain refusal's code and field (none: a plain bad patch), message]
    const cases: Array<[Record<string, unknown>, string, [string, string] | null, RegExp]> = [
      [dispatchPatch(notServing.id, now), 'invalid_reference', ['outlet_does_not_serve', 'outletId'], /^outletId: .* does not serve/],
      [dispatchPatch(gzOutlet.id, now), 'invalid_reference', ['outlet_unknown', 'outletId'], /^outletId: no such service outlet/],
      [{ ...dispatchPatch(byCity.id, now), appointmentStart: at(5), appointmentEnd: at(4) }, 'bad_patch', ['appointment_ends_before_start', 'appointmentEnd'], /^appointmentEnd: .*end after it starts/],
      [{ ...dispatchPatch(byCity.id, now), appointmentStart: at(5), appointmentEnd: at(5.2) }, 'bad_patch', ['appointment_too_short', 'appointmentEnd'], /^appointmentEnd: .*at least 30 minutes/],
      [{ ...dispatchPatch(byCity.id, now), appointmentStart: at(5), appointmentEnd: at(20) }, 'bad_patch', ['appointment_too_long', 'appointmentEnd'], /^appointmentEnd: .*at most 12 hours/],
      [{ ...dispatchPatch(byCity.id, now), appointmentStart: at(-30), appointmentEnd: at(-28) }, 'bad_patch', ['appointment_in_past', 'appointmentStart'], /^appointmentStart: .*past/],
      [{ ...dispatchPatch(byCity.id, now), appointmentStart: at(24 * 40), appointmentEnd: at(24 * 40 + 2) }, 'bad_patch', ['appointment_too_far_ahead', 'appointmentStart'], /^appointmentStart: .*within 30 days/],
      [{ ...dispatchPatch(byCity.id, now), dispatchedAt: at(3) }, 'bad_patch', null, /^dispatchedAt: .*future/],
      [{ status: 'dispatched' }, 'bad_patch', null, /^outletId: required/],
      [{ ...dispatchPatch(byCity.id, now), appointmentEnd: undefined }, 'bad_patch', null, /^appointmentEnd: required/],
    ];
    for (const [patch, code, refusal, message] of cases) {
      const [result] = await push(auth.bj1, [update(order.id, patch, order.version)]);
      expect(result?.status, JSON.stringify(patch)).toBe('rejected');
      if (result?.status !== 'rejected') continue;
      expect(result.code, result.message).toBe(code);
      expect(result.details ? [result.details.code, result.details.field] : null, result.message).toEqual(refusal);
      expect(result.message).toMatch(message);
    }
    expect(await orderRow(order.id)).toMatchObject({ status: 'new', outletId: null, appointmentStart: null });
    expect(await loads()).toEqual(loadsBefore);
    const logAfter = Number((await backend.database.db.selectFrom('changeLog').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    expect(logAfter).toBe(logBefore);
    expect((await events(order.id)).map((e) => e.kind)).toEqual(['created']);
  });

  it('re-dispatch moves the load; completion, cancellation and deletion free the outlet', async () => {
    const { customer, product, byCity, other } = airConditionerCase();
    const [a, b] = [await load(byCity.id), await load(other.id)];

    const moved = await newOrder(customer.id, product.id);
    const [first] = await push(auth.bj1, [update(moved.id, dispatchPatch(byCity.id), moved.version)]);
    const firstVersion = first?.status === 'applied' ? first.version : -1;
    expect([await load(byCity.id), await load(other.id)]).toEqual([a + 1, b]);
    const dispatchedAt = (await orderRow(moved.id)).dispatchedAt;
    const [again] = await push(auth.bj2, [update(moved.id, { ...dispatchPatch(other.id), dispatchedAt }, firstVersion)]);
    expect(again?.status, JSON.stringify(again)).toBe('applied');
    expect([await load(byCity.id), await load(other.id)]).toEqual([a, b + 1]);
    expect((await events(moved.id)).map((e) => [e.kind, e.outletId])).toEqual([
      ['created', null],
      ['dispatched', byCity.id],
      ['dispatched', other.id],
    ]);
    // The first dispatch time is the on-site timer's start: a re-dispatch cannot move it.
    const [restamp] = await push(auth.bj2, [update(moved.id, { ...dispatchPatch(byCity.id), dispatchedAt: new Date().toISOString() }, firstVersion)]);
    expect(restamp).toMatchObject({ status: 'rejected', code: 'bad_patch' });

    let version = again?.status === 'applied' ? again.version : -1;
    for (const status of ['accepted', 'in_service', 'completed']) {
      const [r] = await push(auth.bj1, [update(moved.id, statusPatch(status), version)]);
      version = r?.status === 'applied' ? r.version : -1;
      expect(await load(other.id)).toBe(status === 'completed' ? b : b + 1);
    }
    const [lateDispatch] = await push(auth.bj1, [update(moved.id, dispatchPatch(byCity.id), version)]);
    expect(lateDispatch).toMatchObject({ status: 'rejected', code: 'invalid_transition', details: { code: 'order_next_status_not_allowed', params: { from: 'completed', to: 'dispatched' } } });

    const cancelled = await newOrder(customer.id, product.id);
    const [d1] = await push(auth.bj1, [update(cancelled.id, dispatchPatch(byCity.id), cancelled.version)]);
    expect(await load(byCity.id)).toBe(a + 1);
    await push(auth.bj1, [update(cancelled.id, statusPatch('cancelled'), d1?.status === 'applied' ? d1.version : -1)]);
    expect(await load(byCity.id)).toBe(a);

    const deleted = await newOrder(customer.id, null);
    const centre = serviceCentreOf(backend, bjBranch);
    const c = await load(centre);
    const [d2] = await push(auth.bj1, [update(deleted.id, dispatchPatch(centre), deleted.version)]);
    expect(d2?.status, JSON.stringify(d2)).toBe('applied');
    expect(await load(centre)).toBe(c + 1);
    const [gone] = await push(auth.bj1, [mutationOf('serviceOrder', 'delete', deleted.id, {})]);
    expect(gone?.status).toBe('applied');
    expect(await load(centre)).toBe(c);
  });

  it('an order is dispatched after it is made, not in its create', async () => {
    const { customer, product, byCity } = airConditionerCase();
    const now = new Date().toISOString();
    const [created] = await push(auth.bj1, [
      {
        mutationId: randomUUID(),
        entity: 'serviceOrder',
        entityId: randomUUID(),
        op: 'create',
        baseVersion: 0,
        patch: { orderNumber: 'BJ01-11-20261124-0001', customerId: customer.id, productId: product.id, branchId: bjBranch, type: 'repair', status: 'new', fault: 'x', ownerAgentId: agentId('bj.agent1'), createdAt: now, updatedAt: now, outletId: byCity.id, warranty: null },
      },
    ]);
    expect(created).toMatchObject({ status: 'rejected', code: 'bad_patch' });
  });

  it('an owner change (shift handover) is an event on the pulled timeline', async () => {
    const { customer } = airConditionerCase();
    const order = await newOrder(customer.id, null);
    const [handover] = await push(auth.bj1, [update(order.id, { ownerAgentId: agentId('bj.agent2') }, order.version)]);
    expect(handover?.status).toBe('applied');
    const pulled = (await pull(auth.bj2)).flatMap((c) => (c.entity === 'orderEvent' && c.row.orderId === order.id && c.row.kind !== 'duplicate_approved' ? [c.row] : []));
    expect(pulled.map((e) => [e.kind, e.fromOwnerAgentId, e.toOwnerAgentId])).toEqual([
      ['created', null, null],
      ['owner_changed', agentId('bj.agent1'), agentId('bj.agent2')],
    ]);
  });
});
