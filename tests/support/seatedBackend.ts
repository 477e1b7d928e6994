import type { FastifyInstance } from 'fastify';
import { buildServer } from '../../server/app.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { openServerDatabase, type DialectName, type ServerDatabase } from '../../server/db/openServerDatabase.js';
import { DEMO_PASSWORD } from '../../server/seed/demoLogins.js';
import { seedDemoData } from '../../server/seed/seed.js';
import { createTestDatabase } from '../server/support/testDatabase.js';
import type { FaultPlan } from './faultyProxy.js';
import type { SeatClient } from './seatClient.js';
import { seatsOnOwnLinks, type SeatsOnLinks } from './seats.js';

/** An in-process backend on one engine, seeded, with one seat per login on a link of its own. */
export interface SeatedBackend {
  database: ServerDatabase;
  app: FastifyInstance;
  url: string;
  seats: SeatsOnLinks;
  close(): Promise<void>;
}

export interface SeatedBackendOptions {
  logins: readonly string[];
  /** Customers the demo seed makes; its orders of the last days are open. */
  customers: number;
  /** What each seat's link does once a test turns its faults on (none by default). */
  linkFaults?: FaultPlan;
  /** Runs on the app before it listens: hooks that count or drop requests. */
  beforeListen?(app: FastifyInstance): void;
}

/**
 * The stack of the two-engine integration tests: a fresh database of the engine, migrated and
 * seeded as of today, the server on a loopback port, and the seats logged in and synced once.
 */
export async function startSeatedBackend(engine: DialectName, dir: string, options: SeatedBackendOptions): Promise<SeatedBackend> {
  const store = await createTestDatabase(engine);
  const database = openServerDatabase(store.url);
  await migrateToLatest(database);
  await seedDemoData(database, { customers: options.customers, referenceDate: new Date().toISOString().slice(0, 10) });
  const app = buildServer({ database });
  options.beforeListen?.(app);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  const seats = await seatsOnOwnLinks(url, dir, options.logins, options.linkFaults);
  return {
    database,
    app,
    url,
    seats,
    async close() {
      await seats.close();
      await app.close();
      await database.close();
      await store.drop();
    },
  };
}

/** Pushes and pulls until the outbox is empty (a cycle begun while the link was down may still be finishing). */
export async function drainOutbox(seat: SeatClient): Promise<void> {
  for (let i = 0; i < 5; i++) {
    if ((await seat.sync.now()).pending === 0) return;
  }
  throw new Error('the outbox did not drain');
}

/** Syncs until the outbox is empty and the seat online, through whatever its link does. */
export async function drainOutboxThroughFaults(seat: SeatClient, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = await seat.sync.now().catch(() => null);
    if (status && status.pending === 0 && status.online) return;
    if (Date.now() > deadline) throw new Error(`the outbox did not drain: ${JSON.stringify(status)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A demo user's `Authorization` header value for the REST API. */
export async function bearerOf(url: string, login: string): Promise<string> {
  const response = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login, password: DEMO_PASSWORD }) });
  if (!response.ok) throw new Error(`login of ${login} answered ${response.status}`);
  return `Bearer ${((await response.json()) as { token: string }).token}`;
}
