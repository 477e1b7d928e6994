import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../../server/app.js';
import { migrateToLatest } from '../../../server/db/migrate.js';
import { openServerDatabase, type DialectName, type ServerDatabase } from '../../../server/db/openServerDatabase.js';
import { generateDemoData, type DemoData, type DemoHousehold } from '../../../server/seed/demoData.js';
import { DEMO_PASSWORD } from '../../../server/seed/demoLogins.js';
import { seedDemoData } from '../../../server/seed/seed.js';
import { createTestDatabase } from './testDatabase.js';

export interface TestBackend {
  app: FastifyInstance;
  database: ServerDatabase;
  /** The same demo data that was seeded (deterministic), to know what to look for. */
  demo: DemoData;
  households: DemoHousehold[];
  /** Signs a demo agent in; returns the Authorization header value. */
  bearer(login: string): Promise<string>;
  close(): Promise<void>;
}

/** A real backend on a fresh database (SQLite unless told) with a small demo data set, driven through app.inject. */
export async function startTestBackend({
  customers = 200,
  engine = 'sqlite',
  eventHeartbeatMs,
}: { customers?: number; engine?: DialectName; eventHeartbeatMs?: number } = {}): Promise<TestBackend> {
  const store = await createTestDatabase(engine);
  const database = openServerDatabase(store.url);
  await migrateToLatest(database);
  await seedDemoData(database, { customers });
  const demo = generateDemoData({ customers });
  const app = buildServer({ database, eventHeartbeatMs });
  await app.ready();
  return {
    app,
    database,
    demo,
    households: [...demo.households()],
    async bearer(login) {
      const response = await app.inject({ method: 'POST', url: '/auth/login', payload: { login, password: DEMO_PASSWORD } });
      if (response.statusCode !== 200) throw new Error(`login ${login} failed: ${response.body}`);
      return `Bearer ${response.json<{ token: string }>().token}`;
    },
    async close() {
      await app.close();
      await database.close();
      await store.drop();
    },
  };
}

export function branchIdOf(backend: TestBackend, code: string): string {
  const branch = backend.demo.branches.find((b) => b.code === code);
  if (!branch) throw new Error(`no branch ${code}`);
  return branch.id;
}
