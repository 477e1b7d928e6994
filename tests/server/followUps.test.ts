import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FollowUpList, SyncPullResponse } from '../../shared/api/rest.js';
import type { Mutation, MutationResult } from '../../shared/api/syncPush.js';
import { FollowUp } from '../../shared/domain/followUp.js';
import { OrderEvent } from '../../shared/domain/orderEvent.js';
import { dispatchPatch, serviceCentreOf } from './support/dispatch.js';
import { testEngines } from './support/testDatabase.js';
import { statusPatch } from '../support/orderSteps.js';
import { mutationOf, pushMutations } from './support/pushMutations.js';
import { agentIdOf, branchIdOf, useTestBackend } from './support/testBackend.js';

/** Completing an order schedules a follow-up in the same transaction; a seat records its result once. Owner changes are history. */
describe.each(testEngines())('follow-ups and order owners on %s', (engine) => {
  const { backend, auth } = useTestBackend({ customers: 30, engine }, { bj1: 'bj.agent1', bj2: 'bj.agent2', gz: 'gz.agent1' });
  let bjBranch: string;
  let orderSeq = 0;
  beforeAll(() => {
    bjBranch = branchIdOf(backend, 'BJ01');
  });

  const agentId = (login: string) => agentIdOf(backend, login);
  const bjCustomer = () => backend.households.find((h) => h.customer.branchId === bjBranch)?.customer.id ?? '';

  const push = (authorization: string, mutations: Mutation[]) => pushMutations(backend, authorization, 'seat-01', mutations);

  const outcome = (r: MutationResult | undefined) => (r?.status === 'rejected' ? r.code : r?.status);

  async function pulledFollowUps(authorization: string): Promise<FollowUp[]> {
    const response = await backend.app.inject({ method: 'GET', url: '/sync/pull?cursor=0&limit=10000', headers: { authorization } });
    return SyncPullResponse.parse(response.json()).changes.flatMap((c) => (c.entity === 'followUp' ? [c.row] : []));
  }

  async function events(orderId: string): Promise<OrderEvent[]> {
    const response = await backend.app.inject({ method: 'GET', url: `/orders/${orderId}/events`, headers: { authorization: auth.bj1 } });
    expect(response.statusCode, response.body).toBe(200);
    return z.object({ items: z.array(OrderEvent) }).parse(response.json()).items;
  }

  /** A new BJ01 order pushed and taken to `last` step by step; returns its id. */
  async function orderThrough(last: 'new' | 'in_service' | 'completed'): Promise<string> {
    const id = randomUUID();
    const now = new Date().toISOString();
    orderSeq += 1;
    const [created] = await push(auth.bj1, [
      mutationOf('serviceOrder', 'create', id, {
        orderNumber: `BJ01-09-20261123-${String(orderSeq).padStart(4, '0')}`,
        customerId: bjCustomer(),
        productId: null,
        branchId: bjBranch,
        type: 'maintenance',
        status: 'new',
        fault: '洗衣机不脱水',
        warranty: null,
        ownerAgentId: agentId('bj.agent1'),
        createdAt: now,
        updatedAt: now,
      }),
    ]);
    let version = created?.status === 'applied' ? created.version : 0;
    const steps = ['dispatched', 'accepted', 'in_service', 'completed'];
    for (const status of steps.slice(0, last === 'new' ? 0 : steps.indexOf(last) + 1)) {
      const patch = status === 'dispatched' ? dispatchPatch(serviceCentreOf(backend, bjBranch)) : statusPatch(status);
      const [moved] = await push(auth.bj1, [mutationOf('serviceOrder', 'update', id, patch, version)]);
      expect(outcome(moved)).toBe('applied');
      version = moved?.status === 'applied' ? moved.version : version;
    }
    return id;
  }

  it('completing an order schedules one open follow-up, due two days later, pulled by the branch', async () => {
    const orderId = await orderThrough('completed');
    const found = (await pulledFollowUps(auth.bj2)).filter((f) => f.orderId === orderId);
    expect(found).toHaveLength(1);
    const [followUp] = found as [FollowUp];
    expect(followUp).toMatchObject({ customerId: bjCustomer(), branchId: bjBranch, status: 'open', satisfaction: null, doneAt: null, doneBy: null });
    expect(Date.parse(followUp.dueAt) - Date.parse(followUp.createdAt)).toBe(2 * 24 * 60 * 60 * 1000);
    expect((await pulledFollowUps(auth.gz)).some((f) => f.orderId === orderId)).toBe(false);
  });

  it('an order not completed has no follow-up', async () => {
    const orderId = await orderThrough('in_service');
    expect((await pulledFollowUps(auth.bj1)).some((f) => f.orderId === orderId)).toBe(false);
  });

  it('records a result once, by the agent who made the call; refuses creates, deletes and bad results', async () => {
    const orderId = await orderThrough('completed');
    const followUp = (await pulledFollowUps(auth.bj1)).find((f) => f.orderId === orderId)!;
    const result = (overrides: Record<string, unknown> = {}) => ({
      status: 'done',
      satisfaction: 5,
      remarks: '师傅很专业',
      doneAt: new Date().toISOString(),
      doneBy: agentId('bj.agent1'),
      ...overrides,
    });
    const refused = await push(auth.bj1, [
      mutationOf('followUp', 'create', randomUUID(), { ...followUp, id: undefined, version: undefined, deleted: undefined }),
      mutationOf('followUp', 'delete', followUp.id, {}),
      mutationOf('followUp', 'update', followUp.id, result({ satisfaction: 6 }), followUp.version),
      mutationOf('followUp', 'update', followUp.id, result({ satisfaction: null }), followUp.version),
      mutationOf('followUp', 'update', followUp.id, result({ doneBy: agentId('bj.agent2') }), followUp.version),
      mutationOf('followUp', 'update', followUp.id, { ...result(), orderId: randomUUID() }, followUp.version),
    ]);
    expect(refused.map(outcome)).toEqual(['append_only', 'append_only', 'bad_patch', 'bad_patch', 'out_of_scope', 'bad_patch']);
    expect(refused[2]?.status === 'rejected' && refused[2].message).toContain('satisfaction');

    expect((await push(auth.bj1, [mutationOf('followUp', 'update', followUp.id, result(), followUp.version)])).map(outcome)).toEqual(['applied']);
    // A second seat's result for the same call back is refused with a reason, not merged.
    const [again] = await push(auth.bj2, [mutationOf('followUp', 'update', followUp.id, result({ doneBy: agentId('bj.agent2'), satisfaction: 2 }), followUp.version)]);
    expect(outcome(again)).toBe('invalid_transition');
    expect(again).toMatchObject({ details: { code: 'follow_up_already_done', params: { followUpId: followUp.id } } });
    const done = (await pulledFollowUps(auth.bj2)).find((f) => f.id === followUp.id);
    expect(done).toMatchObject({ status: 'done', satisfaction: 5, remarks: '师傅很专业', doneBy: agentId('bj.agent1') });
  });

  it('reassigns an order within the branch as an owner-changed event, and refuses an agent of another branch', async () => {
    const orderId = await orderThrough('new');
    const [handedOver, abroad] = await push(auth.bj1, [
      mutationOf('serviceOrder', 'update', orderId, { ownerAgentId: agentId('bj.agent2') }, 0),
      mutationOf('serviceOrder', 'update', orderId, { ownerAgentId: agentId('gz.agent1') }, 0),
    ]);
    expect(outcome(handedOver)).toBe('applied');
    expect(outcome(abroad)).toBe('invalid_reference');
    const history = await events(orderId);
    expect(history.map((e) => e.kind)).toEqual(['created', 'owner_changed']);
    expect(history[1]).toMatchObject({ fromOwnerAgentId: agentId('bj.agent1'), toOwnerAgentId: agentId('bj.agent2'), fromStatus: 'new', toStatus: 'new', agentId: agentId('bj.agent1') });
    expect(history[0]).toMatchObject({ fromOwnerAgentId: null, toOwnerAgentId: null });
  });

  it('GET /follow-ups lists the branch\'s follow-ups soonest due first, filtered by status', async () => {
    await orderThrough('completed');
    const list = async (query: string, authorization = auth.bj1) => {
      const response = await backend.app.inject({ method: 'GET', url: `/follow-ups?${query}`, headers: { authorization } });
      expect(response.statusCode, response.body).toBe(200);
      return FollowUpList.parse(response.json());
    };
    const open = await list('status=open&limit=200');
    expect(open.items.length).toBeGreaterThan(0);
    expect(open.items.every((f) => f.status === 'open' && f.branchId === bjBranch)).toBe(true);
    const due = open.items.map((f) => f.dueAt);
    expect(due).toEqual([...due].sort());
    const firstPage = await list('limit=1');
    expect(firstPage.nextCursor).not.toBeNull();
    const secondPage = await list(`limit=1&cursor=${firstPage.nextCursor}`);
    expect(secondPage.items[0]?.id).not.toBe(firstPage.items[0]?.id);
    // Another branch's agent sees their own branch's follow-ups (the demo data has some), none of these.
    expect((await list('', auth.gz)).items.every((f) => f.branchId !== bjBranch)).toBe(true);
    const bad = await backend.app.inject({ method: 'GET', url: '/follow-ups?status=pending', headers: { authorization: auth.bj1 } });
    expect(bad.statusCode).toBe(400);
  });
});
