import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServerDatabase, type ServerDatabase } from '../../server/db/openServerDatabase.js';
import { DEMO_PASSWORD } from '../../server/seed/demoLogins.js';
import { SyncPushResponse, type Mutation } from '../../shared/api/syncPush.js';
import { startTsProcess, type StartedProcess } from '../support/childProcess.js';
import { connect, waitFor } from './support/eventStream.js';
import { createTestDatabase, testEngines } from './support/testDatabase.js';

const HAPROXY = '/usr/sbin/haproxy';
const haproxyInstalled = spawnSync(HAPROXY, ['-v']).status === 0;
if (!haproxyInstalled && process.env.CI === 'true') throw new Error(`HAProxy not installed (${HAPROXY}): apt-get install -y haproxy`);
const PUSH_SIZE = 400;

/** A free TCP port on loopback, for HAProxy's front end. */
async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * The documented production layout in small: two API processes (separate `npm run server`s) on one
 * PostgreSQL behind HAProxy (round robin, health checks on /readyz). A seat's requests land on
 * both, its live events come from the process that did not take its writes, and an API process
 * killed with SIGKILL in the middle of a push loses nothing: the seat's retry, answered by the
 * other process, applies each mutation exactly once.
 */
describe.skipIf(!testEngines().includes('postgres') || !haproxyInstalled)('two API processes behind HAProxy on PostgreSQL', () => {
  let store: Awaited<ReturnType<typeof createTestDatabase>>;
  let reader: ServerDatabase;
  const apis: Array<StartedProcess & { match: RegExpMatchArray }> = [];
  let haproxy: ChildProcess;
  let dir: string;
  let base: string;

  beforeAll(async () => {
    store = await createTestDatabase('postgres');
    const env = { DATABASE_URL: store.url, SEED_CUSTOMERS: '20', PORT: '0', HOST: '127.0.0.1', TRUST_PROXY: '127.0.0.1' };
    const ready = /listening on (http:\/\/127\.0\.0\.1:(\d+))/;
    // The first migrates and seeds; the second starts on the ready database.
    apis.push(await startTsProcess('server/main.ts', env, ready));
    apis.push(await startTsProcess('server/main.ts', env, ready));
    reader = openServerDatabase(store.url);

    dir = mkdtempSync(join(tmpdir(), 'aw-haproxy-'));
    const port = await freePort();
    const config = join(dir, 'haproxy.cfg');
    writeFileSync(
      config,
      [
        'defaults',
        '  mode http',
        '  timeout connect 2s',
        '  timeout client 60s',
        '  timeout server 60s',
        '  option forwardfor',
        // A request that could not reach a process goes to the other (never one that reached it).
        '  option redispatch',
        '  retries 2',
        'frontend api',
        `  bind 127.0.0.1:${port}`,
        '  default_backend apis',
        'backend apis',
        '  balance roundrobin',
        '  option httpchk GET /readyz',
        '  http-response set-header X-Served-By %[srv_name]',
        ...apis.map((api, i) => `  server api${i} 127.0.0.1:${api.match[2]} check inter 200 fall 1 rise 2`),
        '',
      ].join('\n'),
    );
    haproxy = spawn(HAPROXY, ['-f', config, '-db'], { stdio: 'ignore' });
    base = `http://127.0.0.1:${port}`;
    for (let i = 0; ; i++) {
      const up = await fetch(`${base}/readyz`).then((r) => r.ok, () => false);
      if (up) break;
      if (i > 100) throw new Error('HAProxy did not come up');
      await new Promise((r) => setTimeout(r, 100));
    }
  });
  afterAll(async () => {
    haproxy?.kill('SIGKILL');
    for (const api of apis) await api.stop();
    await reader?.close();
    await store?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const signIn = async () => {
    const response = await fetch(`${base}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'bj.agent1', password: DEMO_PASSWORD }) });
    return `Bearer ${((await response.json()) as { token: string }).token}`;
  };
  const push = (authorization: string, mutations: Mutation[]) =>
    fetch(`${base}/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ seatId: 'seat-balanced', mutations }) });
  const branchOf = async (code: string) => (await reader.db.selectFrom('branches').select('id').where('code', '=', code).executeTakeFirstOrThrow()).id;
  // One customer per phone in a branch (shared/domain/customerPhone.ts): each create has its own number.
  let phones = 0;
  const creates = (branchId: string, tag: string, count: number): Mutation[] => {
    const now = new Date().toISOString();
    return Array.from({ length: count }, (_, i) => ({
      mutationId: randomUUID(),
      entity: 'customer',
      entityId: randomUUID(),
      op: 'create',
      baseVersion: 0,
      patch: { branchId, name: `${tag}-${i}`, phone: `+86139${String(++phones).padStart(8, '0')}`, altPhone: null, vipTier: 'none', province: '北京', city: '北京', address: '海淀区', createdAt: now, updatedAt: now },
    }));
  };

  it("lands a seat's pushes on both processes, and wakes it from the one holding its event stream", async () => {
    const authorization = await signIn();
    const events = await connect(`${base}/sync/events`, { authorization });
    await waitFor(() => events.changes().length === 1, 5_000);
    const branchId = await branchOf('BJ01');
    const served: Array<{ by: string; version: number }> = [];
    for (let i = 0; i < 6; i++) {
      const response = await push(authorization, creates(branchId, `balanced${i}`, 1));
      const { results } = SyncPushResponse.parse(await response.json());
      const [result] = results;
      if (result?.status !== 'applied') throw new Error(`push not applied: ${JSON.stringify(result)}`);
      served.push({ by: response.headers.get('x-served-by') ?? '', version: result.version });
      await waitFor(() => events.changes().some((change) => change.headSeq >= result.version), 2_000);
    }
    expect(new Set(served.map((s) => s.by))).toEqual(new Set(['api0', 'api1']));
    // Every push woke the seat, whichever process took it: the stream is held by one of them.
    expect(events.changes().map((change) => change.headSeq)).toEqual(expect.arrayContaining(served.map((s) => s.version)));
    events.close();
  });

  it('a process killed with SIGKILL mid-push loses nothing: the retry through the balancer applies each mutation exactly once', async () => {
    const authorization = await signIn();
    const mutations = creates(await branchOf('BJ01'), 'killed', PUSH_SIZE);
    const answer = push(authorization, mutations).then(
      (response) => response.status,
      () => 0,
    );
    // The process applying the push: its named connection has a transaction that has written (an xid).
    let victim: number | null = null;
    for (let tries = 0; victim === null && tries < 4_000; tries++) {
      const { rows } = await reader.postgres!.pool.query<{ applicationName: string }>(
        `select application_name as "applicationName" from pg_stat_activity where application_name like 'aw-api %' and backend_xid is not null and datname = current_database() and pid <> pg_backend_pid()`,
      );
      const pids = rows.map((row) => Number(row.applicationName.split(' ')[1]));
      victim = apis.find((api) => pids.includes(api.child.pid ?? -1))?.child.pid ?? null;
      if (victim === null) await new Promise((r) => setTimeout(r, 5));
    }
    expect(victim, 'no API process was seen applying the push').not.toBeNull();
    process.kill(victim!, 'SIGKILL');
    const firstStatus = await answer;
    expect(firstStatus).not.toBe(200);

    // The seat retries the same push until an answer comes (the balancer sends it to the survivor).
    let results: SyncPushResponse['results'] = [];
    for (let attempt = 0; results.length === 0; attempt++) {
      if (attempt > 50) throw new Error('the retried push never succeeded');
      const response = await push(authorization, mutations).catch(() => null);
      if (response?.status === 200) results = SyncPushResponse.parse(await response.json()).results;
      else await new Promise((r) => setTimeout(r, 200));
    }
    expect(results.map((r) => r.status)).toEqual(mutations.map(() => 'applied'));
    const entityIds = mutations.map((m) => m.entityId);
    const rows = await reader.db.selectFrom('customers').select('id').where('id', 'in', entityIds).execute();
    const log = await reader.db.selectFrom('changeLog').select('entityId').where('entityId', 'in', entityIds).execute();
    expect(rows.length).toBe(PUSH_SIZE);
    expect(log.length).toBe(PUSH_SIZE);
    expect(new Set(log.map((entry) => entry.entityId)).size).toBe(PUSH_SIZE);
  });
});
