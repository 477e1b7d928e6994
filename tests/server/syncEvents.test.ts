import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mutation } from '../../shared/api/syncPush.js';
import { COALESCE_MS } from '../../server/sync/changeNotifier.js';
import { connect, waitFor } from './support/eventStream.js';
import { branchIdOf, startTestBackend, type TestBackend } from './support/testBackend.js';
import { testEngines } from './support/testDatabase.js';
import { createCustomers } from './support/eventStream.js';

const HEARTBEAT_MS = 300;

describe.each(testEngines())('GET /sync/events on %s', (engine) => {
  let backend: TestBackend;
  let base: string;
  let bjToken: string;
  let gzToken: string;
  beforeAll(async () => {
    backend = await startTestBackend({ customers: 20, eventHeartbeatMs: HEARTBEAT_MS, engine });
    await backend.app.listen({ port: 0, host: '127.0.0.1' });
    const address = backend.app.server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    bjToken = (await backend.bearer('bj.agent1')).replace('Bearer ', '');
    gzToken = (await backend.bearer('gz.agent1')).replace('Bearer ', '');
  });
  afterAll(() => backend.close());

  it("tells a same-branch client of another seat's push within a second, and the other branch nothing", async () => {
    const bj = await connect(`${base}/sync/events`, { authorization: `Bearer ${bjToken}` });
    const gz = await connect(`${base}/sync/events?token=${encodeURIComponent(gzToken)}`);
    expect(bj.status).toBe(200);
    expect(bj.contentType).toMatch(/^text\/event-stream/);
    // On connect: the branch's current head, so a seat knows at once whether to pull.
    await waitFor(() => bj.changes().length === 1 && gz.changes().length === 1, 2_000);

    const bjBranch = branchIdOf(backend, 'BJ01');
    const customer = await backend.database.db.selectFrom('customers').select(['id', 'version']).where('branchId', '=', bjBranch).executeTakeFirstOrThrow();
    const pushed: Mutation = { mutationId: randomUUID(), entity: 'customer', entityId: customer.id, op: 'update', baseVersion: customer.version, patch: { address: '海淀区新地址 1 号' } };
    const response = await backend.app.inject({
      method: 'POST',
      url: '/sync/push',
      headers: { authorization: await backend.bearer('bj.agent2') },
      payload: { seatId: 'seat-02', mutations: [pushed] },
    });
    const [result] = response.json().results;
    expect(result.status).toBe('applied');

    const latency = await waitFor(() => bj.changes().length === 2, 1_000);
    expect(latency).toBeLessThan(1_000);
    expect(bj.changes()[1]).toEqual({ headSeq: result.version });
    await new Promise((r) => setTimeout(r, 300));
    expect(gz.changes()).toHaveLength(1);
    bj.close();
    gz.close();
  });

  it('coalesces a burst of writes to its branch into at most one wake-up per coalescing window, the last with the newest head', async () => {
    const bj = await connect(`${base}/sync/events`, { authorization: `Bearer ${bjToken}` });
    await waitFor(() => bj.changes().length === 1, 2_000);
    const burstStart = Date.now();
    const versions = await createCustomers(base, `Bearer ${bjToken}`, 20);
    const burstMs = Date.now() - burstStart;
    await waitFor(() => bj.changes().at(-1)?.headSeq === Math.max(...versions), 2_000);
    await new Promise((r) => setTimeout(r, 300));
    // One wake-up per commit would be 20; coalesced, at most one per COALESCE_MS of the burst.
    const wakeUps = bj.changes().length - 1;
    expect(wakeUps).toBeLessThanOrEqual(Math.ceil(burstMs / COALESCE_MS) + 1);
    expect(wakeUps).toBeLessThan(versions.length);
    bj.close();
  });

  it('sends a comment heartbeat', async () => {
    const client = await connect(`${base}/sync/events`, { authorization: `Bearer ${bjToken}` });
    await waitFor(() => client.blocks.some((b) => b.startsWith(': heartbeat')), HEARTBEAT_MS * 5);
    client.close();
  });

  it('needs a valid token, by header or query', async () => {
    for (const attempt of [await connect(`${base}/sync/events`), await connect(`${base}/sync/events?token=nope`)]) {
      expect(attempt.status).toBe(401);
      attempt.close();
    }
  });

  it('ends open streams when the server closes', async () => {
    const client = await connect(`${base}/sync/events`, { authorization: `Bearer ${bjToken}` });
    await waitFor(() => client.changes().length === 1, 2_000);
    await backend.app.close();
    await client.ended; // the server ended the stream: the client did not close it
  });
});
