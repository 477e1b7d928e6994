import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SyncPushResponse, type Mutation } from '../../shared/api/syncPush.js';
import { openServerDatabase, type ServerDatabase } from '../../server/db/openServerDatabase.js';
import { DEMO_PASSWORD } from '../../server/seed/demoLogins.js';
import { MUTATIONS_PER_TRANSACTION } from '../../server/sync/push/pushMutations.js';
import { startTsProcess, type StartedProcess } from '../support/childProcess.js';
import { createTestDatabase } from './support/testDatabase.js';
import { testEngines } from './support/testDatabase.js';

const PUSH_SIZE = 500;
const KILLS = 4;

/**
 * A backend killed with SIGKILL while it applies a large push: after restart, each of the push's
 * transactions is there whole or not at all (ledger, rows and change log agree), and the seat's
 * retry of the same push applies every mutation exactly once.
 */
describe.each(testEngines())('push killed mid-batch on %s', (engine) => {
  let store: Awaited<ReturnType<typeof createTestDatabase>>;
  let reader: ServerDatabase;
  let server: (StartedProcess & { match: RegExpMatchArray }) | null = null;
  beforeAll(async () => {
    store = await createTestDatabase(engine);
  });
  afterAll(async () => {
    await server?.stop();
    await reader?.close();
    await store.drop();
  });

  const start = async () => {
    server = await startTsProcess('server/main.ts', { DATABASE_URL: store.url, SEED_CUSTOMERS: '20', PORT: '0', HOST: '127.0.0.1' }, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
    return server.match[1]!;
  };
  const login = async (base: string) => {
    const response = await fetch(new URL('/auth/login', base), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: 'bj.agent1', password: DEMO_PASSWORD }) });
    return `Bearer ${((await response.json()) as { token: string }).token}`;
  };
  const push = (base: string, authorization: string, mutations: Mutation[]) =>
    fetch(new URL('/sync/push', base), { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ seatId: 'seat-crash', mutations }) });

  it('leaves whole transactions only, and the retry applies each mutation exactly once', async () => {
    let base = await start();
    reader = openServerDatabase(store.url);
    const branchId = (await reader.db.selectFrom('branches').select('id').where('code', '=', 'BJ01').executeTakeFirstOrThrow()).id;
    const now = new Date().toISOString();
    // Each customer its own phone: one customer per phone in a branch.
    let phones = 0;
    const batch = (tag: string): Mutation[] =>
      Array.from({ length: PUSH_SIZE }, (_, i) => ({
        mutationId: randomUUID(),
        entity: 'customer',
        entityId: randomUUID(),
        op: 'create',
        baseVersion: 0,
        // Every 7th is refused (empty name): refusals are part of a transaction's content too.
        patch: { branchId, name: i % 7 === 3 ? '' : `${tag}-${i}`, phone: `+86139${String(30_000_000 + ++phones).padStart(8, '0')}`, altPhone: null, vipTier: 'none', province: '北京', city: '北京', address: '海淀区', createdAt: now, updatedAt: now },
      }));

    // How long a whole push takes here, to aim the kills inside one.
    let authorization = await login(base);
    const calibration = performance.now();
    expect((await push(base, authorization, batch('calibrate'))).status).toBe(200);
    const pushMs = performance.now() - calibration;

    const pushes: Mutation[][] = [];
    let landedMidPush = 0;
    for (let k = 0; k < KILLS; k++) {
      const mutations = batch(`kill${k}`);
      pushes.push(mutations);
      const answer = push(base, authorization, mutations).then(
        () => 'answered',
        () => 'cut',
      );
      await new Promise((r) => setTimeout(r, pushMs * (0.15 + (0.7 * k) / KILLS)));
      server!.child.kill('SIGKILL');
      if ((await answer) === 'cut') landedMidPush++;
      await new Promise<void>((resolve) => (server!.child.exitCode !== null || server!.child.signalCode !== null ? resolve() : server!.child.once('exit', () => resolve())));

      const ids = mutations.map((m) => m.mutationId);
      const ledger = await reader.db.selectFrom('mutations').select(['mutationId', 'result']).where('mutationId', 'in', ids).execute();
      // Transactions commit in push order, whole: a prefix of the push, a multiple of the chunk.
      expect(ledger.length % MUTATIONS_PER_TRANSACTION === 0 || ledger.length === PUSH_SIZE).toBe(true);
      expect(new Set(ledger.map((l) => l.mutationId))).toEqual(new Set(ids.slice(0, ledger.length)));
      const applied = ledger.filter((l) => (JSON.parse(l.result) as { status: string }).status === 'applied');
      const entityIds = mutations.map((m) => m.entityId);
      const rows = await reader.db.selectFrom('customers').select('id').where('id', 'in', entityIds).execute();
      const log = await reader.db.selectFrom('changeLog').select('entityId').where('entityId', 'in', entityIds).execute();
      expect(rows.length).toBe(applied.length);
      expect(log.length).toBe(applied.length);

      base = await start();
      authorization = await login(base);
    }
    expect(landedMidPush, 'no kill landed while a push was being applied: the calibration is off').toBeGreaterThan(0);

    // The seat retries every push: each mutation ends applied (or refused) exactly once.
    for (const mutations of pushes) {
      const response = await push(base, authorization, mutations);
      expect(response.status).toBe(200);
      const { results } = SyncPushResponse.parse(await response.json());
      expect(results.map((r) => r.status)).toEqual(mutations.map((m) => (m.patch.name === '' ? 'rejected' : 'applied')));
      const entityIds = mutations.map((m) => m.entityId);
      const log = await reader.db.selectFrom('changeLog').select('entityId').where('entityId', 'in', entityIds).execute();
      expect(log.length).toBe(results.filter((r) => r.status === 'applied').length);
      expect(new Set(log.map((l) => l.entityId)).size).toBe(log.length);
    }
  });
});
