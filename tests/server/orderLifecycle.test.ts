import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { SyncPullResponse } from '../../shared/api/rest.js';
import type { Mutation, MutationResult } from '../../shared/api/syncPush.js';
import type { FollowUp } from '../../shared/domain/followUp.js';
import { OrderEvent } from '../../shared/domain/orderEvent.js';
import { dispatchPatch, serviceCentreOf } from './support/dispatch.js';
import { statusPatch, TEST_COMPLETION } from '../support/orderSteps.js';
import { mutationOf, pushMutations } from './support/pushMutations.js';
import { agentIdOf, branchIdOf, useTestBackend } from './support/testBackend.js';
import { testEngines } from './support/testDatabase.js';

/**
 * The order's lifecycle at the backend (shared/domain/orderLifecycle.ts): what each step records,
 * one owner per order with takeovers, and the follow-up that closes the loop.
 */
describe.each(testEngines())('the order lifecycle on %s', (engine) => {
  const { backend, auth } = useTestBackend({ customers: 30, engine }, { bj1: 'bj.agent1', bj2: 'bj.agent2', super: 'bj.super' });
  let bjBranch: string;
  let orderSeq = 0;
  beforeAll(() => {
    bjBranch = branchIdOf(backend, 'BJ01');
  });

  const agentId = (login: string) => agentIdOf(backend, login);
  const bjCustomer = () => backend.households.find((h) => h.customer.branchId === bjBranch)!.customer.id;
  const push = (authorization: string, mutations: Mutation[]) => pushMutations(backend, authorization, `seat-${authorization.slice(-6)}`, mutations);
  const version = async (id: string) => Number((await backend.database.db.selectFrom('serviceOrders').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version);
  const row = (id: string) => backend.database.db.selectFrom('serviceOrders').select(['status', 'ownerAgentId', 'completion', 'cancelReason']).where('id', '=', id).executeTakeFirstOrThrow();
  const change = async (authorization: string, id: string, patch: Record<string, unknown>): Promise<MutationResult> => (await push(authorization, [mutationOf('serviceOrder', 'update', id, patch, await version(id))]))[0]!;

  async function events(orderId: string): Promise<OrderEvent[]> {
    const response = await backend.app.inject({ method: 'GET', url: `/orders/${orderId}/events`, headers: { authorization: auth.bj1 } });
    return z.object({ items: z.array(OrderEvent) }).parse(response.json()).items;
  }

  async function followUpOf(orderId: string): Promise<FollowUp> {
    const response = await backend.app.inject({ method: 'GET', url: '/sync/pull?cursor=0&limit=10000', headers: { authorization: auth.bj1 } });
    const rows = SyncPullResponse.parse(response.json()).changes.flatMap((c) => (c.entity === 'followUp' && c.row.orderId === orderId ? [c.row] : []));
    return rows.at(-1)!;
  }

  /** A maintenance order of bj.agent1's, taken through `steps`. */
  async function orderThrough(steps: readonly string[]): Promise<string> {
    const id = randomUUID();
    const now = new Date().toISOString();
    orderSeq += 1;
    const [created] = await push(auth.bj1, [
      mutationOf('serviceOrder', 'create', id, {
        orderNumber: `BJ01-31-20261207-${String(orderSeq).padStart(4, '0')}`, customerId: bjCustomer(), productId: null, branchId: bjBranch,
        type: 'maintenance', status: 'new', fault: '保养', warranty: null, ownerAgentId: agentId('bj.agent1'), createdAt: now, updatedAt: now,
      }),
    ]);
    expect(created?.status, JSON.stringify(created)).toBe('applied');
    for (const status of steps) {
      const patch = status === 'dispatched' ? dispatchPatch(serviceCentreOf(backend, bjBranch)) : statusPatch(status);
      const moved = await change(auth.bj1, id, patch);
      expect(moved.status, JSON.stringify(moved)).toBe('applied');
    }
    return id;
  }

  it('refuses a repair without its product, naming the field', async () => {
    const now = new Date().toISOString();
    const [refused] = await push(auth.bj1, [
      mutationOf('serviceOrder', 'create', randomUUID(), {
        orderNumber: 'BJ01-31-20261207-9001', customerId: bjCustomer(), productId: null, branchId: bjBranch,
        type: 'repair', status: 'new', fault: '不制冷', warranty: null, ownerAgentId: agentId('bj.agent1'), createdAt: now, updatedAt: now,
      }),
    ]);
    expect(refused).toMatchObject({ status: 'rejected', code: 'details_required', details: { code: 'order_product_required', field: 'productId' } });
  });

  it('completes only with the completion record, cancels only with a reason; both are stored', async () => {
    const toComplete = await orderThrough(['dispatched', 'accepted', 'in_service']);
    expect(await change(auth.bj1, toComplete, { status: 'completed' })).toMatchObject({ status: 'rejected', code: 'details_required', details: { code: 'order_completion_required', field: 'completion' } });
    expect((await row(toComplete)).status).toBe('in_service');
    expect(await change(auth.bj1, toComplete, statusPatch('completed'))).toMatchObject({ status: 'applied' });
    expect(JSON.parse((await row(toComplete)).completion)).toEqual(TEST_COMPLETION);

    const toCancel = await orderThrough([]);
    expect(await change(auth.bj1, toCancel, { status: 'cancelled' })).toMatchObject({ status: 'rejected', code: 'details_required', details: { code: 'order_cancel_reason_required' } });
    expect(await change(auth.bj1, toCancel, { status: 'cancelled', cancelReason: '客户已自行解决' })).toMatchObject({ status: 'applied' });
    expect(await row(toCancel)).toMatchObject({ status: 'cancelled', cancelReason: '客户已自行解决' });
  });

  it('refuses a change by an agent who is not the owner; a takeover records the owner change before the step; a supervisor changes any order', async () => {
    const id = await orderThrough(['dispatched']);
    expect(await change(auth.bj2, id, { status: 'accepted' })).toMatchObject({ status: 'rejected', code: 'not_permitted', details: { code: 'order_not_owner' } });
    expect(await change(auth.bj2, id, { ownerAgentId: agentId('bj.super') })).toMatchObject({ status: 'rejected', code: 'not_permitted' });
    expect(await row(id)).toMatchObject({ status: 'dispatched', ownerAgentId: agentId('bj.agent1') });

    expect(await change(auth.bj2, id, { status: 'accepted', ownerAgentId: agentId('bj.agent2') })).toMatchObject({ status: 'applied' });
    expect(await row(id)).toMatchObject({ status: 'accepted', ownerAgentId: agentId('bj.agent2') });
    const history = (await events(id)).map((e) => [e.kind, e.fromStatus, e.toStatus, e.fromOwnerAgentId, e.toOwnerAgentId, e.agentId]);
    expect(history.slice(-2)).toEqual([
      ['owner_changed', 'dispatched', 'dispatched', agentId('bj.agent1'), agentId('bj.agent2'), agentId('bj.agent2')],
      ['status_changed', 'dispatched', 'accepted', null, null, agentId('bj.agent2')],
    ]);
    // The former owner is now the one who must take it over.
    expect(await change(auth.bj1, id, { status: 'in_service' })).toMatchObject({ status: 'rejected', code: 'not_permitted' });
    expect(await change(auth.super, id, { status: 'in_service' })).toMatchObject({ status: 'applied' });
    expect((await row(id)).ownerAgentId).toBe(agentId('bj.agent2'));
  });

  it('becomes visited only through its done follow-up, which any agent of the branch records; closes only once the follow-up is over', async () => {
    const id = await orderThrough(['dispatched', 'accepted', 'in_service', 'completed']);
    expect(await change(auth.bj1, id, { status: 'visited' })).toMatchObject({ status: 'rejected', code: 'invalid_transition', details: { code: 'order_visited_needs_follow_up' } });
    expect(await change(auth.bj1, id, { status: 'closed' })).toMatchObject({ status: 'rejected', code: 'invalid_transition', details: { code: 'order_follow_up_pending' } });

    const followUp = await followUpOf(id);
    const now = Date.now();
    const callBackAt = new Date(now + 3 * 3_600_000).toISOString();
    const call = (patch: Record<string, unknown>, v: number, authorization = auth.bj2) => push(authorization, [mutationOf('followUp', 'update', followUp.id, patch, v)]);
    const [rescheduled] = await call({ status: 'open', satisfaction: null, remarks: '客户下午三点方便', doneAt: null, doneBy: null, dueAt: callBackAt, attempts: 1, lastOutcome: 'call_back', lastAttemptAt: new Date(now).toISOString() }, followUp.version);
    expect(rescheduled).toMatchObject({ status: 'applied' });
    expect((await row(id)).status).toBe('completed');
    const again = await followUpOf(id);
    expect(again).toMatchObject({ status: 'open', dueAt: callBackAt, attempts: 1, lastOutcome: 'call_back' });

    // Done by bj.agent2 (not the owner): score 2 and a remark; the order becomes visited at once.
    const [done] = await call({ status: 'done', satisfaction: 2, remarks: '等了三天才上门', doneAt: new Date().toISOString(), doneBy: agentId('bj.agent2'), dueAt: callBackAt, attempts: 2, lastOutcome: 'done', lastAttemptAt: new Date().toISOString() }, again.version);
    expect(done).toMatchObject({ status: 'applied' });
    expect((await row(id)).status).toBe('visited');
    const last = (await events(id)).at(-1)!;
    expect(last).toMatchObject({ kind: 'status_changed', fromStatus: 'completed', toStatus: 'visited', agentId: agentId('bj.agent2') });
    // A seat that showed it visited offline pushes the same status: nothing more happens.
    expect(await change(auth.bj2, id, { status: 'visited' })).toMatchObject({ status: 'applied' });
    expect(await change(auth.bj1, id, { status: 'closed' })).toMatchObject({ status: 'applied' });
  });

  it('a refused follow-up lets the completed order close without being visited', async () => {
    const id = await orderThrough(['dispatched', 'accepted', 'in_service', 'completed']);
    const followUp = await followUpOf(id);
    const at = new Date().toISOString();
    const [refused] = await push(auth.bj1, [mutationOf('followUp', 'update', followUp.id, { status: 'refused', satisfaction: null, remarks: '客户不愿回访', doneAt: at, doneBy: agentId('bj.agent1'), dueAt: followUp.dueAt, attempts: 1, lastOutcome: 'refused', lastAttemptAt: at }, followUp.version)]);
    expect(refused).toMatchObject({ status: 'applied' });
    expect((await row(id)).status).toBe('completed');
    expect(await change(auth.bj1, id, { status: 'visited' })).toMatchObject({ status: 'rejected', details: { code: 'order_visited_needs_follow_up' } });
    expect(await change(auth.bj1, id, { status: 'closed' })).toMatchObject({ status: 'applied' });
  });
});
