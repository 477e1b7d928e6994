import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncPushResponse, type Mutation, type MutationResult } from '../../shared/api/syncPush.js';
import { OPEN_ORDER_STATUSES, type ServiceOrder } from '../../shared/domain/serviceOrder.js';
import { testEngines } from '../server/support/testDatabase.js';
import { appointmentIn, dispatchAtSeat } from '../support/seatDispatch.js';
import { bearerOf, drainOutbox, startSeatedBackend, type SeatedBackend } from '../support/seatedBackend.js';
import type { SeatClient } from '../support/seatClient.js';
import { makeTempDir } from '../support/tempDir.js';

/**
 * Supervisor acts of issue 12, on each engine (an in-process backend, seats of bj.agent1, bj.super
 * and gz.super, each on its own link):
 * - duplicates approved with a reason: bj.agent1 files an order that an open one may duplicate,
 *   with her reason; it awaits bj.super, who approves it OFFLINE at his seat with his reason (the
 *   list shows it; the decision waits in the outbox); once synced the backend holds the decision
 *   and exactly one duplicate_approved event authored by bj.super carrying the reason, and
 *   bj.agent1's My work shows it approved; a second one he rejects online. The backend refuses a
 *   decision without a reason, twice, by an agent, by another branch's supervisor, by headquarters,
 *   and on an order that was no duplicate — each refusal named, nothing written. Until approved
 *   (and once rejected) the order is not dispatched: refused at the seat and at the backend.
 * - a supervisor's owner change of an order neither his nor to himself (a reassignment) needs its
 *   reason at the backend as at the seat: refused (details_required, 400 on REST writes) naming handoverNote.
 */
const AGENT_REASON = '客户说上次的师傅没修好，另开一单';
const APPROVAL = '同一台机器第二次报修，同意另派网点';
const REJECTION = '与原工单重复，请在原工单上跟进';

async function push(url: string, authorization: string, seatId: string, mutations: Mutation[]): Promise<MutationResult[]> {
  const response = await fetch(`${url}/sync/push`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify({ seatId, mutations }) });
  expect(response.status, await response.clone().text()).toBe(200);
  return SyncPushResponse.parse(await response.json()).results;
}

const update = (entityId: string, patch: Record<string, unknown>, baseVersion: number): Mutation => ({ mutationId: randomUUID(), entity: 'serviceOrder', entityId, op: 'update', baseVersion, patch });

async function refusalOf(call: Promise<unknown>): Promise<{ code: string; details: { code: string; field?: string } }> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  if (!error) throw new Error('expected a refusal');
  return error as never;
}

describe.each(testEngines())('supervisor acts on %s: duplicates approved with a reason, reassignment reasons', (engine) => {
  const tmp = makeTempDir(`duplicate-review-${engine}`);
  let stack: SeatedBackend;
  let agent: SeatClient;
  let supervisor: SeatClient;
  let otherSupervisor: SeatClient;
  let ids: Record<'agent1' | 'agent2' | 'super', string>;
  let auth: Record<'agent1' | 'super' | 'gzSuper' | 'hq', string>;

  beforeAll(async () => {
    stack = await startSeatedBackend(engine, tmp.dir, { logins: ['bj.agent1', 'bj.super', 'gz.super'], customers: 40 });
    [agent, supervisor, otherSupervisor] = stack.seats.clients as [SeatClient, SeatClient, SeatClient];
    const agents = await stack.database.db.selectFrom('agents').select(['id', 'login']).execute();
    const id = (login: string) => agents.find((a) => a.login === login)!.id;
    ids = { agent1: id('bj.agent1'), agent2: id('bj.agent2'), super: id('bj.super') };
    auth = { agent1: await bearerOf(stack.url, 'bj.agent1'), super: await bearerOf(stack.url, 'bj.super'), gzSuper: await bearerOf(stack.url, 'gz.super'), hq: await bearerOf(stack.url, 'hq.admin') };
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    tmp.cleanup();
  });

  /** The order's decision as the backend stores it (JSON text, the text null when none) and its version. */
  const stored = async (orderId: string) => {
    const row = await stack.database.db.selectFrom('serviceOrders').select(['duplicateReview', 'version']).where('id', '=', orderId).executeTakeFirstOrThrow();
    return { duplicateReview: JSON.parse(String(row.duplicateReview)) as unknown, version: row.version };
  };
  const reviewEvents = (orderId: string) =>
    stack.database.db.selectFrom('orderEvents').select(['kind', 'agentId', 'note']).where('orderId', '=', orderId).where('kind', 'in', ['duplicate_approved', 'duplicate_rejected']).execute();

  /** bj.agent1 files a second repair for a unit with an open repair: refused without her reason, made with it. */
  async function fileDuplicate(): Promise<ServiceOrder> {
    const { db } = stack.database;
    const bj = await db.selectFrom('branches').select('id').where('code', '=', 'BJ01').executeTakeFirstOrThrow();
    const taken = (await db.selectFrom('serviceOrders').select('productId').where('duplicateReason', 'is not', null).execute()).map((o) => o.productId);
    const product = await db
      .selectFrom('products')
      .innerJoin('customers', 'customers.id', 'products.customerId')
      .select(['products.id', 'products.customerId'])
      .where('customers.branchId', '=', bj.id)
      .where('products.deleted', '=', 0)
      .where('products.id', 'not in', taken.length > 0 ? (taken as string[]) : [randomUUID()])
      .orderBy('products.id')
      .executeTakeFirstOrThrow();
    const order = { customerId: product.customerId, productId: product.id, type: 'repair' as const, feeEstimate: 150, fault: '不制冷' };
    // The first repair of the unit (unless the demo made one open already): no reason asked.
    if ((await agent.orders.duplicateCheck({ customerId: order.customerId, productId: order.productId, type: 'repair' })).length === 0) {
      await agent.orders.create({ ...order, duplicateReason: null });
    }
    expect(await refusalOf(agent.orders.create({ ...order, duplicateReason: null }))).toMatchObject({ details: { code: 'order_duplicate_reason_required' } });
    const made = await agent.orders.create({ ...order, fault: '还是不制冷', duplicateReason: AGENT_REASON });
    expect(made).toMatchObject({ duplicateReason: AGENT_REASON, duplicateReview: null, status: 'new' });
    await drainOutbox(agent);
    return made;
  }

  it('bj.super approves a duplicate offline with his reason: recorded once, authored by him; bj.agent1 sees it approved in My work', async () => {
    const duplicate = await fileDuplicate();
    // Awaiting: her My work says so, and it is not dispatched yet — at her seat, nor by a crafted push.
    expect((await agent.myWork.show({ limit: 500 })).orders.find((o) => o.order.id === duplicate.id)?.order.duplicateReview).toBeNull();
    const [outlet] = await agent.orders.dispatchOptions({ orderId: duplicate.id });
    expect(await refusalOf(agent.orders.dispatch({ orderId: duplicate.id, outletId: outlet!.id, ...appointmentIn(20) }))).toMatchObject({
      code: 'invalid_transition',
      details: { code: 'dispatch_awaits_duplicate_review' },
    });
    const waiting = await stored(duplicate.id);
    const dispatchPatch = { status: 'dispatched', outletId: outlet!.id, dispatchedAt: new Date().toISOString(), ...appointmentIn(20) };
    const [pushedDispatch] = await push(stack.url, auth.agent1, 'probe-agent', [update(duplicate.id, dispatchPatch, waiting.version)]);
    expect(pushedDispatch).toMatchObject({ status: 'rejected', code: 'invalid_transition', details: { code: 'dispatch_awaits_duplicate_review' } });
    expect(await stored(duplicate.id)).toEqual(waiting);

    await drainOutbox(supervisor);
    const listed = await supervisor.orders.awaitingDuplicateReview({ limit: 100 });
    expect(listed.find((r) => r.order.id === duplicate.id)).toMatchObject({ ownerName: '李娜', order: { duplicateReason: AGENT_REASON } });
    expect(listed.every((r) => r.order.duplicateReason !== null && r.order.duplicateReview === null && OPEN_ORDER_STATUSES.includes(r.order.status))).toBe(true);

    // Refused at the seats, nothing written: the agent herself, the supervisor without a reason, another branch's supervisor (not in his cache).
    expect(await refusalOf(agent.orders.reviewDuplicate({ orderId: duplicate.id, decision: 'approved', reason: APPROVAL }))).toMatchObject({ code: 'not_permitted', details: { code: 'duplicate_review_not_team_lead' } });
    expect(await refusalOf(agent.orders.awaitingDuplicateReview({ limit: 10 }))).toMatchObject({ code: 'not_permitted' });
    expect(await refusalOf(supervisor.orders.reviewDuplicate({ orderId: duplicate.id, decision: 'approved', reason: '   ' }))).toMatchObject({
      code: 'bad_input',
      details: { code: 'duplicate_review_reason_required', field: 'reason' },
    });
    expect(await refusalOf(otherSupervisor.orders.reviewDuplicate({ orderId: duplicate.id, decision: 'approved', reason: APPROVAL }))).toMatchObject({ code: 'not_found' });
    expect((await supervisor.sync.status()).pending).toBe(0);

    // Offline at bj.super's seat: decided, gone from the list, waiting in the outbox.
    const link = stack.seats.links[1]!;
    link.setDown(true);
    const approved = await supervisor.orders.reviewDuplicate({ orderId: duplicate.id, decision: 'approved', reason: `  ${APPROVAL} ` });
    expect(approved.duplicateReview).toEqual({ decision: 'approved', reason: APPROVAL });
    expect((await supervisor.orders.awaitingDuplicateReview({ limit: 100 })).some((r) => r.order.id === duplicate.id)).toBe(false);
    expect((await supervisor.sync.status()).pending).toBe(1);
    expect(await reviewEvents(duplicate.id)).toEqual([]);
    link.setDown(false);
    await drainOutbox(supervisor);

    expect((await stored(duplicate.id)).duplicateReview).toEqual({ decision: 'approved', reason: APPROVAL });
    expect(await reviewEvents(duplicate.id)).toEqual([{ kind: 'duplicate_approved', agentId: ids.super, note: APPROVAL }]);
    expect(await supervisor.sync.deadLetters()).toEqual([]);

    // Decided once: a second decision (another seat, or the same seat again) is refused, nothing more recorded.
    const { version } = await stored(duplicate.id);
    const [again] = await push(stack.url, auth.super, 'probe-super', [update(duplicate.id, { duplicateReview: { decision: 'rejected', reason: REJECTION } }, version)]);
    expect(again).toMatchObject({ status: 'rejected', code: 'invalid_transition', details: { code: 'duplicate_review_already_decided' } });
    expect(await reviewEvents(duplicate.id)).toHaveLength(1);

    // bj.agent1's seat: My work shows the decision with the reason; the timeline has the event.
    await drainOutbox(agent);
    const row = (await agent.myWork.show({ limit: 500 })).orders.find((o) => o.order.id === duplicate.id);
    expect(row?.order.duplicateReview).toEqual({ decision: 'approved', reason: APPROVAL });
    expect((await agent.orders.timeline({ orderId: duplicate.id })).events.filter((e) => e.kind === 'duplicate_approved')).toMatchObject([{ agentId: ids.super, note: APPROVAL }]);
    // Approved: she dispatches it.
    expect((await dispatchAtSeat(agent, duplicate.id)).order.status).toBe('dispatched');
    await drainOutbox(agent);
    expect(await agent.sync.deadLetters()).toEqual([]);
  }, 240_000);

  it('the backend refuses a decision by an agent, another branch, headquarters, without a reason, on no duplicate; a rejection online is recorded once', async () => {
    const duplicate = await fileDuplicate();
    const { version } = await stored(duplicate.id);
    const decision = (reason: string) => ({ duplicateReview: { decision: 'rejected', reason } });

    const [byAgent] = await push(stack.url, auth.agent1, 'probe-agent', [update(duplicate.id, decision(REJECTION), version)]);
    expect(byAgent).toMatchObject({ status: 'rejected', code: 'not_permitted', details: { code: 'duplicate_review_not_team_lead' } });
    for (const who of ['gzSuper', 'hq'] as const) {
      const [abroad] = await push(stack.url, auth[who], `probe-${who}`, [update(duplicate.id, decision(REJECTION), version)]);
      expect(abroad, who).toMatchObject({ status: 'rejected', code: 'out_of_scope' });
    }
    const [blank] = await push(stack.url, auth.super, 'probe-super', [update(duplicate.id, decision('  '), version)]);
    expect(blank).toMatchObject({ status: 'rejected', code: 'details_required', details: { code: 'duplicate_review_reason_required', field: 'duplicateReview' } });
    const [missing] = await push(stack.url, auth.super, 'probe-super', [update(duplicate.id, { duplicateReview: { decision: 'approved' } }, version)]);
    expect(missing).toMatchObject({ status: 'rejected', code: 'bad_patch' });
    expect((missing as { message: string }).message).toMatch(/duplicateReview/);
    // An order made without a duplicate reason has nothing to approve.
    const plain = await stack.database.db.selectFrom('serviceOrders').select(['id', 'version']).where('duplicateReason', 'is', null).where('ownerAgentId', '=', ids.agent1).where('status', '=', 'new').executeTakeFirstOrThrow();
    const [notDuplicate] = await push(stack.url, auth.super, 'probe-super', [update(plain.id, decision(REJECTION), plain.version)]);
    expect(notDuplicate).toMatchObject({ status: 'rejected', code: 'invalid_transition', details: { code: 'duplicate_review_not_duplicate' } });
    expect(await stored(duplicate.id)).toEqual({ duplicateReview: null, version });
    expect(await reviewEvents(duplicate.id)).toEqual([]);

    // bj.super rejects it online at his seat: once, with his reason; bj.agent1 sees it rejected.
    await drainOutbox(supervisor);
    await supervisor.orders.reviewDuplicate({ orderId: duplicate.id, decision: 'rejected', reason: REJECTION });
    await drainOutbox(supervisor);
    expect(await reviewEvents(duplicate.id)).toEqual([{ kind: 'duplicate_rejected', agentId: ids.super, note: REJECTION }]);
    await drainOutbox(agent);
    expect((await agent.myWork.show({ limit: 500 })).orders.find((o) => o.order.id === duplicate.id)?.order.duplicateReview).toEqual({ decision: 'rejected', reason: REJECTION });
    // Rejected: not dispatched; she cancels it.
    const [outlet] = await agent.orders.dispatchOptions({ orderId: duplicate.id });
    expect(await refusalOf(agent.orders.dispatch({ orderId: duplicate.id, outletId: outlet!.id, ...appointmentIn(20) }))).toMatchObject({
      code: 'invalid_transition',
      details: { code: 'dispatch_duplicate_rejected' },
    });
  }, 240_000);

  it("refuses a supervisor's reassignment without a reason at the backend (naming handoverNote) as at the seat; with one it is applied", async () => {
    const { db } = stack.database;
    const order = await db.selectFrom('serviceOrders').select(['id', 'version']).where('ownerAgentId', '=', ids.agent1).where('status', 'in', [...OPEN_ORDER_STATUSES]).where('deleted', '=', 0).orderBy('id').executeTakeFirstOrThrow();
    const ownerChanges = async () => Number((await db.selectFrom('orderEvents').select((eb) => eb.fn.countAll().as('n')).where('orderId', '=', order.id).where('kind', '=', 'owner_changed').executeTakeFirstOrThrow()).n);
    const before = await ownerChanges();

    for (const note of [undefined, null]) {
      const patch = note === undefined ? { ownerAgentId: ids.agent2 } : { ownerAgentId: ids.agent2, handoverNote: note };
      const [refused] = await push(stack.url, auth.super, 'probe-reassign', [update(order.id, patch, order.version)]);
      expect(refused, String(note)).toMatchObject({ status: 'rejected', code: 'details_required', details: { code: 'reassign_reason_required', field: 'handoverNote' } });
    }
    // A blank note is no note: refused by the field's own shape (bad_patch, also 400), naming it.
    const [blank] = await push(stack.url, auth.super, 'probe-reassign', [update(order.id, { ownerAgentId: ids.agent2, handoverNote: '   ' }, order.version)]);
    expect(blank).toMatchObject({ status: 'rejected', code: 'bad_patch' });
    expect((blank as { message: string }).message).toMatch(/^handoverNote/);
    expect(await db.selectFrom('serviceOrders').select(['ownerAgentId', 'version']).where('id', '=', order.id).executeTakeFirstOrThrow()).toEqual({ ownerAgentId: ids.agent1, version: order.version });
    expect(await ownerChanges()).toBe(before);

    // The seat asks for it too (the order card's owner change by a supervisor).
    await drainOutbox(supervisor);
    expect(await refusalOf(supervisor.orders.reassign({ orderId: order.id, ownerAgentId: ids.agent2 }))).toMatchObject({ code: 'bad_input', details: { code: 'reassign_reason_required', field: 'note' } });
    expect((await supervisor.sync.status()).pending).toBe(0);

    // Taking it over himself is no reassignment: no reason needed. With a reason, a reassignment is applied.
    const [applied] = await push(stack.url, auth.super, 'probe-reassign', [update(order.id, { ownerAgentId: ids.agent2, handoverNote: '李娜请假，王强跟进' }, order.version)]);
    expect(applied).toMatchObject({ status: 'applied' });
    const after = await db.selectFrom('serviceOrders').select('version').where('id', '=', order.id).executeTakeFirstOrThrow();
    const [takenOver] = await push(stack.url, auth.super, 'probe-reassign', [update(order.id, { ownerAgentId: ids.super }, after.version)]);
    expect(takenOver).toMatchObject({ status: 'applied' });
    expect(await ownerChanges()).toBe(before + 2);

    // A finished order's owner changes without a note (notes go with open orders only).
    const finished = await db.selectFrom('serviceOrders').select(['id', 'version']).where('ownerAgentId', '=', ids.agent1).where('status', 'in', ['closed', 'cancelled']).where('deleted', '=', 0).orderBy('id').executeTakeFirstOrThrow();
    const [moved] = await push(stack.url, auth.super, 'probe-reassign', [update(finished.id, { ownerAgentId: ids.agent2 }, finished.version)]);
    expect(moved).toMatchObject({ status: 'applied' });
  }, 120_000);
});
