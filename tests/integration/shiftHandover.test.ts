import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialectName } from '../../server/db/openServerDatabase.js';
import { DEMO_PASSWORD } from '../../server/seed/demoLogins.js';
import { SyncPushResponse, type Mutation, type MutationResult } from '../../shared/api/syncPush.js';
import { HANDOVER_NOTE_MAX } from '../../shared/domain/serviceOrder.js';
import { testEngines } from '../server/support/testDatabase.js';
import type { SeatClient } from '../support/seatClient.js';
import { loseFirstPushAnswerOf, refusalOf, type PushTally } from '../support/lostPushAnswer.js';
import { drainOutboxThroughFaults, startSeatedBackend, type SeatedBackend } from '../support/seatedBackend.js';
import { makeTempDir } from '../support/tempDir.js';

/**
 * The shift handover end to end, on each engine: an in-process backend and three seats of BJ01
 * (bj.agent1 hands over; bj.agent2 and the supervisor bj.super receive), each on its own link.
 * bj.agent1 hands over while her link is down; then it comes back flaky (dropped, delayed and cut connections) and the backend loses the
 * answer to the first push that carries the handover after committing it, so the seat pushes the
 * same mutations again: each of the 50 orders must end with its new owner and exactly one
 * owner_changed event carrying the note. bj.agent2 gets them by live event (no sync asked);
 * bj.super's seat is offline meanwhile and gets its share when it syncs.
 */

const ORDERS = 50;
const NOTE = '交班：客户约了明天上午回电';
const OWN_NOTE = '备件已到网点，提醒师傅带上';

/** The backend, and how often each handover mutation reached its push route. */
type Stack = SeatedBackend & PushTally;

async function startStack(engine: DialectName, dir: string): Promise<Stack> {
  let tally: PushTally | undefined;
  const backend = await startSeatedBackend(engine, dir, {
    logins: ['bj.agent1', 'bj.agent2', 'bj.super'],
    customers: 60,
    linkFaults: { drop: 0.2, delay: 0.3, delayMs: [20, 200], cutResponse: 0.3 },
    beforeListen(app) {
      tally = loseFirstPushAnswerOf(app, (m) => typeof m.patch.handoverNote === 'string');
    },
  });
  return Object.assign(tally!, backend);
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const start = Date.now();
  for (;;) {
    if (await check()) return Date.now() - start;
    if (Date.now() - start > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.each(testEngines())('shift handover on %s', (engine) => {
  const tmp = makeTempDir(`shift-handover-${engine}`);
  let stack: Stack;
  let ids: Record<'agent1' | 'agent2' | 'super' | 'gz1' | 'parts', string>;
  beforeAll(async () => {
    stack = await startStack(engine, tmp.dir);
    const agents = await stack.database.db.selectFrom('agents').select(['id', 'login']).execute();
    const id = (login: string) => agents.find((a) => a.login === login)!.id;
    ids = { agent1: id('bj.agent1'), agent2: id('bj.agent2'), super: id('bj.super'), gz1: id('gz.agent1'), parts: id('bj.parts') };
  });
  afterAll(async () => {
    await stack?.close();
    tmp.cleanup();
  });

  it(`hands ${ORDERS} open orders over in one step, exactly once through a flaky link; the receivers' seats get them live or when they sync`, async () => {
    const [a, b, c] = stack.seats.clients as [SeatClient, SeatClient, SeatClient];
    const [linkA, , linkC] = stack.seats.links;

    // bj.agent1 makes 50 orders (on a clean link), so the handover is of known open orders of hers.
    const bj = await stack.database.db.selectFrom('branches').select('id').where('code', '=', 'BJ01').executeTakeFirstOrThrow();
    const customers = await stack.database.db.selectFrom('customers').select('id').where('branchId', '=', bj.id).where('deleted', '=', 0).orderBy('id').limit(50).execute();
    expect(customers.length).toBeGreaterThan(5);
    const made: string[] = [];
    for (let i = 0; i < ORDERS; i++) {
      const order = await a.orders.create({ customerId: customers[i % customers.length]!.id, productId: null, type: 'inquiry', fault: `交班测试 ${i}`, feeEstimate: null, duplicateReason: null });
      made.push(order.id);
    }
    await drainOutboxThroughFaults(a);
    await b.sync.now();
    const draft = await a.orders.handoverDraft();
    expect(draft.orders.map((o) => o.order.id)).toEqual(expect.arrayContaining(made));
    expect(draft.receivers.map((r) => r.agent.login).sort()).toEqual(['bj.agent2', 'bj.super']); // not bj.parts, hq.admin or herself
    const heldByB = new Set((await b.orders.handoverDraft()).orders.map((o) => o.order.id));

    // The refusals first: each leaves nothing written (no owner changed, nothing queued).
    const before = (await a.sync.status()).pending;
    const abroad = await refusalOf(a.orders.handOver({ orderIds: made, toAgentIds: [ids.agent2, ids.gz1], note: NOTE }));
    expect(abroad).toMatchObject({ code: 'bad_input', details: { code: 'handover_receiver_unknown', params: { agentId: ids.gz1 } } });
    const partsDesk = await refusalOf(a.orders.handOver({ orderIds: made, toAgentIds: [ids.parts], note: NOTE }));
    expect(partsDesk).toMatchObject({ details: { code: 'handover_receiver_cannot_hold', params: { login: 'bj.parts', role: 'parts_desk' } } });
    const tooLong = await refusalOf(a.orders.handOver({ orderIds: made, toAgentIds: [ids.agent2], note: 'x'.repeat(HANDOVER_NOTE_MAX + 1) }));
    expect(tooLong).toMatchObject({ details: { code: 'handover_note_too_long', params: { maxLength: HANDOVER_NOTE_MAX } } });
    expect((await a.sync.status()).pending).toBe(before);
    expect((await a.orders.handoverDraft()).orders.filter((o) => made.includes(o.order.id))).toHaveLength(ORDERS);

    // bj.super's seat goes offline, and so does bj.agent1's: the handover is made offline, in one step.
    linkC!.setDown(true);
    linkA!.setDown(true);
    const handOverStarted = performance.now();
    const result = await a.orders.handOver({
      orderIds: made,
      toAgentIds: [ids.agent2, ids.super],
      distribution: 'round_robin',
      note: NOTE,
      orderNotes: { [made[7]!]: OWN_NOTE },
    });
    const atSeatMs = performance.now() - handOverStarted;
    expect(result.receivers).toEqual([
      { agentId: ids.agent2, displayName: '王强', login: 'bj.agent2', count: 25 },
      { agentId: ids.super, displayName: '赵敏', login: 'bj.super', count: 25 },
    ]);
    const expectedOwner = new Map(result.assignments.map((x) => [x.orderId, x.toAgentId]));
    const expectedNote = new Map(result.assignments.map((x) => [x.orderId, x.note]));
    expect(expectedNote.get(made[7]!)).toBe(OWN_NOTE);
    expect(expectedNote.get(made[8]!)).toBe(NOTE);
    // At once at the seat (offline-first): they are no longer hers, 50 owner changes wait to upload.
    expect((await a.orders.handoverDraft()).orders.filter((o) => made.includes(o.order.id))).toEqual([]);
    expect((await a.sync.status()).pending).toBe(before + ORDERS);
    expect(await a.sync.now()).toMatchObject({ online: false, pending: before + ORDERS });

    // The link comes back, flaky: dropped, delayed and cut connections.
    linkA!.setDown(false);
    linkA!.setFaults(true);
    const pushedAt = Date.now();
    await drainOutboxThroughFaults(a);
    const uploadMs = Date.now() - pushedAt;
    const toB = made.filter((id) => expectedOwner.get(id) === ids.agent2);
    // bj.agent2's seat is never asked to sync: the live event brings its 25 orders.
    const liveMs = await waitFor(
      "bj.agent2's seat has its orders",
      async () => {
        const mine = new Set((await b.orders.handoverDraft()).orders.map((o) => o.order.id));
        return toB.every((id) => mine.has(id));
      },
      10_000,
    );
    const mineAtB = (await b.orders.handoverDraft()).orders.filter((o) => made.includes(o.order.id));
    expect(mineAtB.map((o) => o.order.id).sort()).toEqual([...toB].sort());
    expect(mineAtB.every((o) => !heldByB.has(o.order.id))).toBe(true);
    const timeline = await b.orders.timeline({ orderId: toB[0]! });
    expect(timeline.events.filter((e) => e.kind === 'owner_changed')).toEqual([
      expect.objectContaining({ fromOwnerAgentId: ids.agent1, toOwnerAgentId: ids.agent2, note: expectedNote.get(toB[0]!), agentId: ids.agent1 }),
    ]);

    // bj.super's seat was offline: its share arrives when it syncs.
    const toC = made.filter((id) => expectedOwner.get(id) === ids.super);
    expect((await c.orders.handoverDraft()).orders.filter((o) => made.includes(o.order.id))).toEqual([]);
    linkC!.setDown(false);
    await drainOutboxThroughFaults(c);
    expect((await c.orders.handoverDraft()).orders.filter((o) => made.includes(o.order.id)).map((o) => o.order.id).sort()).toEqual([...toC].sort());
    const ownNote = await c.orders.timeline({ orderId: made[7]! }).catch(() => b.orders.timeline({ orderId: made[7]! }));
    expect(ownNote.events.find((e) => e.kind === 'owner_changed')?.note).toBe(OWN_NOTE);

    // The backend: each order with its new owner and note, exactly one owner_changed event each.
    const { db } = stack.database;
    const rows = await db.selectFrom('serviceOrders').select(['id', 'ownerAgentId', 'handoverNote']).where('id', 'in', made).execute();
    expect(rows).toHaveLength(ORDERS);
    for (const row of rows) expect(row, row.id).toEqual({ id: row.id, ownerAgentId: expectedOwner.get(row.id), handoverNote: expectedNote.get(row.id) });
    const events = await db.selectFrom('orderEvents').select(['orderId', 'fromOwnerAgentId', 'toOwnerAgentId', 'note']).where('orderId', 'in', made).where('kind', '=', 'owner_changed').execute();
    expect(events).toHaveLength(ORDERS);
    for (const id of made) {
      expect(events.filter((e) => e.orderId === id), id).toEqual([{ orderId: id, fromOwnerAgentId: ids.agent1, toOwnerAgentId: expectedOwner.get(id), note: expectedNote.get(id) }]);
    }
    // The answer to the handover's push was lost after its commit: the same mutations came again.
    expect(stack.lostAnswers).toBe(1);
    const replayed = [...stack.received.values()].filter((n) => n > 1).length;
    expect(stack.received.size).toBe(ORDERS);
    expect(replayed).toBeGreaterThan(0);
    expect(await a.sync.deadLetters()).toEqual([]);
    console.log(
      `[${engine}] handover of ${ORDERS} orders: written at the seat in ${atSeatMs.toFixed(0)} ms; uploaded through the flaky link in ${uploadMs} ms (${linkA!.counts.dropped} dropped, ${linkA!.counts.cut} cut, ` +
        `${replayed} mutations pushed more than once, ${Math.max(...stack.received.values())} times at most); bj.agent2's seat had its ${toB.length} by live event ${liveMs} ms after the upload`,
    );
    linkA!.setFaults(false);
  }, 300_000);

  it('the backend refuses an owner change to an agent of another branch naming him, to the parts desk, and a note on a finished order', async () => {
    const login = await fetch(`${stack.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'bj.agent2', password: DEMO_PASSWORD }) });
    const authorization = `Bearer ${((await login.json()) as { token: string }).token}`;
    const { db } = stack.database;
    const mineOpen = await db.selectFrom('serviceOrders').select(['id', 'version']).where('ownerAgentId', '=', ids.agent2).where('status', '=', 'new').where('deleted', '=', 0).orderBy('id').limit(2).execute();
    const finished = await db.selectFrom('serviceOrders').select(['id', 'version', 'orderNumber']).where('ownerAgentId', '=', ids.agent2).where('status', 'in', ['completed', 'closed']).where('deleted', '=', 0).orderBy('id').executeTakeFirstOrThrow();
    const touched = [mineOpen[0]!.id, mineOpen[1]!.id, finished.id];
    const state = () => db.selectFrom('serviceOrders').select(['id', 'ownerAgentId', 'handoverNote', 'version']).where('id', 'in', touched).orderBy('id').execute();
    const beforeRefusals = await state();
    const update = (id: string, version: number, patch: Record<string, unknown>): Mutation => ({ mutationId: randomUUID(), entity: 'serviceOrder', entityId: id, op: 'update', baseVersion: version, patch });
    const push = async (mutations: Mutation[]): Promise<MutationResult[]> => {
      const response = await fetch(`${stack.url}/sync/push`, { method: 'POST', headers: { authorization, 'content-type': 'application/json' }, body: JSON.stringify({ seatId: 'crafted', mutations }) });
      expect(response.status).toBe(200);
      return SyncPushResponse.parse(await response.json()).results;
    };
    const [abroad, partsDesk, lateNote] = await push([
      update(mineOpen[0]!.id, mineOpen[0]!.version, { ownerAgentId: ids.gz1, handoverNote: NOTE }),
      update(mineOpen[1]!.id, mineOpen[1]!.version, { ownerAgentId: ids.parts, handoverNote: NOTE }),
      update(finished.id, finished.version, { ownerAgentId: ids.agent1, handoverNote: NOTE }),
    ]);
    expect(abroad).toMatchObject({ status: 'rejected', code: 'invalid_reference', details: { code: 'handover_receiver_other_branch', params: { agentName: '陈静', login: 'gz.agent1' } } });
    expect(abroad!.status === 'rejected' && abroad!.message).toContain('陈静 (gz.agent1) is an agent of another branch');
    expect(partsDesk).toMatchObject({ status: 'rejected', code: 'invalid_reference', details: { code: 'handover_receiver_cannot_hold', params: { login: 'bj.parts' } } });
    expect(lateNote).toMatchObject({ status: 'rejected', code: 'invalid_transition', details: { code: 'handover_order_not_open', params: { orderNumber: finished.orderNumber } } });
    // Nothing of them was written.
    expect(await state()).toEqual(beforeRefusals);
    expect(beforeRefusals.every((o) => o.ownerAgentId === ids.agent2)).toBe(true);
    const events = await db.selectFrom('orderEvents').select('id').where('orderId', 'in', [mineOpen[0]!.id, mineOpen[1]!.id, finished.id]).where('kind', '=', 'owner_changed').where('toOwnerAgentId', 'in', [ids.gz1, ids.parts, ids.agent1]).execute();
    expect(events).toEqual([]);

    // An owner change without a note clears the last handover's note (it stays on that event).
    const [plain] = await push([update(mineOpen[0]!.id, mineOpen[0]!.version, { ownerAgentId: ids.super })]);
    expect(plain).toMatchObject({ status: 'applied' });
    const [event] = await db.selectFrom('orderEvents').select(['note', 'toOwnerAgentId']).where('orderId', '=', mineOpen[0]!.id).where('kind', '=', 'owner_changed').orderBy('seq', 'desc').limit(1).execute();
    expect(event).toEqual({ note: null, toOwnerAgentId: ids.super });
  });
});
