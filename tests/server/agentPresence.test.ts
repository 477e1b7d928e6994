import { beforeAll, describe, expect, it } from 'vitest';
import { AgentPresence, NotReadyRequest, TeamBoard, UNREACHABLE_AFTER_MS, type PresenceReport } from '../../shared/domain/agentPresence.js';
import { connect, waitFor } from './support/eventStream.js';
import { testEngines } from './support/testDatabase.js';
import { agentIdOf, branchIdOf, useTestBackend } from './support/testBackend.js';

/**
 * Agent presence on both engines: a seat's report is stored and read on the team board; a seat
 * silent for longer than the rule says is unreachable since its last report (the backend's clock,
 * moved by the test); each report reaches the streams of the supervisors watching the branch (and
 * headquarters) live, and no one else's; a supervisor's not-ready request reaches that agent's seat
 * only. Role scopes: agents and the parts desk read no presence, another branch's supervisor reads
 * and moves none of Beijing's agents.
 */
describe.each(testEngines())('agent presence on %s', (engine) => {
  let clockMs = Date.parse('2026-12-07T02:00:00.000Z');
  const { backend, auth } = useTestBackend(
    { customers: 20, engine, clock: () => new Date(clockMs) },
    { agent1: 'bj.agent1', agent2: 'bj.agent2', bjSuper: 'bj.super', gzSuper: 'gz.super', gzAgent: 'gz.agent1', parts: 'bj.parts', hq: 'hq.admin' },
  );
  let base = '';
  beforeAll(async () => {
    base = await backend.app.listen({ port: 0, host: '127.0.0.1' });
  });

  const report = (authorization: string, body: PresenceReport | object) => backend.app.inject({ method: 'PUT', url: '/presence', headers: { authorization }, payload: body });
  const board = async (authorization: string, query = '') => {
    const answer = await backend.app.inject({ method: 'GET', url: `/presence/branch${query}`, headers: { authorization } });
    expect(answer.statusCode, answer.body).toBe(200);
    return TeamBoard.parse(answer.json());
  };
  const listen = (authorization: string) => connect(`${base}/sync/events`, { authorization });
  const rowOf = (shown: TeamBoard, login: string) => shown.rows.find((r) => r.agent.login === login);
  const at = (ms: number) => new Date(ms).toISOString();
  const eventsOf = (blocks: string[], kind: string) => blocks.filter((b) => b.startsWith(`event: ${kind}\n`)).map((b) => JSON.parse(b.split('\n')[1]!.replace(/^data: /, '')) as unknown);

  it('stores what the seat reports and shows it on its supervisor’s board, stamped with the backend’s clock', async () => {
    const call = { startedAt: at(clockMs - 5_000), direction: 'inbound', customerId: backend.households[0]!.customer.id, customerName: '张三' };
    const put = await report(auth.agent1, { state: 'on_call', reason: null, since: at(clockMs - 4_000), call });
    expect(put.statusCode, put.body).toBe(200);
    expect(AgentPresence.parse(put.json())).toMatchObject({ agentId: agentIdOf(backend, 'bj.agent1'), branchId: branchIdOf(backend, 'BJ01'), state: 'on_call', reportedAt: at(clockMs) });

    const shown = await board(auth.bjSuper);
    expect(shown.asOf).toBe(at(clockMs));
    expect(rowOf(shown, 'bj.agent1')).toMatchObject({ presence: { state: 'on_call', since: at(clockMs - 4_000), call }, unreachableSince: null });
    // An agent who never reported is listed without presence; no other branch's agent is listed.
    expect(rowOf(shown, 'bj.agent2')).toMatchObject({ presence: null, unreachableSince: null });
    expect(shown.rows.every((r) => r.agent.branchId === branchIdOf(backend, 'BJ01'))).toBe(true);
    expect(rowOf(shown, 'bj.parts')).toBeUndefined();

    // Last write wins: one row per agent.
    expect((await report(auth.agent1, { state: 'not_ready', reason: 'meal', since: at(clockMs), call: null })).statusCode).toBe(200);
    expect(rowOf(await board(auth.bjSuper), 'bj.agent1')).toMatchObject({ presence: { state: 'not_ready', reason: 'meal', call: null } });
    expect(await backend.database.db.selectFrom('agentPresence').select('agentId').where('agentId', '=', agentIdOf(backend, 'bj.agent1')).execute()).toHaveLength(1);
  });

  it('a seat silent for longer than the rule is unreachable since its last report, and reachable again when it reports', async () => {
    expect((await report(auth.agent2, { state: 'ready', reason: null, since: at(clockMs), call: null })).statusCode).toBe(200);
    const lastReport = at(clockMs);
    clockMs += UNREACHABLE_AFTER_MS;
    expect(rowOf(await board(auth.bjSuper), 'bj.agent2')).toMatchObject({ presence: { state: 'ready' }, unreachableSince: null });
    clockMs += 1;
    expect(rowOf(await board(auth.bjSuper), 'bj.agent2')).toMatchObject({ presence: { state: 'ready' }, unreachableSince: lastReport });
    clockMs += 60_000;
    expect(rowOf(await board(auth.bjSuper), 'bj.agent2')!.unreachableSince).toBe(lastReport);
    // The heartbeat comes back.
    expect((await report(auth.agent2, { state: 'ready', reason: null, since: lastReport, call: null })).statusCode).toBe(200);
    expect(rowOf(await board(auth.bjSuper), 'bj.agent2')).toMatchObject({ presence: { state: 'ready', since: lastReport, reportedAt: at(clockMs) }, unreachableSince: null });
  });

  it('refuses reports that break the model, naming the field', async () => {
    const refused = [
      { state: 'ready', reason: 'meal', since: at(clockMs), call: null },
      { state: 'dancing', reason: null, since: at(clockMs), call: null },
      { state: 'ready', reason: null, since: 'yesterday', call: null },
      { state: 'ready', reason: null, since: at(clockMs), call: { startedAt: at(clockMs), direction: 'inbound', customerId: null, customerName: null } },
      { state: 'ready', reason: null, since: at(clockMs), call: null, agentId: agentIdOf(backend, 'gz.agent1') },
    ];
    for (const body of refused) {
      const answer = await report(auth.agent1, body);
      expect(answer.statusCode, JSON.stringify(body)).toBe(400);
      expect(answer.json<{ error: { code: string } }>().error.code).toBe('bad_input');
    }
  });

  it('scopes: agents and the parts desk read no presence; a supervisor reads their branch only; headquarters every branch', async () => {
    expect((await report(auth.gzAgent, { state: 'ready', reason: null, since: at(clockMs), call: null })).statusCode).toBe(200);
    for (const who of [auth.agent1, auth.parts]) expect((await backend.app.inject({ method: 'GET', url: '/presence/branch', headers: { authorization: who } })).statusCode).toBe(403);
    const gz = branchIdOf(backend, 'GZ01');
    expect((await backend.app.inject({ method: 'GET', url: `/presence/branch?branchId=${gz}`, headers: { authorization: auth.bjSuper } })).statusCode).toBe(403);
    expect(rowOf(await board(auth.gzSuper), 'bj.agent1')).toBeUndefined();
    expect(rowOf(await board(auth.gzSuper), 'gz.agent1')).toMatchObject({ presence: { state: 'ready' } });
    const everywhere = await board(auth.hq);
    expect(rowOf(everywhere, 'bj.agent1')).toBeDefined();
    expect(rowOf(everywhere, 'gz.agent1')).toBeDefined();
    const guangzhou = await board(auth.hq, `?branchId=${gz}`);
    expect(guangzhou.rows.length).toBeGreaterThan(0);
    expect(guangzhou.rows.every((r) => r.agent.branchId === gz)).toBe(true);
  });

  it('each report reaches the streams watching its branch within a second, and no other', async () => {
    const [bjSuper, gzSuper, hq, agent2] = await Promise.all([listen(auth.bjSuper), listen(auth.gzSuper), listen(auth.hq), listen(auth.agent2)]);
    try {
      for (const stream of [bjSuper, gzSuper, hq, agent2]) await waitFor(() => stream.changes().length === 1, 2_000);
      expect((await report(auth.agent1, { state: 'ready', reason: null, since: at(clockMs), call: null })).statusCode).toBe(200);
      const agent1 = agentIdOf(backend, 'bj.agent1');
      const arrived = (stream: typeof bjSuper) => eventsOf(stream.blocks, 'presence').some((p) => AgentPresence.parse(p).agentId === agent1 && AgentPresence.parse(p).state === 'ready');
      const tookMs = await waitFor(() => arrived(bjSuper), 1_000);
      await waitFor(() => arrived(hq), 1_000);
      expect(tookMs).toBeLessThan(1_000);
      await new Promise((r) => setTimeout(r, 200));
      expect(eventsOf(gzSuper.blocks, 'presence')).toEqual([]);
      expect(eventsOf(agent2.blocks, 'presence')).toEqual([]);
    } finally {
      for (const stream of [bjSuper, gzSuper, hq, agent2]) stream.close();
    }
  });

  it("a supervisor's not-ready request reaches that agent's seat live, and only that; another branch's supervisor may not", async () => {
    const [agent1, agent2] = await Promise.all([listen(auth.agent1), listen(auth.agent2)]);
    try {
      for (const stream of [agent1, agent2]) await waitFor(() => stream.changes().length === 1, 2_000);
      const target = agentIdOf(backend, 'bj.agent1');
      const put = (authorization: string, body: object) => backend.app.inject({ method: 'POST', url: `/presence/${target}/not-ready`, headers: { authorization }, payload: body });
      expect((await put(auth.gzSuper, { reason: 'meeting' })).statusCode).toBe(403);
      expect((await put(auth.bjSuper, { reason: 'dancing' })).statusCode).toBe(400);
      expect((await put(auth.bjSuper, { reason: 'missed_call' })).statusCode).toBe(400);
      expect((await put(auth.agent2, { reason: 'meeting' })).statusCode).toBe(403);
      const accepted = await put(auth.bjSuper, { reason: 'meeting' });
      expect(accepted.statusCode, accepted.body).toBe(202);
      await waitFor(() => eventsOf(agent1.blocks, 'not_ready').length === 1, 1_000);
      expect(NotReadyRequest.parse(eventsOf(agent1.blocks, 'not_ready')[0])).toEqual({ agentId: target, reason: 'meeting', byAgentId: agentIdOf(backend, 'bj.super'), byName: '赵敏' });
      await new Promise((r) => setTimeout(r, 200));
      expect(eventsOf(agent1.blocks, 'not_ready')).toHaveLength(1);
      expect(eventsOf(agent2.blocks, 'not_ready')).toEqual([]);
      // A supervisor's request for an agent who does not exist: 404.
      expect((await backend.app.inject({ method: 'POST', url: `/presence/${crypto.randomUUID()}/not-ready`, headers: { authorization: auth.bjSuper }, payload: { reason: 'meeting' } })).statusCode).toBe(404);
    } finally {
      for (const stream of [agent1, agent2]) stream.close();
    }
  });
});
