import { benchConcurrentSeats } from './concurrentSeats.js';
import { benchInitialSync } from './initialSync.js';
import { benchKpis, kpisTargetsMet } from './kpis.js';
import { benchMyWork } from './myWork.js';
import { benchScreenPop } from './screenPop.js';
import { benchPropagation, benchReconnect } from './seatSyncBench.js';
import { benchSoftphone } from './softphone.js';

/**
 * `npm run bench [-- name …] [--customers N]`: runs the named benchmarks (all by default) and
 * writes their results as JSON under bench/results/. Figures, not assertions: compare ratios
 * measured side by side in one run on these shared machines.
 */
const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const list = (name: string, fallback: number[]) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]!.split(',').map(Number) : fallback;
};
const names = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const all: Record<string, () => Promise<void>> = {
  'screen-pop': () => benchScreenPop({ customers: flag('customers', 1_000_000), lookups: flag('lookups', 10_000) }),
  'initial-sync': () =>
    benchInitialSync({
      customers: flag('sync-customers', 400_000),
      ordersPerCustomer: flag('sync-orders-per-customer', 3),
      pageSize: flag('page-size', 5000),
      pouch: flag('pouch', 1) !== 0,
      pouchBatch: flag('pouch-batch', 1000),
      pouchLimit: flag('pouch-limit', 0),
      encrypted: flag('encrypted', 1) !== 0,
    }),
  'my-work': () => benchMyWork({ customers: flag('my-work-customers', 1_000_000), queries: flag('queries', 1000) }),
  reconnect: () => benchReconnect({ mutations: flag('mutations', 10_000) }),
  propagation: () => benchPropagation({ changes: flag('changes', 100) }),
  softphone: () =>
    benchSoftphone({
      calls: flag('calls', 50),
      answerCalls: flag('answer-calls', 30),
      restarts: flag('restarts', 5),
      linkDeaths: flag('link-deaths', 5),
      mediaLosses: flag('media-losses', 5),
    }),
  kpis: async () => {
    const result = await benchKpis({
      scale: flag('scale', 1),
      repeats: flag('repeats', 10),
      boardAgents: flag('board-agents', 500),
      boardSeconds: flag('board-seconds', 60),
      intervalMs: flag('board-interval-ms', 5000),
      workers: flag('kpi-workers', 2),
      queryTimeoutSeconds: flag('query-timeout-s', 60),
      explain: args.includes('--explain'),
    });
    if (!kpisTargetsMet(result)) process.exitCode = 1;
  },
  'concurrent-seats': () =>
    benchConcurrentSeats({
      seats: list('seats', [200, 500, 1000, 2000]),
      durationMs: flag('seconds', 20) * 1000,
      intervalMs: flag('interval-ms', 1000),
      // The realistic profile: a change every 30 s per seat, live events instead of polling.
      liveSeats: list('live-seats', [2000]),
      liveDurationMs: flag('live-seconds', 90) * 1000,
      liveIntervalMs: flag('live-interval-ms', 30_000),
      customers: flag('seat-customers', 2000),
      databases: args.includes('--db') ? args[args.indexOf('--db') + 1]!.split(',') : ['sqlite', 'postgres', 'postgres-2'],
    }),
};
const chosen = names.length ? names : Object.keys(all);
for (const name of chosen) {
  const run = all[name];
  if (!run) {
    console.error(`unknown benchmark "${name}"; known: ${Object.keys(all).join(', ')}`);
    process.exit(2);
  }
  console.log(`== ${name}`);
  await run();
}
