import cluster from 'node:cluster';
import { parseArgs } from 'node:util';
import { buildServer } from './app.js';
import { ESCALATION_SWEEP_MS } from './complaints/escalateComplaints.js';
import { KPI_ROLLUP_EVERY_MS } from './kpis/kpiRollup.js';
import { migrateToLatest } from './db/migrate.js';
import { openServerDatabase, type ServerDatabase } from './db/openServerDatabase.js';
import { demoReferenceDate } from './seed/demoData.js';
import { hasNoBranches, seedDemoData } from './seed/seed.js';
import { sipCredentialSettingsFromEnv } from './sip/sipCredentials.js';

/**
 * `npm run server`: the REST backend. Environment: PORT (8787; 0 picks a free port), HOST
 * (127.0.0.1), DATABASE_URL (unset → ./data/server.db), SEED_CUSTOMERS (2000), SEED_ORDERS_PER_CUSTOMER
 * (2, on average), LOG_LEVEL (warn), DATABASE_POOL_SIZE and DATABASE_STATEMENT_TIMEOUT_MS (PostgreSQL),
 * TRUST_PROXY (see app.ts), SIP_CREDENTIAL_SECRET and SIP_CREDENTIAL_LIFETIME_S (the agents' SIP
 * credentials: the secret shared with Kamailio's auth_ephemeral, and their lifetime, 43200 s).
 * An empty database gets demo data unless started with --no-seed.
 * `--workers N` (PostgreSQL only): N API processes on one port (Node cluster). The first process
 * migrates and seeds, then starts them; each keeps nothing correctness depends on (sessions, the
 * push ledger, login throttling, snapshot positions and the change feed are in the database, live
 * events go through LISTEN/NOTIFY), so any of them may answer any request, and one that dies is
 * started again.
 */
const DEFAULT_SEED_CUSTOMERS = 2_000;

function wholeNumber(name: string, value: string, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n > max) throw new Error(`${name} must be a whole number from 0 to ${max}, got "${value}"`);
  return n;
}

const RESTART_DELAY_MS = 1_000;

async function start(): Promise<void> {
  if (cluster.isWorker) return serve();
  const { values: flags } = parseArgs({ options: { 'no-seed': { type: 'boolean', default: false }, workers: { type: 'string', default: '1' } } });
  const workers = wholeNumber('--workers', flags.workers, 64);
  if (workers < 1) throw new Error('--workers must be at least 1');
  const seedCustomers = wholeNumber('SEED_CUSTOMERS', process.env.SEED_CUSTOMERS ?? String(DEFAULT_SEED_CUSTOMERS), 5_000_000);
  const ordersPerCustomer = wholeNumber('SEED_ORDERS_PER_CUSTOMER', process.env.SEED_ORDERS_PER_CUSTOMER ?? '2', 20);

  const database: ServerDatabase = openServerDatabase(process.env.DATABASE_URL);
  if (workers > 1 && database.dialect !== 'postgres') {
    await database.close();
    throw new Error('--workers needs PostgreSQL (DATABASE_URL=postgres://…): SQLite is the one-process engine');
  }
  try {
    await migrateToLatest(database);
    if (!flags['no-seed'] && (await hasNoBranches(database))) {
      const counts = await seedDemoData(database, { customers: seedCustomers, ordersPerCustomer, referenceDate: demoReferenceDate(), notAfter: new Date() });
      console.log(`Seeded demo data: ${counts.customers} customers, ${counts.products} products, ${counts.orders} service orders`);
    }
  } catch (error) {
    await database.close();
    throw error;
  }
  if (workers === 1) return serve(database);
  await database.close();
  startWorkers(workers);
}

/** How long a stopping API process may take to close its connections before it is ended. */
const STOP_GRACE_MS = 10_000;

/** The cluster's first process: starts the API processes, starts again one that dies, stops them on a signal. */
function startWorkers(count: number): void {
  let stopping = false;
  for (let i = 0; i < count; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    console.error(`API process ${worker.process.pid} ended (${signal ?? code}): starting another`);
    setTimeout(() => cluster.fork(), RESTART_DELAY_MS);
  });
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping ${count} API processes`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    // A process that does not close in time is ended: a stop must end, the seats retry their requests.
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) {
        console.error(`API process ${worker?.process.pid} still running ${STOP_GRACE_MS * 2} ms after ${signal}: killed`);
        worker?.process.kill('SIGKILL');
      }
    }, STOP_GRACE_MS * 2).unref();
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

/** One API process: serves until SIGINT/SIGTERM. `database`: already opened and migrated (one-process mode). */
async function serve(opened?: ServerDatabase): Promise<void> {
  const port = wholeNumber('PORT', process.env.PORT ?? '8787', 65_535);
  const host = process.env.HOST ?? '127.0.0.1';
  const sipCredentials = sipCredentialSettingsFromEnv(process.env);
  const database = opened ?? openServerDatabase(process.env.DATABASE_URL);
  try {
    const app = buildServer({
      database,
      logger: { level: process.env.LOG_LEVEL ?? 'warn' },
      trustProxy: process.env.TRUST_PROXY,
      escalationSweepMs: ESCALATION_SWEEP_MS,
      sipCredentials,
      kpiRollupMs: KPI_ROLLUP_EVERY_MS,
    });
    await app.listen({ port, host });
    const address = app.server.address();
    const actualPort = typeof address === 'object' && address ? address.port : port;
    console.log(`Agent Workstation backend listening on http://${host}:${actualPort} (${database.dialect} ${database.location})`);

    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.log(`${signal}: shutting down`);
      // Connections that do not drain in time (a stuck client, a lost LISTEN connection) must not keep the process up.
      setTimeout(() => {
        console.error(`not closed ${STOP_GRACE_MS} ms after ${signal}: leaving`);
        process.exit(1);
      }, STOP_GRACE_MS).unref();
      await app.close();
      await database.close();
      // A cluster's API process keeps its channel to the first process open: leave once closed.
      if (cluster.isWorker) process.exit(0);
    };
    process.once('SIGINT', () => void stop('SIGINT'));
    process.once('SIGTERM', () => void stop('SIGTERM'));
  } catch (error) {
    await database.close();
    throw error;
  }
}

start().catch((error: unknown) => {
  console.error(`Agent Workstation backend failed to start: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
