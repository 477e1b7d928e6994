import { spawn } from 'node:child_process';
import path from 'node:path';
import { startBackend } from '../tests/support/backendProcess.js';
import { DEMO_AGENT } from '../tests/support/demo.js';
import { makeTempDir } from '../tests/support/tempDir.js';
import { saveResult } from './stats.js';

/**
 * Initial sync of a large branch from the real backend (SQLite) into an empty seat cache:
 * rows per second, the seat's peak RSS, the cache file's size. The demo data puts about half
 * the customers in the measured agent's branch; the customer count is chosen so that the seat
 * receives roughly 200k customers + 300k products + 600k orders at the default size.
 */
export async function benchInitialSync(options: { customers: number }): Promise<void> {
  const tmp = makeTempDir('bench-sync');
  console.log(`seeding ${options.customers} customers (both branches) …`);
  const seedStart = Date.now();
  const backend = await startBackend({ dir: tmp.dir, customers: options.customers });
  const seedSeconds = (Date.now() - seedStart) / 1000;
  const branch = backend.countsOf('BJ01');
  try {
    const line = await new Promise<string>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'bench/initialSyncSeat.ts'], {
        env: { ...process.env, BACKEND_URL: backend.url, CACHE_FILE: path.join(tmp.dir, 'seat', 'cache.db'), LOGIN: DEMO_AGENT.login, PASSWORD: DEMO_AGENT.password },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('exit', (code) => (code === 0 ? resolve(out.trim().split('\n').at(-1)!) : reject(new Error(`seat exited ${code}: ${out}`))));
    });
    const seat = JSON.parse(line) as Record<string, unknown>;
    const result = { seededCustomers: options.customers, seedSeconds, branchRows: branch, seat, targetRowsPerSecond: 50_000 };
    console.log(JSON.stringify(result, null, 2));
    console.log(`saved ${saveResult('initial-sync', result)}`);
  } finally {
    await backend.stop();
    tmp.cleanup();
  }
}
