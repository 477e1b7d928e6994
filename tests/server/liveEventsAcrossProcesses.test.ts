import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../server/app.js';
import { openServerDatabase, type ServerDatabase } from '../../server/db/openServerDatabase.js';
import type { Mutation } from '../../shared/api/syncPush.js';
import { COALESCE_MS } from '../../server/sync/changeNotifier.js';
import { connect, createCustomers, waitFor } from './support/eventStream.js';
import { branchIdOf, startTestBackend, type TestBackend } from './support/testBackend.js';
import { testEngines } from './support/testDatabase.js';

async function listening(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}

/**
 * Two API processes on one PostgreSQL (two servers with their own pools and notifiers, as two
 * processes have): a write through one wakes the seats listening on the other (LISTEN/NOTIFY).
 */
describe.skipIf(!testEngines().includes('postgres'))('live events across API processes on PostgreSQL', () => {
  let first: TestBackend;
  let secondDatabase: ServerDatabase;
  let second: FastifyInstance;
  let firstBase: string;
  let secondBase: string;
  let bjToken: string;
  let gzToken: string;
  beforeAll(async () => {
    first = await startTestBackend({ customers: 20, engine: 'postgres' });
    secondDatabase = openServerDatabase(first.databaseUrl);
    second = buildServer({ database: secondDatabase });
    firstBase = await listening(first.app);
    secondBase = await listening(second);
    bjToken = await first.bearer('bj.agent1');
    gzToken = await first.bearer('gz.agent1');
  });
  afterAll(async () => {
    await second.close();
    await secondDatabase.close();
    await first.close();
  });

  it("a push through one process wakes the branch's seat listening on the other, with the scope's head, and no other branch", async () => {
    const bj = await connect(`${secondBase}/sync/events`, { authorization: bjToken });
    const gz = await connect(`${secondBase}/sync/events`, { authorization: gzToken });
    await waitFor(() => bj.changes().length === 1 && gz.changes().length === 1, 2_000);

    const customer = await first.database.db.selectFrom('customers').select(['id', 'version']).where('branchId', '=', branchIdOf(first, 'BJ01')).executeTakeFirstOrThrow();
    const pushed: Mutation = { mutationId: randomUUID(), entity: 'customer', entityId: customer.id, op: 'update', baseVersion: customer.version, patch: { address: '跨进程 1 号' } };
    const response = await fetch(`${firstBase}/sync/push`, {
      method: 'POST',
      headers: { authorization: await first.bearer('bj.agent2'), 'content-type': 'application/json' },
      body: JSON.stringify({ seatId: 'seat-other', mutations: [pushed] }),
    });
    const { results } = (await response.json()) as { results: Array<{ status: string; version: number }> };
    expect(results[0]?.status).toBe('applied');

    const latency = await waitFor(() => bj.changes().length === 2, 2_000);
    expect(latency).toBeLessThan(1_000);
    expect(bj.changes()[1]).toEqual({ headSeq: results[0]?.version });
    // The head the event carries is the one a pull reports: a seat at that cursor need not pull.
    const pull = await fetch(`${secondBase}/sync/pull?cursor=${results[0]?.version}&limit=10`, { headers: { authorization: bjToken } });
    expect(await pull.json()).toMatchObject({ changes: [], headSeq: results[0]?.version });
    await new Promise((r) => setTimeout(r, 300));
    expect(gz.changes()).toHaveLength(1);
    bj.close();
    gz.close();
  });

  it('a burst of writes through one process reaches a seat on the other as at most one wake-up per coalescing window, the last with the newest head', async () => {
    const bj = await connect(`${secondBase}/sync/events`, { authorization: bjToken });
    await waitFor(() => bj.changes().length === 1, 2_000);
    const burstStart = Date.now();
    const versions = await createCustomers(firstBase, await first.bearer('bj.agent2'), 20);
    const burstMs = Date.now() - burstStart;
    await waitFor(() => bj.changes().at(-1)?.headSeq === Math.max(...versions), 2_000);
    await new Promise((r) => setTimeout(r, 300));
    // One wake-up per commit would be 20; coalesced, at most one per COALESCE_MS of the burst.
    const wakeUps = bj.changes().length - 1;
    expect(wakeUps).toBeLessThanOrEqual(Math.ceil(burstMs / COALESCE_MS) + 1);
    expect(wakeUps).toBeLessThan(versions.length);
    bj.close();
  });
});
