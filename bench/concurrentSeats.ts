import { spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { startTestCluster, type TestCluster } from '../scripts/postgres/testCluster.js';
import { startTsProcess } from '../tests/support/childProcess.js';
import { makeTempDir } from '../tests/support/tempDir.js';
import { saveResult, summarise } from './stats.js';

/** Load-generator processes per run: the seats' own work runs beside the backend's, not in it. */
const GENERATORS = 2;

interface GeneratorReport {
  seconds: number;
  push: number[];
  pull: number[];
  propagation: number[];
  outcomes: Record<string, number>;
  changesPulled: number;
  errors: number;
  firstError: string | null;
}

/** Runs one generator process (bench/seatLoad.ts) for seats [first, first + count); resolves with its report. */
function generator(share: Record<string, unknown>): Promise<GeneratorReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/seatLoad.ts'], { env: { ...process.env, SEAT_LOAD: JSON.stringify(share) }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => {
      const line = out.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as GeneratorReport);
      else reject(new Error(`seat load generator exited ${code}: ${out.slice(-500)}`));
    });
  });
}

/**
 * N virtual seats against a backend, loopback only, bounded in time, from GENERATORS processes
 * of their own (bench/seatLoad.ts: the profiles). Each seat logs in as one of the demo agents and
 * starts from its scope's head (a seat that is already synced). Reports offered and served
 * requests/s, outcomes (conflicts and rejections apart from throughput), latencies of push and
 * pull (median, p95, p99) and, for the live profile, propagation.
 */
async function runSeats(base: string, n: number, durationMs: number, intervalMs: number, profile: 'poll' | 'live') {
  const counts = Array.from({ length: GENERATORS }, (_, g) => Math.floor(n / GENERATORS) + (g < n % GENERATORS ? 1 : 0));
  const reports = await Promise.all(
    counts.map((count, g) => generator({ base, first: counts.slice(0, g).reduce((a, b) => a + b, 0), count, durationMs, intervalMs, profile })),
  );
  const seconds = Math.max(...reports.map((r) => r.seconds));
  const push = reports.flatMap((r) => r.push);
  const pull = reports.flatMap((r) => r.pull);
  const outcomes: Record<string, number> = {};
  for (const report of reports) for (const [status, count] of Object.entries(report.outcomes)) outcomes[status] = (outcomes[status] ?? 0) + count;
  const perInterval = profile === 'poll' ? 2 : 1;
  return {
    seats: n,
    profile,
    seconds: Number(seconds.toFixed(1)),
    // Offered: what the seats would send if every request were answered at once (live: pushes only; pulls follow events).
    offeredRequestsPerSecond: Math.round((perInterval * n * 1000) / intervalMs),
    requestsPerSecond: Math.round((push.length + pull.length) / seconds),
    appliedPerSecond: Math.round((outcomes.applied ?? 0) / seconds),
    outcomes,
    changesPulledPerSecond: Math.round(reports.reduce((sum, r) => sum + r.changesPulled, 0) / seconds),
    push: summarise(push),
    pull: summarise(pull),
    ...(profile === 'live' ? { propagation: summarise(reports.flatMap((r) => r.propagation)) } : {}),
    errors: reports.reduce((sum, r) => sum + r.errors, 0),
    firstError: reports.find((r) => r.firstError)?.firstError ?? null,
    loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))),
  };
}

/** What the backend runs on: SQLite (one process), PostgreSQL with one or two API processes. */
const TARGETS: Record<string, { dialect: 'sqlite' | 'postgres'; workers: number }> = {
  sqlite: { dialect: 'sqlite', workers: 1 },
  postgres: { dialect: 'postgres', workers: 1 },
  'postgres-2': { dialect: 'postgres', workers: 2 },
};

export async function benchConcurrentSeats(options: {
  seats: number[];
  durationMs: number;
  intervalMs: number;
  liveSeats: number[];
  liveDurationMs: number;
  liveIntervalMs: number;
  customers: number;
  databases: string[];
}): Promise<void> {
  const tmp = makeTempDir('bench-seats');
  const runs: Record<string, unknown[]> = {};
  try {
    for (const name of options.databases) {
      const target = TARGETS[name];
      if (!target) throw new Error(`unknown --db ${name}; known: ${Object.keys(TARGETS).join(', ')}`);
      let cluster: TestCluster | null = null;
      try {
        const url = target.dialect === 'postgres' ? (cluster = await startTestCluster()).url : path.join(tmp.dir, `${name}.db`);
        const server = await startTsProcess(
          'server/main.ts',
          { DATABASE_URL: url, SEED_CUSTOMERS: String(options.customers), PORT: '0', HOST: '127.0.0.1' },
          /listening on (http:\/\/127\.0\.0\.1:\d+)/,
          600_000,
          target.workers > 1 ? ['--workers', String(target.workers)] : [],
        );
        try {
          runs[name] = [];
          const profiles: Array<['poll' | 'live', number[], number, number]> = [
            ['poll', options.seats, options.durationMs, options.intervalMs],
            ['live', options.liveSeats, options.liveDurationMs, options.liveIntervalMs],
          ];
          for (const [profile, seats, durationMs, intervalMs] of profiles) {
            for (const n of seats) {
              const run = await runSeats(server.match[1]!, n, durationMs, intervalMs, profile);
              console.log(`${name} ${profile} N=${n}: ${JSON.stringify(run)}`);
              runs[name].push(run);
            }
          }
        } finally {
          await server.stop();
        }
      } finally {
        cluster?.stop();
      }
    }
    const result = { seededCustomers: options.customers, generators: GENERATORS, durationMs: options.durationMs, intervalMs: options.intervalMs, liveDurationMs: options.liveDurationMs, liveIntervalMs: options.liveIntervalMs, runs };
    console.log(`saved ${saveResult('concurrent-seats', result)}`);
  } finally {
    tmp.cleanup();
  }
}
