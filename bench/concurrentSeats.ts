import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { startTestCluster, type TestCluster } from '../scripts/postgres/testCluster.js';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../server/seed/demoLogins.js';
import { startTsProcess } from '../tests/support/childProcess.js';
import { makeTempDir } from '../tests/support/tempDir.js';
import { saveResult, summarise } from './stats.js';

interface PullAnswer {
  changes: { entity: string; row: { id: string; version: number; deleted?: boolean } }[];
  cursor: number;
  hasMore: boolean;
  headSeq: number;
}

async function call<T>(base: string, method: string, route: string, token: string | null, body?: unknown): Promise<T> {
  const response = await fetch(new URL(route, base), {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  const json = (await response.json()) as T;
  if (!response.ok) throw new Error(`${method} ${route}: HTTP ${response.status} ${JSON.stringify(json).slice(0, 200)}`);
  return json;
}

/**
 * N virtual seats against one backend process, loopback only, bounded in time: each seat logs
 * in as one of the demo agents, starts from the log's head (a seat that is already synced), and
 * then every `intervalMs` (jittered start) pushes one update to a customer only it edits and pulls
 * what is new since its cursor (which includes the other seats' changes in its scope). A cycle
 * that cannot keep its interval starts at once after the previous one (so a saturated server
 * shows as fewer cycles and longer latencies). Reports requests/s, mutations/s and the latency of
 * push and pull (median, p95, p99).
 */
async function runSeats(base: string, n: number, durationMs: number, intervalMs: number) {
  const agents = DEMO_LOGINS.filter((l) => l.role === 'agent');
  const sessions = await Promise.all(
    agents.map(async (a) => {
      const { token } = await call<{ token: string }>(base, 'POST', '/auth/login', null, { login: a.login, password: DEMO_PASSWORD });
      const page = await call<PullAnswer>(base, 'GET', '/sync/pull?cursor=0&limit=5000', token);
      const customers = page.changes.filter((c) => c.entity === 'customer' && !c.row.deleted).map((c) => ({ id: c.row.id, version: c.row.version }));
      return { token, customers, head: page.headSeq, branchCode: a.branchCode };
    }),
  );
  // Seats of one branch share its customers: each seat gets a customer no other seat edits
  // (shared ones would turn half the pushes into conflicts, which is not this workload).
  const branchRank = sessions.map((s, i) => sessions.slice(0, i).filter((o) => o.branchCode === s.branchCode).length);
  const branchSeats = sessions.map((s) => sessions.filter((o) => o.branchCode === s.branchCode).length);
  const push: number[] = [];
  const pull: number[] = [];
  let mutations = 0;
  const outcomes: Record<string, number> = {};
  let changesPulled = 0;
  let errors = 0;
  let firstError: string | null = null;
  const started = performance.now();
  const deadline = started + durationMs;
  const seat = async (i: number) => {
    const s = i % sessions.length;
    const session = sessions[s]!;
    const customer = session.customers[(Math.floor(i / sessions.length) * branchSeats[s]! + branchRank[s]!) % session.customers.length]!;
    let cursor = session.head;
    await new Promise((r) => setTimeout(r, Math.random() * intervalMs));
    let cycle = 0;
    while (performance.now() < deadline) {
      const cycleStart = performance.now();
      try {
        let t = performance.now();
        const { results } = await call<{ results: { status: string; version?: number }[] }>(base, 'POST', '/sync/push', session.token, {
          seatId: `bench-seat-${i}`,
          mutations: [{ mutationId: crypto.randomUUID(), entity: 'customer', entityId: customer.id, op: 'update', baseVersion: customer.version, patch: { address: `并发测试路${i}-${cycle}号` } }],
        });
        push.push(performance.now() - t);
        const status = results[0]?.status ?? 'missing';
        outcomes[status] = (outcomes[status] ?? 0) + 1;
        if (results[0]?.version) customer.version = results[0].version;
        mutations++;
        t = performance.now();
        const page = await call<PullAnswer>(base, 'GET', `/sync/pull?cursor=${cursor}&limit=1000`, session.token);
        pull.push(performance.now() - t);
        cursor = page.cursor;
        changesPulled += page.changes.length;
      } catch (error) {
        errors++;
        firstError ??= (error as Error).message;
      }
      cycle++;
      const wait = intervalMs - (performance.now() - cycleStart);
      if (performance.now() + Math.max(wait, 0) >= deadline) break;
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  };
  await Promise.all(Array.from({ length: n }, (_, i) => seat(i)));
  const seconds = (performance.now() - started) / 1000;
  return {
    seats: n,
    seconds: Number(seconds.toFixed(1)),
    offeredRequestsPerSecond: Math.round((2 * n * 1000) / intervalMs),
    requestsPerSecond: Math.round((push.length + pull.length) / seconds),
    // Throughput counts applied mutations only; conflicts and rejections are in `outcomes`, apart.
    pushedPerSecond: Math.round(mutations / seconds),
    appliedPerSecond: Math.round((outcomes.applied ?? 0) / seconds),
    outcomes,
    changesPulledPerSecond: Math.round(changesPulled / seconds),
    push: summarise(push),
    pull: summarise(pull),
    errors,
    firstError,
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
}

export async function benchConcurrentSeats(options: { seats: number[]; durationMs: number; intervalMs: number; customers: number; databases: string[] }): Promise<void> {
  const tmp = makeTempDir('bench-seats');
  const runs: Record<string, unknown[]> = {};
  try {
    for (const dialect of options.databases) {
      let cluster: TestCluster | null = null;
      try {
        const url = dialect === 'postgres' ? (cluster = await startTestCluster()).url : path.join(tmp.dir, 'server.db');
        const server = await startTsProcess('server/main.ts', { DATABASE_URL: url, SEED_CUSTOMERS: String(options.customers), PORT: '0', HOST: '127.0.0.1' }, /listening on (http:\/\/127\.0\.0\.1:\d+)/, 600_000);
        try {
          runs[dialect] = [];
          for (const n of options.seats) {
            const run = await runSeats(server.match[1]!, n, options.durationMs, options.intervalMs);
            console.log(`${dialect} N=${n}: ${JSON.stringify(run)}`);
            runs[dialect].push(run);
          }
        } finally {
          await server.stop();
        }
      } finally {
        cluster?.stop();
      }
    }
    const result = { seededCustomers: options.customers, durationMs: options.durationMs, intervalMs: options.intervalMs, runs };
    console.log(`saved ${saveResult('concurrent-seats', result)}`);
  } finally {
    tmp.cleanup();
  }
}
