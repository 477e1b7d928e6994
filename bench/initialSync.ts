import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTsProcess } from '../tests/support/childProcess.js';
import { startBackend } from '../tests/support/backendProcess.js';
import { DEMO_AGENT } from '../tests/support/demo.js';
import { makeTempDir } from '../tests/support/tempDir.js';
import { saveResult } from './stats.js';

/** A process's user + system CPU seconds so far (Linux /proc; clock ticks of 1/100 s). */
function cpuSecondsOf(pid: number | undefined): number {
  if (pid === undefined) return 0;
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Runs a bench TypeScript child and returns the JSON of its last stdout line. */
function runJsonChild(entry: string, env: NodeJS.ProcessEnv): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', entry], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, unknown>) : reject(new Error(`${entry} exited ${code}: ${out}`))));
  });
}

/**
 * The seeded backend file, made once and kept in .tmp/bench (seeding 400k customers takes
 * minutes): the server is started on it with no timeout, then stopped once it listens.
 */
async function seededServerFile(customers: number, ordersPerCustomer: number): Promise<{ file: string; seedSeconds: number | null }> {
  const file = path.resolve(`.tmp/bench/sync-seed-${customers}${ordersPerCustomer === 2 ? '' : `-orders${ordersPerCustomer}`}.db`);
  const ready = `${file}.ready`;
  if (fs.existsSync(ready)) return { file, seedSeconds: null };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  for (const f of [file, `${file}-wal`, `${file}-shm`]) fs.rmSync(f, { force: true });
  console.log(`seeding ${customers} customers (both branches), ${ordersPerCustomer} orders each on average, into ${file} …`);
  const started = Date.now();
  const server = await startTsProcess(
    'server/main.ts',
    { DATABASE_URL: file, SEED_CUSTOMERS: String(customers), SEED_ORDERS_PER_CUSTOMER: String(ordersPerCustomer), PORT: '0', HOST: '127.0.0.1' },
    /listening on/,
    3_600_000,
  );
  await server.stop();
  const seedSeconds = (Date.now() - started) / 1000;
  fs.writeFileSync(ready, JSON.stringify({ customers, ordersPerCustomer, seedSeconds }));
  return { file, seedSeconds };
}

/**
 * Initial sync of a large branch from the real backend (SQLite) into an empty seat cache:
 * rows per second, the seat's peak RSS, the cache file's size, a per-phase breakdown (see
 * initialSyncSeat.ts). The demo data puts about half the customers in the measured agent's
 * branch, with 1.5 products each; seeded with 3 orders per customer, the seat receives roughly the
 * issue's 200k customers + 300k products + 600k orders at the default size.
 *
 * Then, in the same run, the same branch rows replicated by PouchDB (pouchdb-node 9 / LevelDB,
 * from an express-pouchdb 4 server in a second process) for the ratio, including PouchDB's first
 * push with nothing to send against our cycle with nothing to sync.
 */
export async function benchInitialSync(options: {
  customers: number;
  ordersPerCustomer: number;
  pageSize: number;
  pouch: boolean;
  pouchBatch: number;
  pouchLimit: number;
  encrypted: boolean;
}): Promise<void> {
  const tmp = makeTempDir('bench-sync');
  const seeded = await seededServerFile(options.customers, options.ordersPerCustomer);
  for (const suffix of ['', '-wal']) if (fs.existsSync(seeded.file + suffix)) fs.copyFileSync(seeded.file + suffix, path.join(tmp.dir, `server.db${suffix}`));
  const backend = await startBackend({ dir: tmp.dir, customers: options.customers });
  const branch = backend.countsOf('BJ01');
  const load = () => os.loadavg().map((l) => Number(l.toFixed(2)));
  try {
    const loadBefore = load();
    const serverCpuBefore = cpuSecondsOf(backend.child.pid);
    const ours = await runJsonChild('bench/initialSyncSeat.ts', {
      BACKEND_URL: backend.url,
      CACHE_FILE: path.join(tmp.dir, 'seat', 'cache.db'),
      LOGIN: DEMO_AGENT.login,
      PASSWORD: DEMO_AGENT.password,
      PAGE_SIZE: String(options.pageSize),
    });
    // CPU seconds as well as wall seconds: on a machine shared with other work the wall clock
    // measures the neighbours too, the CPU time mostly our own.
    ours.serverCpuSeconds = Number((cpuSecondsOf(backend.child.pid) - serverCpuBefore).toFixed(2));
    console.log(`ours: ${JSON.stringify(ours)}`);
    // The same pull into an encrypted cache (SQLCipher scheme, as the Electron app keeps it): what encryption at rest costs.
    const encrypted = options.encrypted
      ? await runJsonChild('bench/initialSyncSeat.ts', {
          BACKEND_URL: backend.url,
          CACHE_FILE: path.join(tmp.dir, 'seat-encrypted', 'cache.db'),
          CACHE_KEY: crypto.randomBytes(32).toString('hex'),
          LOGIN: DEMO_AGENT.login,
          PASSWORD: DEMO_AGENT.password,
          PAGE_SIZE: String(options.pageSize),
        })
      : null;
    if (encrypted) console.log(`ours, encrypted cache: ${JSON.stringify(encrypted)}`);
    await backend.stop();
    let pouch: Record<string, unknown> | null = null;
    let pouchServerInfo: string | null = null;
    if (options.pouch) {
      // Fresh each run: a kept LevelDB would still hold the documents the previous run pushed.
      const dataDir = path.join(tmp.dir, 'pouch-server');
      console.log(`PouchDB server on ${dataDir} (loading the branch) …`);
      const server = await startTsProcess(
        'bench/pouch/pouchServer.ts',
        { SERVER_DB: path.join(tmp.dir, 'server.db'), BRANCH: 'BJ01', DATA_DIR: dataDir, LIMIT: String(options.pouchLimit) },
        /pouch listening on (\S+) (.*)/,
        3_600_000,
      );
      pouchServerInfo = server.match[2]!;
      try {
        pouch = await runJsonChild('bench/pouch/pouchSeat.ts', { REMOTE_URL: server.match[1]!, LOCAL_DIR: path.join(tmp.dir, 'pouch-seat'), BATCH_SIZE: String(options.pouchBatch) });
        console.log(`pouch: ${JSON.stringify(pouch)}`);
      } finally {
        await server.stop();
      }
    }
    const ratio = (a: unknown, b: unknown) => (typeof a === 'number' && typeof b === 'number' && b ? Number((a / b).toFixed(1)) : null);
    const result = {
      seededCustomers: options.customers,
      seededOrdersPerCustomer: options.ordersPerCustomer,
      seedSeconds: seeded.seedSeconds,
      branchRows: branch,
      loadAverage: { before: loadBefore, after: load() },
      seat: ours,
      seatEncrypted: encrypted && {
        rows: encrypted.rows,
        seconds: encrypted.seconds,
        rowsPerSecond: encrypted.rowsPerSecond,
        cpuSeconds: encrypted.cpuSeconds,
        peakRssMB: encrypted.peakRssMB,
        cacheFileMB: encrypted.cacheFileMB,
        plainOverEncryptedRowsPerSecond: ratio(ours.rowsPerSecond, encrypted.rowsPerSecond),
      },
      pouchdb: pouch && { server: pouchServerInfo && (JSON.parse(pouchServerInfo) as unknown), seat: pouch },
      ratios: pouch && {
        rowsPerSecondOursOverPouch: ratio(ours.rowsPerSecond, pouch.rowsPerSecond),
        peakRssPouchOverOurs: ratio(pouch.peakRssMB, ours.peakRssMB),
        diskPouchOverOurs: ratio(pouch.diskMB, ours.cacheFileMB),
        firstEmptyPushPouchMsOverOursNothingToSyncMs: ratio((pouch.firstEmptyPushSeconds as number) * 1000, ours.nothingToSyncMs),
      },
      targetRowsPerSecond: 50_000,
    };
    console.log(JSON.stringify(result, null, 2));
    console.log(`saved ${saveResult('initial-sync', result)}`);
  } finally {
    await backend.stop();
    tmp.cleanup();
  }
}
