import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DialectName } from '../../server/db/openServerDatabase.js';
import { OPEN_ORDER_STATUSES } from '../../shared/domain/serviceOrder.js';
import { testEngines } from '../server/support/testDatabase.js';
import { loseFirstPushAnswerOf, refusalOf, type PushTally } from '../support/lostPushAnswer.js';
import type { SeatClient } from '../support/seatClient.js';
import { drainOutboxThroughFaults, startSeatedBackend, type SeatedBackend } from '../support/seatedBackend.js';
import { makeTempDir } from '../support/tempDir.js';

/**
 * A supervisor reassigns ALL the open orders of an agent who leaves (issue 12, "supervisor acts"),
 * on each engine: an in-process backend and three seats of BJ01 — bj.agent1 (whose orders they are),
 * bj.agent2 (a receiver) and bj.super (who reassigns, and receives a share), each on its own link.
 * bj.super reassigns while their link is down (offline-first: one owner change per order waits in
 * the outbox); the link comes back flaky and the backend loses the answer to the first push that
 * carries them after committing it, so the seat pushes the same mutations again. Every order must
 * end with its new owner and exactly ONE owner_changed event authored by bj.super, from bj.agent1,
 * carrying the reason; bj.agent2's My work lists hers as new, naming bj.super and the reason.
 */

const MADE = 12;
const REASON = '李娜今日离岗，工单由班组其他人跟进';

const carriesReason = (patch: Record<string, unknown>) => patch.handoverNote === REASON;

/** The backend, and how often each reassignment mutation reached its push route. */
type Stack = SeatedBackend & PushTally;

async function startStack(engine: DialectName, dir: string): Promise<Stack> {
  let tally: PushTally | undefined;
  const backend = await startSeatedBackend(engine, dir, {
    logins: ['bj.agent1', 'bj.agent2', 'bj.super'],
    customers: 60,
    linkFaults: { drop: 0.2, delay: 0.3, delayMs: [20, 200], cutResponse: 0.3 },
    beforeListen(app) {
      tally = loseFirstPushAnswerOf(app, (m) => carriesReason(m.patch));
    },
  });
  return Object.assign(tally!, backend);
}

describe.each(testEngines())('a supervisor reassigns an agent’s orders on %s', (engine) => {
  const tmp = makeTempDir(`team-reassign-${engine}`);
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

  it('reassigns all of them offline in one step, exactly once through a flaky link; the receiver sees them new with the supervisor and the reason', async () => {
    const [a, b, c] = stack.seats.clients as [SeatClient, SeatClient, SeatClient];
    const [, , linkC] = stack.seats.links;
    const { db } = stack.database;

    // bj.agent1 makes a few more orders, so she holds seeded and new open orders.
    const bj = await db.selectFrom('branches').select('id').where('code', '=', 'BJ01').executeTakeFirstOrThrow();
    const customers = await db.selectFrom('customers').select('id').where('branchId', '=', bj.id).where('deleted', '=', 0).orderBy('id').limit(MADE).execute();
    for (let i = 0; i < MADE; i++) await a.orders.create({ customerId: customers[i % customers.length]!.id, productId: null, type: 'inquiry', fault: `改派测试 ${i}`, feeEstimate: null, duplicateReason: null });
    await drainOutboxThroughFaults(a);
    await drainOutboxThroughFaults(c);
    await b.sync.now();
    const hers = (await db.selectFrom('serviceOrders').select('id').where('ownerAgentId', '=', ids.agent1).where('status', 'in', [...OPEN_ORDER_STATUSES]).where('deleted', '=', 0).execute()).map((o) => o.id);
    expect(hers.length).toBeGreaterThanOrEqual(MADE);

    // The supervisor's dialog: her open orders (as the backend has them), who may take them (not her, not the parts desk or headquarters).
    const draft = await c.team.reassignDraft({ agentId: ids.agent1 });
    expect(draft.agent.login).toBe('bj.agent1');
    expect(draft.orders.map((o) => o.order.id).sort()).toEqual([...hers].sort());
    expect(draft.receivers.map((r) => r.agent.login).sort()).toEqual(['bj.agent2', 'bj.super']);

    // Refusals at the seat leave nothing written: no reason, another branch's agent, the parts desk, an agent (not a supervisor).
    const before = (await c.sync.status()).pending;
    expect(await refusalOf(c.team.reassign({ fromAgentId: ids.agent1, orderIds: 'all', toAgentIds: [ids.agent2], reason: '  ' }))).toMatchObject({ code: 'bad_input', details: { code: 'reassign_reason_required' } });
    expect(await refusalOf(c.team.reassign({ fromAgentId: ids.agent1, orderIds: 'all', toAgentIds: [ids.agent2, ids.gz1], reason: REASON }))).toMatchObject({
      details: { code: 'handover_receiver_unknown', params: { agentId: ids.gz1 } },
    });
    expect(await refusalOf(c.team.reassign({ fromAgentId: ids.agent1, orderIds: 'all', toAgentIds: [ids.parts], reason: REASON }))).toMatchObject({
      details: { code: 'handover_receiver_cannot_hold', params: { login: 'bj.parts' } },
    });
    expect(await refusalOf(c.team.reassign({ fromAgentId: ids.agent1, orderIds: 'all', toAgentIds: [ids.agent1], reason: REASON }))).toMatchObject({ details: { code: 'reassign_to_same_agent' } });
    expect(await refusalOf(b.team.reassign({ fromAgentId: ids.agent1, orderIds: 'all', toAgentIds: [ids.agent2], reason: REASON }))).toMatchObject({ code: 'not_permitted', details: { code: 'reassign_not_team_lead' } });
    expect(await refusalOf(b.team.reassignDraft({ agentId: ids.agent1 }))).toMatchObject({ code: 'not_permitted' });
    expect((await c.sync.status()).pending).toBe(before);
    expect((await b.sync.status()).pending).toBe(0);

    // Offline at the supervisor's seat: all of them, least loaded first, in one step.
    linkC!.setDown(true);
    const result = await c.team.reassign({ fromAgentId: ids.agent1, orderIds: 'all', toAgentIds: [ids.agent2, ids.super], distribution: 'least_loaded', reason: REASON });
    expect(result.assignments.map((x) => x.orderId).sort()).toEqual([...hers].sort());
    expect(result.assignments.every((x) => x.note === REASON)).toBe(true);
    expect(result.receivers.map((r) => r.count).reduce((x, y) => x + y, 0)).toBe(hers.length);
    expect(result.receivers.every((r) => r.count > 0)).toBe(true);
    const expectedOwner = new Map(result.assignments.map((x) => [x.orderId, x.toAgentId]));
    expect((await c.team.reassignDraft({ agentId: ids.agent1 })).orders).toEqual([]);
    expect((await c.sync.status()).pending).toBe(before + hers.length);

    // The link comes back, flaky.
    linkC!.setDown(false);
    linkC!.setFaults(true);
    await drainOutboxThroughFaults(c);
    linkC!.setFaults(false);

    // The backend: each order with its new owner and the reason; exactly one owner_changed event each, by bj.super, from bj.agent1.
    const rows = await db.selectFrom('serviceOrders').select(['id', 'ownerAgentId', 'handoverNote']).where('id', 'in', hers).execute();
    for (const row of rows) expect(row, row.id).toEqual({ id: row.id, ownerAgentId: expectedOwner.get(row.id), handoverNote: REASON });
    const events = await db.selectFrom('orderEvents').select(['orderId', 'agentId', 'fromOwnerAgentId', 'toOwnerAgentId', 'note']).where('orderId', 'in', hers).where('kind', '=', 'owner_changed').where('agentId', '=', ids.super).execute();
    expect(events).toHaveLength(hers.length);
    for (const id of hers) {
      expect(events.filter((e) => e.orderId === id), id).toEqual([{ orderId: id, agentId: ids.super, fromOwnerAgentId: ids.agent1, toOwnerAgentId: expectedOwner.get(id), note: REASON }]);
    }
    expect(stack.lostAnswers).toBe(1);
    expect(stack.received.size).toBe(hers.length);
    expect([...stack.received.values()].some((n) => n > 1)).toBe(true);
    expect(await c.sync.deadLetters()).toEqual([]);

    // bj.agent2's My work: hers, new, reassigned by 赵敏 (from 李娜) with the reason.
    const toB = hers.filter((id) => expectedOwner.get(id) === ids.agent2);
    await drainOutboxThroughFaults(b);
    const work = await b.myWork.show({ limit: 500 });
    const listed = work.handovers.filter((h) => toB.includes(h.orderId));
    expect(listed.map((h) => h.orderId).sort()).toEqual([...toB].sort());
    for (const h of listed) expect(h).toMatchObject({ isNew: true, fromAgentName: '李娜', byAgentId: ids.super, byAgentName: '赵敏', note: REASON });
    // And bj.agent1 holds none of them any more.
    await drainOutboxThroughFaults(a);
    expect((await a.orders.handoverDraft()).orders.filter((o) => hers.includes(o.order.id))).toEqual([]);
    console.log(`[${engine}] reassigned ${hers.length} orders of bj.agent1 (${result.receivers.map((r) => `${r.login} ${r.count}`).join(', ')}); ${[...stack.received.values()].filter((n) => n > 1).length} mutations pushed more than once`);
  }, 300_000);
});
