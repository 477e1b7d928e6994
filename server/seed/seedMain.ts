import { parseArgs } from 'node:util';
import { clearDatabase } from '../db/clearDatabase.js';
import { migrateToLatest } from '../db/migrate.js';
import { openServerDatabase } from '../db/openServerDatabase.js';
import { DEFAULT_DEMO_SEED, demoReferenceDate } from './demoData.js';
import { DEMO_LOGINS, DEMO_PASSWORD } from './demoLogins.js';
import { hasNoBranches, seedDemoData } from './seed.js';

const USAGE = 'usage: npm run seed -- --customers N [--seed S] [--reset]   (database from DATABASE_URL, default ./data/server.db)';

function positiveWholeNumber(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 5_000_000) {
    throw new Error(`${flag} must be a whole number from 1 to 5000000, got "${value}"`);
  }
  return Number(value);
}

/** `npm run seed`: loads deterministic demo data into the backend's database. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      customers: { type: 'string' },
      seed: { type: 'string' },
      reset: { type: 'boolean', default: false },
    },
  });
  const customers = positiveWholeNumber('--customers', values.customers, 2_000);
  const seed = positiveWholeNumber('--seed', values.seed, DEFAULT_DEMO_SEED);

  const database = openServerDatabase(process.env.DATABASE_URL);
  try {
    await migrateToLatest(database);
    if (!(await hasNoBranches(database))) {
      if (!values.reset) throw new Error(`${database.location} already holds data; add --reset to replace it`);
      await clearDatabase(database.db);
    }
    const started = performance.now();
    const counts = await seedDemoData(database, { customers, seed, referenceDate: demoReferenceDate(), notAfter: new Date() });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `Seeded ${database.dialect} ${database.location} in ${seconds.toFixed(1)} s (${Math.round(counts.customers / seconds)} customers/s): ` +
        `${counts.branches} branches, ${counts.agents} agents, ${counts.customers} customers, ${counts.products} products, ${counts.orders} service orders`,
    );
    console.log(`Demo logins: ${DEMO_LOGINS.map((l) => l.login).join(', ')} (password ${DEMO_PASSWORD})`);
  } finally {
    await database.close();
  }
}

main().catch((error: unknown) => {
  console.error(`seed failed: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  process.exitCode = 1;
});
