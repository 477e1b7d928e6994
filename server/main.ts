import { parseArgs } from 'node:util';
import { buildServer } from './app.js';
import { ESCALATION_SWEEP_MS, escalateOverdueComplaints } from './complaints/escalateComplaints.js';
import { migrateToLatest } from './db/migrate.js';
import { openServerDatabase, type ServerDatabase } from './db/openServerDatabase.js';
import { demoReferenceDate } from './seed/demoData.js';
import { hasNoBranches, seedDemoData } from './seed/seed.js';
import { ChangeNotifier } from './sync/changeNotifier.js';

/**
 * `npm run server`: the REST backend. Environment: PORT (8787; 0 picks a free port), HOST
 * (127.0.0.1), DATABASE_URL (unset → ./data/server.db), SEED_CUSTOMERS (2000), SEED_ORDERS_PER_CUSTOMER
 * (2, on average), LOG_LEVEL (warn).
 * An empty database gets demo data unless started with --no-seed.
 */
const DEFAULT_SEED_CUSTOMERS = 2_000;

function wholeNumber(name: string, value: string, max: number): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n > max) throw new Error(`${name} must be a whole number from 0 to ${max}, got "${value}"`);
  return n;
}

async function start(): Promise<void> {
  const { values: flags } = parseArgs({ options: { 'no-seed': { type: 'boolean', default: false } } });
  const port = wholeNumber('PORT', process.env.PORT ?? '8787', 65_535);
  const host = process.env.HOST ?? '127.0.0.1';
  const seedCustomers = wholeNumber('SEED_CUSTOMERS', process.env.SEED_CUSTOMERS ?? String(DEFAULT_SEED_CUSTOMERS), 5_000_000);
  const ordersPerCustomer = wholeNumber('SEED_ORDERS_PER_CUSTOMER', process.env.SEED_ORDERS_PER_CUSTOMER ?? '2', 20);

  const database: ServerDatabase = openServerDatabase(process.env.DATABASE_URL);
  try {
    await migrateToLatest(database);
    if (!flags['no-seed'] && (await hasNoBranches(database))) {
      const counts = await seedDemoData(database, { customers: seedCustomers, ordersPerCustomer, referenceDate: demoReferenceDate() });
      console.log(`Seeded demo data: ${counts.customers} customers, ${counts.products} products, ${counts.orders} service orders`);
    }
    const changes = new ChangeNotifier();
    const app = buildServer({ database, changes, logger: { level: process.env.LOG_LEVEL ?? 'warn' } });
    await app.listen({ port, host });
    const address = app.server.address();
    const actualPort = typeof address === 'object' && address ? address.port : port;
    console.log(`Agent Workstation backend listening on http://${host}:${actualPort} (${database.dialect} ${database.location})`);

    // Complaints past a deadline escalate on the backend's clock, whether or not any seat is online.
    const escalation = setInterval(() => {
      escalateOverdueComplaints(database.db, new Date()).then(
        (escalated) => changes.publish(escalated),
        (error: unknown) => console.error(`complaint escalation failed: ${error instanceof Error ? error.message : String(error)}`),
      );
    }, ESCALATION_SWEEP_MS);

    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      clearInterval(escalation);
      console.log(`${signal}: shutting down`);
      await app.close();
      await database.close();
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
