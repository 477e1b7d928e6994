import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import { buildServer } from '../../../server/app.js';
import { migrateToLatest } from '../../../server/db/migrate.js';
import { openServerDatabase, type DialectName, type ServerDatabase } from '../../../server/db/openServerDatabase.js';
import { generateDemoData, type DemoData, type DemoHousehold } from '../../../server/seed/demoData.js';
import { DEMO_PASSWORD } from '../../../server/seed/demoLogins.js';
import { seedDemoData } from '../../../server/seed/seed.js';
import type { SipCredentialSettings } from '../../../server/sip/sipCredentials.js';
import { createTestDatabase } from './testDatabase.js';

export interface TestBackend {
  app: FastifyInstance;
  database: ServerDatabase;
  /** DATABASE_URL of the database, for a second API process on it. */
  databaseUrl: string;
  /** The same demo data that was seeded (deterministic), to know what to look for. */
  demo: DemoData;
  households: DemoHousehold[];
  /** Signs a demo agent in; returns the Authorization header value. */
  bearer(login: string): Promise<string>;
  close(): Promise<void>;
}

export interface TestBackendOptions {
  customers?: number;
  engine?: DialectName;
  eventHeartbeatMs?: number;
  /** The backend's clock (default: the real one). */
  clock?: () => Date;
  /** How the backend issues SIP credentials (default: it issues none). */
  sipCredentials?: SipCredentialSettings;
}

/** A real backend on a fresh database (SQLite unless told) with a small demo data set, driven through app.inject. */
export async function startTestBackend({ customers = 200, engine = 'sqlite', eventHeartbeatMs, clock, sipCredentials }: TestBackendOptions = {}): Promise<TestBackend> {
  const store = await createTestDatabase(engine);
  const database = openServerDatabase(store.url);
  await migrateToLatest(database);
  await seedDemoData(database, { customers });
  const demo = generateDemoData({ customers });
  const app = buildServer({ database, eventHeartbeatMs, clock, sipCredentials });
  await app.ready();
  return {
    app,
    database,
    databaseUrl: store.url,
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

/**
 * The backend the tests of the enclosing describe block share: started, with the agents of `logins`
 * signed in (auth.bj1 = the Authorization header of logins.bj1), before its tests; closed after them.
 * Both objects are filled in by that beforeAll: read them in hooks and tests, not while collecting.
 */
export function useTestBackend<Name extends string>(options: TestBackendOptions, logins: Record<Name, string>): { backend: TestBackend; auth: Record<Name, string> } {
  const backend = {} as TestBackend;
  const auth = {} as Record<Name, string>;
  beforeAll(async () => {
    Object.assign(backend, await startTestBackend(options));
    for (const [name, login] of Object.entries<string>(logins)) auth[name as Name] = await backend.bearer(login);
  });
  afterAll(() => backend.close());
  return { backend, auth };
}

export function agentIdOf(backend: TestBackend, login: string): string {
  const agent = backend.demo.agents.find((a) => a.login === login);
  if (!agent) throw new Error(`no agent ${login}`);
  return agent.id;
}

export function branchIdOf(backend: TestBackend, code: string): string {
  const branch = backend.demo.branches.find((b) => b.code === code);
  if (!branch) throw new Error(`no branch ${code}`);
  return branch.id;
}
