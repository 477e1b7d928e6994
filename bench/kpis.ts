import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startTestCluster, type TestCluster } from '../scripts/postgres/testCluster.js';
import { KPI_ROLLUP_LOCK, LIVE_DAYS } from '../server/kpis/kpiRollup.js';
import { DEMO_PASSWORD } from '../server/seed/demoLogins.js';
import { hotlineDayStartsAt, hotlineToday } from '../shared/domain/kpis.js';
import { startTsProcess, type StartedProcess } from '../tests/support/childProcess.js';
import { generateKpiData, type KpiData } from './kpisData.js';
import { saveResult, summarise } from './stats.js';

/**
 * `npm run bench -- kpis [--scale S] [--repeats N] [--board-agents N] [--board-seconds N] [--explain]`:
 * the supervisor's and headquarters' desk on PostgreSQL (a private cluster, as the tests start
 * one; the backend as `npm run server` runs, two API processes), loopback only.
 *
 * 1. Data (bench/kpisData.ts): at scale 1, 3,000,000 orders and 5,000,000 calls over 12 months, 200
 *    agents, 10 branches, generated inside PostgreSQL.
 * 2. Every query the desk issues, through the real HTTP routes, signed in as bj.super (BJ01, the
 *    largest branch: 16 % of everything) and as hq.admin (every branch): GET /kpis for each period
 *    with its default range (7 days, 8 weeks, 6 months) and each grouping, the team board's
 *    today-by-agent, the drill-down (GET /kpis/orders) of every figure, the complaint rate, the team
 *    board (GET /presence/branch). One cold answer, then up to `repeats` timed ones (at most
 *    QUERY_BUDGET_MS each query): median and p95. `--explain`: PostgreSQL's auto_explain logs the
 *    plan (ANALYZE, BUFFERS) of every statement over 200 ms into .tmp/bench/kpis-explain.log.
 * 3. The live board: `boardAgents` agents' seats (PUT /presence from two processes of their own)
 *    each changing state every `intervalMs`; the supervisor's and headquarters' /sync/events
 *    streams measure each report → board event (from the report's send time to the event's arrival).
 */
export interface KpisBenchOptions {
  scale: number;
  repeats: number;
  boardAgents: number;
  boardSeconds: number;
  intervalMs: number;
  workers: number;
  explain: boolean;
  /** PostgreSQL's statement timeout: a query still running then is recorded as over it (the backend answers 500), not waited for. */
  queryTimeoutSeconds: number;
  /** False: the result is returned, not written under bench/results/ (the smoke test). */
  save?: boolean;
}

const TARGET_QUERY_P95_MS = 200;
const TARGET_BOARD_P95_MS = 1000;
const QUERY_BUDGET_MS = 15_000;
const GENERATORS = 2;

interface TimedQuery {
  name: string;
  as: 'supervisor' | 'headquarters';
  route: string;
}

interface BoardReport {
  seconds: number;
  put: number[];
  errors: number;
  firstError: string | null;
}

const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const search = (query: Record<string, string | number>) => new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();

async function call<T>(base: string, method: string, route: string, token: string | null, body?: unknown): Promise<T> {
  const response = await fetch(new URL(route, base), {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(300_000),
  });
  const json = (await response.json()) as T;
  if (!response.ok) throw new Error(`${method} ${route}: HTTP ${response.status} ${JSON.stringify(json).slice(0, 300)}`);
  return json;
}

/** Reads `event: presence` blocks off a /sync/events stream until `signal` aborts. */
async function listenPresence(base: string, token: string, signal: AbortSignal, onPresence: (presence: { agentId: string; since: string }) => void): Promise<void> {
  const response = await fetch(new URL('/sync/events', base), { headers: { authorization: `Bearer ${token}` }, signal });
  if (!response.ok) throw new Error(`/sync/events: HTTP ${response.status}`);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value;
      const blocks = buffer.split('\n\n');
      buffer = blocks.pop() ?? '';
      for (const block of blocks) {
        if (!block.startsWith('event: presence')) continue;
        const data = block.split('\n').find((l) => l.startsWith('data: '));
        if (data) onPresence(JSON.parse(data.slice(6)) as { agentId: string; since: string });
      }
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  }
}

/** CPU seconds (user + system) used so far by `root` and every process below it (Linux /proc). */
function treeCpuSeconds(root: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command's closing parenthesis: state ppid … utime (14th) stime (15th) counted from pid.
      const text = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
      stats.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // The process ended meanwhile.
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 20; p = stats.get(p)?.ppid ?? 0, hops++) if (p === root) return true;
    return false;
  };
  let ticks = 0;
  for (const [pid, stat] of stats) if (inTree(pid)) ticks += stat.ticks;
  return ticks / 100;
}

function boardGenerator(share: Record<string, unknown>): Promise<BoardReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/presenceLoad.ts'], { env: { ...process.env, PRESENCE_LOAD: JSON.stringify(share) }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as BoardReport);
      else reject(new Error(`presence load generator exited ${code}: ${out.slice(-500)}`));
    });
  });
}

/** The queries of the desk, the team board and the drill-down, as the seat asks them (deskStore.ts, teamPresence.ts). */
function deskQueries(data: KpiData, now: Date): TimedQuery[] {
  const today = hotlineToday(now);
  const ranges = { day: { from: addDays(today, -6), to: today }, week: { from: addDays(today, -55), to: today }, month: { from: addDays(today, -182), to: today } };
  const queries: TimedQuery[] = [];
  for (const period of ['day', 'week', 'month'] as const) {
    for (const by of ['agent', 'outlet', 'category', 'region'] as const) {
      queries.push({ name: `branch ${period} by ${by}`, as: 'supervisor', route: `/kpis?${search({ period, by, ...ranges[period], limit: 100 })}` });
    }
  }
  queries.push({ name: 'team board: today by agent', as: 'supervisor', route: `/kpis?${search({ period: 'day', by: 'agent', from: today, to: today, limit: 200 })}` });
  for (const period of ['day', 'week', 'month'] as const) queries.push({ name: `HQ ${period} by branch`, as: 'headquarters', route: `/kpis?${search({ period, by: 'branch', ...ranges[period], limit: 100 })}` });
  for (const by of ['agent', 'category', 'region'] as const) queries.push({ name: `HQ month by ${by}`, as: 'headquarters', route: `/kpis?${search({ period: 'month', by, ...ranges.month, limit: 100 })}` });
  queries.push({ name: 'HQ 12 months by branch', as: 'headquarters', route: `/kpis?${search({ period: 'month', by: 'branch', from: addDays(today, -364), to: today, limit: 200 })}` });
  const monthAgo = { from: hotlineDayStartsAt(addDays(today, -30)), to: hotlineDayStartsAt(addDays(today, 1)) };
  queries.push({ name: 'branch complaint rate by outlet (30 days)', as: 'supervisor', route: `/complaints/rate?${search({ by: 'outlet', ...monthAgo })}` });
  queries.push({ name: 'HQ complaint rate by branch (30 days)', as: 'headquarters', route: `/complaints/rate?${search({ by: 'branch', ...monthAgo })}` });
  queries.push({ name: 'team board (presence)', as: 'supervisor', route: '/presence/branch' });
  queries.push({ name: 'HQ team board (presence, every branch)', as: 'headquarters', route: '/presence/branch' });

  // The drill-down: every figure of the busiest agent's last full month; headquarters: the largest branch's.
  const lastMonth = `${addDays(`${today.slice(0, 7)}-01`, -1).slice(0, 7)}-01`;
  const bj = data.branches.find((b) => b.code === 'BJ01')!;
  // BJ01's first agent owns the most orders (kpisData.ts: owners drawn skewed to the first).
  const busiest = data.agents.find((a) => a.branchId === bj.id && a.servesHistory)!;
  const figures = ['orders', 'not_resolved', 'sla_missed_dispatch', 'sla_missed_accept', 'sla_missed_onSite', 'sla_missed_complete', 'rated', 'low_rated', 'parts_received'];
  for (const figure of figures) {
    queries.push({ name: `drill: agent's month, ${figure}`, as: 'supervisor', route: `/kpis/orders?${search({ figure, period: 'month', start: lastMonth, by: 'agent', key: busiest.id, limit: 50 })}` });
  }
  for (const figure of ['orders', 'sla_missed_complete', 'low_rated']) {
    queries.push({ name: `drill: HQ branch's month, ${figure}`, as: 'headquarters', route: `/kpis/orders?${search({ figure, period: 'month', start: lastMonth, by: 'branch', key: bj.id, limit: 50 })}` });
  }
  return queries;
}

/**
 * The data went in behind the backend's back (no change log): the figures' day cells start afresh
 * (under the rollup's lock, so no run under way writes cells of half-generated data after), and the
 * queries wait until the backend's job has rolled every day before the live window.
 */
async function awaitDayCells(url: string, now: Date): Promise<{ seconds: number; days: number; cells: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock(hashtextextended($1, 0))', [KPI_ROLLUP_LOCK]);
    await client.query('truncate kpi_day_cells, kpi_rolled_days');
    await client.query('update kpi_rollup_state set earliest_day = null');
    await client.query('select pg_advisory_unlock(hashtextextended($1, 0))', [KPI_ROLLUP_LOCK]);
    const started = Date.now();
    const last = addDays(hotlineToday(now), -LIVE_DAYS);
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const { rows } = await client.query<{ first: string | null; held: string }>(
        'select s.earliest_day as first, (select count(*) from kpi_rolled_days d where d.day >= s.earliest_day and d.day <= $1) as held from kpi_rollup_state s where s.id = 1',
        [last],
      );
      const first = rows[0]?.first;
      const days = first ? Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${first}T00:00:00Z`)) / 86_400_000) + 1 : Infinity;
      if (Number(rows[0]?.held ?? 0) >= days) {
        const cells = await client.query<{ n: string }>('select count(*) as n from kpi_day_cells');
        return { seconds: Math.round((Date.now() - started) / 1000), days, cells: Number(cells.rows[0]!.n) };
      }
      if (Date.now() - started > 7_200_000) throw new Error(`the day cells were not rolled in 2 h (${rows[0]?.held} of ${days} days)`);
    }
  } finally {
    await client.end();
  }
}

async function timeQueries(base: string, tokens: Record<TimedQuery['as'], string>, queries: TimedQuery[], repeats: number, timeoutSeconds: number) {
  const results = [];
  for (const query of queries) {
    const once = async () => {
      const t0 = performance.now();
      try {
        const answer = await call<{ items?: unknown[]; rows?: unknown[] }>(base, 'GET', query.route, tokens[query.as]);
        return { ms: performance.now() - t0, rows: (answer.items ?? answer.rows ?? []).length, failed: null };
      } catch (error) {
        return { ms: performance.now() - t0, rows: 0, failed: error instanceof Error ? error.message.slice(0, 200) : String(error) };
      }
    };
    const cold = await once();
    const samples: number[] = [];
    const started = performance.now();
    let failed = cold.failed;
    // Timed answers until `repeats`, or the budget is spent (at least one), or an answer fails (the statement timeout).
    while (!failed && samples.length < repeats && (samples.length < 1 || performance.now() - started < QUERY_BUDGET_MS)) {
      const answer = await once();
      failed = answer.failed;
      if (!failed) samples.push(answer.ms);
    }
    const summary = summarise(failed ? [cold.ms] : samples);
    const result = {
      name: query.name, as: query.as, route: query.route, rows: cold.rows, coldMs: Number(cold.ms.toFixed(1)),
      n: failed ? 0 : summary.n, medianMs: summary.medianMs, p95Ms: failed ? Infinity : summary.p95Ms, failed,
    };
    const p95 = failed ? `> ${timeoutSeconds} s (${failed.slice(0, 40)})` : `${result.p95Ms.toFixed(1).padStart(8)} ms`;
    console.log(`  ${result.p95Ms >= TARGET_QUERY_P95_MS ? 'OVER ' : 'ok   '} ${query.name.padEnd(46)} rows ${String(result.rows).padStart(4)}  n ${String(result.n).padStart(2)}  median ${result.medianMs.toFixed(1).padStart(8)} ms  p95 ${p95}`);
    results.push(result);
  }
  return results;
}

async function liveBoard(base: string, tokens: Record<TimedQuery['as'], string>, data: KpiData, options: KpisBenchOptions, backendPids: number[]) {
  const cpuBefore = backendPids.reduce((sum, pid) => sum + treeCpuSeconds(pid), 0);
  const reporters = data.agents.slice(0, options.boardAgents);
  const watched = new Set(reporters.map((a) => a.id));
  const bj = data.branches.find((b) => b.code === 'BJ01')!;
  const latency: Record<TimedQuery['as'], number[]> = { supervisor: [], headquarters: [] };
  const abort = new AbortController();
  const listeners = (['supervisor', 'headquarters'] as const).map((as) =>
    listenPresence(base, tokens[as], abort.signal, (presence) => {
      if (watched.has(presence.agentId)) latency[as].push(Date.now() - Date.parse(presence.since));
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, 500));
  // The board's own reads while the reports come in (a supervisor opening it, a refresh).
  const boardReads: number[] = [];
  let reading = true;
  const reads = (async () => {
    while (reading) {
      const t0 = performance.now();
      await call(base, 'GET', '/presence/branch', tokens.supervisor);
      boardReads.push(performance.now() - t0);
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  })();
  const load: number[][] = [];
  const sampler = setInterval(() => load.push(os.loadavg().map((l) => Number(l.toFixed(2)))), 5000);
  const counts = Array.from({ length: GENERATORS }, (_, g) => reporters.filter((_, i) => i % GENERATORS === g));
  const reports = await Promise.all(counts.map((share) => boardGenerator({ base, tokens: share.map((a) => a.token), durationMs: options.boardSeconds * 1000, intervalMs: options.intervalMs })));
  clearInterval(sampler);
  // The last reports' events: a moment to arrive.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  reading = false;
  await reads;
  abort.abort();
  await Promise.allSettled(listeners);
  const sent = reports.reduce((sum, r) => sum + r.put.length, 0);
  const backendCpuSeconds = backendPids.reduce((sum, pid) => sum + treeCpuSeconds(pid), 0) - cpuBefore;
  const bjSent = Math.round((sent * reporters.filter((a) => a.branchId === bj.id).length) / Math.max(1, reporters.length));
  return {
    agents: reporters.length,
    intervalMs: options.intervalMs,
    seconds: Math.max(...reports.map((r) => r.seconds)),
    reportsPerSecond: Math.round(sent / Math.max(...reports.map((r) => r.seconds))),
    put: summarise(reports.flatMap((r) => r.put)),
    errors: reports.reduce((sum, r) => sum + r.errors, 0),
    firstError: reports.find((r) => r.firstError)?.firstError ?? null,
    // Every report of every branch reaches headquarters' board; the supervisor's: BJ01's (about bjSent).
    headquartersBoard: { reportsSent: sent, eventsReceived: latency.headquarters.length, ...summarise(latency.headquarters) },
    supervisorBoard: { reportsSentAboutBranch: bjSent, eventsReceived: latency.supervisor.length, ...summarise(latency.supervisor) },
    boardReads: summarise(boardReads),
    // What the backend (API processes and PostgreSQL) spent per report, board reads and event delivery included: a figure the shared machine's load does not inflate much.
    backendCpuSeconds: Number(backendCpuSeconds.toFixed(2)),
    backendCpuMsPerReport: Number(((backendCpuSeconds * 1000) / Math.max(1, sent)).toFixed(2)),
    loadAverageDuring: load,
  };
}

export async function benchKpis(options: KpisBenchOptions) {
  let cluster: TestCluster | null = null;
  let server: StartedProcess | null = null;
  const loadAverage: Record<string, number[]> = { start: os.loadavg().map((l) => Number(l.toFixed(2))) };
  try {
    cluster = await startTestCluster();
    {
      const admin = new pg.Client({ connectionString: cluster.url });
      await admin.connect();
      await admin.query(`alter database postgres set statement_timeout = '${options.queryTimeoutSeconds}s'`);
      await admin.end();
    }
    if (options.explain) {
      const admin = new pg.Client({ connectionString: cluster.url });
      await admin.connect();
      await admin.query("load 'auto_explain'");
      await admin.query("alter system set session_preload_libraries = 'auto_explain'");
      for (const [name, value] of Object.entries({ log_min_duration: '200ms', log_analyze: 'on', log_buffers: 'on', log_nested_statements: 'on' })) {
        await admin.query(`alter system set auto_explain.${name} = '${value}'`);
      }
      await admin.query('select pg_reload_conf()');
      await admin.end();
    }
    server = await startTsProcess(
      'server/main.ts',
      { DATABASE_URL: cluster.url, SEED_CUSTOMERS: '200', PORT: '0', HOST: '127.0.0.1' },
      /listening on (http:\/\/127\.0\.0\.1:\d+)/,
      600_000,
      options.workers > 1 ? ['--workers', String(options.workers)] : [],
    );
    const base = (server as StartedProcess & { match: RegExpMatchArray }).match[1]!;
    const db = new pg.Client({ connectionString: cluster.url });
    await db.connect();
    const now = new Date();
    console.log(`generating (scale ${options.scale}) …`);
    const generated = Date.now();
    let data: KpiData;
    try {
      data = await generateKpiData(db, { scale: options.scale, now });
    } finally {
      await db.end();
    }
    const generationSeconds = Math.round((Date.now() - generated) / 1000);
    console.log(`  ${JSON.stringify(data.counts)} in ${generationSeconds} s`);
    loadAverage.afterGeneration = os.loadavg().map((l) => Number(l.toFixed(2)));
    console.log('rolling the day cells (the backend\'s job) …');
    const dayCells = await awaitDayCells(cluster.url, now);
    console.log(`  ${dayCells.days} days, ${dayCells.cells} cells in ${dayCells.seconds} s`);
    loadAverage.afterDayCells = os.loadavg().map((l) => Number(l.toFixed(2)));

    const login = async (who: string) => (await call<{ token: string }>(base, 'POST', '/auth/login', null, { login: who, password: DEMO_PASSWORD })).token;
    const tokens = { supervisor: await login('bj.super'), headquarters: await login('hq.admin') };
    const queries = deskQueries(data, now);
    console.log(`${queries.length} desk queries, ${options.repeats} timed answers each after a cold one:`);
    const timed = await timeQueries(base, tokens, queries, options.repeats, options.queryTimeoutSeconds);
    loadAverage.afterQueries = os.loadavg().map((l) => Number(l.toFixed(2)));
    console.log(`live board: ${options.boardAgents} agents, a change every ${options.intervalMs} ms, ${options.boardSeconds} s …`);
    const postmaster = Number(fs.readFileSync(path.join(cluster.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    const board = await liveBoard(base, tokens, data, options, [server.child.pid!, postmaster]);
    console.log(`  ${JSON.stringify({ headquartersBoard: board.headquartersBoard, supervisorBoard: board.supervisorBoard, put: board.put, errors: board.errors, backendCpuMsPerReport: board.backendCpuMsPerReport })}`);
    loadAverage.end = os.loadavg().map((l) => Number(l.toFixed(2)));

    if (options.explain) {
      const log = path.join(path.dirname(cluster.dataDir), 'server.log');
      const out = path.resolve('.tmp/bench/kpis-explain.log');
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.copyFileSync(log, out);
      console.log(`plans of statements over 200 ms: ${out}`);
    }
    const over = timed.filter((q) => q.p95Ms >= TARGET_QUERY_P95_MS);
    const result = {
      scale: options.scale,
      workers: options.workers,
      data: data.counts,
      generationSeconds,
      generationStepSeconds: data.seconds,
      dayCells,
      targets: { queryP95Ms: TARGET_QUERY_P95_MS, boardP95Ms: TARGET_BOARD_P95_MS },
      queries: timed,
      queriesOverTarget: over.map((q) => q.name),
      board,
      loadAverage,
    };
    if (options.save !== false) console.log(`saved ${saveResult('kpis', result)}`);
    console.log(`${timed.length - over.length}/${timed.length} queries with p95 under ${TARGET_QUERY_P95_MS} ms; board p95 (HQ) ${board.headquartersBoard.p95Ms} ms, (supervisor) ${board.supervisorBoard.p95Ms} ms`);
    return result;
  } finally {
    await server?.stop();
    cluster?.stop();
  }
}

/** Whether a run met the issue's targets (every query's p95, both boards' p95). */
export function kpisTargetsMet(result: Awaited<ReturnType<typeof benchKpis>>): boolean {
  return (
    result.queriesOverTarget.length === 0 &&
    result.board.headquartersBoard.p95Ms < TARGET_BOARD_P95_MS &&
    result.board.supervisorBoard.p95Ms < TARGET_BOARD_P95_MS &&
    result.board.errors === 0
  );
}
