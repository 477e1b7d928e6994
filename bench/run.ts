import { benchInitialSync } from './initialSync.js';
import { benchScreenPop } from './screenPop.js';
import { benchPropagation, benchReconnect } from './seatSyncBench.js';

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
const names = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
const all: Record<string, () => Promise<void>> = {
  'screen-pop': () => benchScreenPop({ customers: flag('customers', 1_000_000), lookups: flag('lookups', 10_000) }),
  'initial-sync': () => benchInitialSync({ customers: flag('sync-customers', 400_000) }),
  reconnect: () => benchReconnect({ mutations: flag('mutations', 10_000) }),
  propagation: () => benchPropagation({ changes: flag('changes', 100) }),
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
