import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vaultCacheKeys } from '../../main/services/credentials/cacheKeys.js';
import { SecretVault, type SecretCipher } from '../../main/services/credentials/secretVault.js';
import { hasNothingUnsynced } from '../../main/services/localCache/nothingUnsyncedMarker.js';
import { cacheIdOf } from '../../main/services/session/cacheKeyRecovery.js';
import { BackendClient } from '../../main/services/sync/backendClient.js';
import { WorkstationService } from '../../main/services/workstationService.js';
import { buildServer } from '../../server/app.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { openServerDatabase, type ServerDatabase } from '../../server/db/openServerDatabase.js';
import { hashPassword } from '../../server/auth/passwords.js';
import { DEMO_PASSWORD } from '../../server/seed/demoLogins.js';
import { seedDemoData } from '../../server/seed/seed.js';
import { SyncPushRequest } from '../../shared/api/syncPush.js';
import { DEFAULT_SEAT_CONFIG } from '../../shared/seatConfig.js';
import { createTestDatabase } from '../server/support/testDatabase.js';
import { seatClient, type SeatClient } from '../support/seatClient.js';
import { makeTempDir } from '../support/tempDir.js';

/**
 * Stands in for Electron's safeStorage: AES-GCM under a secret of the "OS keychain"; `reset()` is
 * the keychain losing it (a Windows password reset by IT, a new profile's DPAPI, a wiped
 * libsecret), after which everything it sealed fails to decrypt, as safeStorage does.
 */
class FakeSafeStorage implements SecretCipher {
  readonly backend = 'fake-dpapi';
  private secret = crypto.randomBytes(32);
  encrypt(plain: string): Buffer {
    const iv = crypto.randomBytes(12);
    const cipher = crypto.createCipheriv('aes-256-gcm', this.secret, iv);
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), sealed]);
  }
  decrypt(sealed: Buffer): string {
    const decipher = crypto.createDecipheriv('aes-256-gcm', this.secret, sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
  }
  reset(): void {
    this.secret = crypto.randomBytes(32);
  }
}

const LOGIN = 'bj.agent1';

/**
 * Issue 13 (secrets): a seat whose keychain can no longer unseal its cache key, against the real
 * backend. The key is escrowed at each online login (wrapped under the agent's password); after a
 * keychain reset the next online login fetches it, opens the old cache, pushes its waiting changes
 * — each reaching the backend exactly once — and only then starts afresh under a new key. Offline,
 * the file is left byte for byte and the agent is told (cache_key_lost). With nothing waiting the
 * seat syncs afresh at once; without an escrow it never drops the file. Another agent is never
 * given the key.
 */
describe('a seat cache whose key the keychain lost', () => {
  const tmp = makeTempDir('cache-key-loss');
  let store: { url: string; drop(): Promise<void> };
  let database: ServerDatabase;
  let app: FastifyInstance;
  let url = '';
  /** Times each pushed mutation id reached the backend. */
  const received = new Map<string, number>();
  /** What the seat's network does: 'down' fails every request, 'no-push' only /sync/push. */
  let link: 'up' | 'down' | 'no-push' = 'up';
  const open: WorkstationService[] = [];

  beforeAll(async () => {
    store = await createTestDatabase('sqlite');
    database = openServerDatabase(store.url);
    await migrateToLatest(database);
    await seedDemoData(database, { customers: 30, referenceDate: new Date().toISOString().slice(0, 10) });
    app = buildServer({ database });
    app.addHook('preHandler', async (request) => {
      if (request.url !== '/sync/push') return;
      const parsed = SyncPushRequest.safeParse(request.body);
      if (parsed.success) for (const m of parsed.data.mutations) received.set(m.mutationId, (received.get(m.mutationId) ?? 0) + 1);
    });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    for (const service of open) service.close();
    await app.close();
    await database.close();
    await store.drop();
    tmp.cleanup();
  });

  const seatFetch: typeof fetch = (input, init) => {
    const target = String(input instanceof Request ? input.url : input);
    if (link === 'down' || (link === 'no-push' && target.endsWith('/sync/push'))) return Promise.reject(new TypeError('fetch failed'));
    return fetch(input, init);
  };

  /** A seat (one app start) on this PC's data folder and keychain. */
  function startSeat(dataDir: string, keychain: FakeSafeStorage): { service: WorkstationService; seat: SeatClient } {
    const service = new WorkstationService({
      config: { ...DEFAULT_SEAT_CONFIG, backendUrl: url, dataDir, syncIntervalMs: 600_000 },
      host: 'browser-seat',
      appVersion: 'test',
      cacheKeys: vaultCacheKeys(new SecretVault(path.join(dataDir, 'secrets.json'), keychain), 'alice'),
      fetch: seatFetch,
    });
    open.push(service);
    return { service, seat: seatClient(service) };
  }
  const cacheFile = (dataDir: string) => path.join(dataDir, LOGIN, 'cache.db');
  const fileBytes = (file: string) => ['', '-wal'].map((s) => (fs.existsSync(file + s) ? crypto.createHash('sha256').update(fs.readFileSync(file + s)).digest('hex') : null));

  async function branchCustomers(count: number): Promise<string[]> {
    const { branchId } = await database.db.selectFrom('agents').select('branchId').where('login', '=', LOGIN).executeTakeFirstOrThrow();
    const rows = await database.db.selectFrom('customers').select('id').where('branchId', '=', branchId).where('deleted', '=', 0).orderBy('id').limit(count).execute();
    return rows.map((r) => r.id);
  }

  /** Logs in online, syncs, then — with the link down — makes `changes` customer edits, and quits. */
  async function seatWithWaitingChanges(dataDir: string, keychain: FakeSafeStorage, changes: number, tag: string): Promise<{ addresses: Map<string, string>; mutationIds: string[] }> {
    link = 'up';
    const { service, seat } = startSeat(dataDir, keychain);
    await seat.session.login({ login: LOGIN, password: DEMO_PASSWORD });
    expect((await seat.sync.now()).pending).toBe(0);
    expect(hasNothingUnsynced(cacheFile(dataDir))).toBe(true);
    link = 'down';
    const addresses = new Map<string, string>();
    for (const customerId of await branchCustomers(changes)) {
      const address = `朝阳区建国路${tag}-${customerId.slice(0, 4)}号`;
      await seat.customers.update({ customerId, changes: { address } });
      addresses.set(customerId, address);
    }
    const waiting = await seat.sync.pending();
    expect(waiting.length).toBe(changes);
    expect(hasNothingUnsynced(cacheFile(dataDir))).toBe(false);
    service.close();
    link = 'up';
    return { addresses, mutationIds: waiting.map((p) => p.mutationId) };
  }

  async function addressesAtBackend(ids: Iterable<string>): Promise<Map<string, string | null>> {
    const rows = await database.db.selectFrom('customers').select(['id', 'address']).where('id', 'in', [...ids]).execute();
    return new Map(rows.map((r) => [r.id, r.address]));
  }

  it('after a keychain reset, the next online login pushes the 3 waiting changes exactly once, then starts afresh under a new key', async () => {
    const dataDir = path.join(tmp.dir, 'pushed');
    const keychain = new FakeSafeStorage();
    const { addresses, mutationIds } = await seatWithWaitingChanges(dataDir, keychain, 3, 'A');
    expect(mutationIds.map((id) => received.get(id) ?? 0)).toEqual([0, 0, 0]);
    const oldCacheId = cacheIdOf(cacheFile(dataDir))!;
    expect(oldCacheId).toBeTruthy();

    keychain.reset();
    const { service, seat } = startSeat(dataDir, keychain);
    const info = await seat.session.login({ login: LOGIN, password: DEMO_PASSWORD });
    expect(info.cacheRecovery).toEqual({ outcome: 'pushed', pushed: 3, waiting: 0 });
    expect(mutationIds.map((id) => received.get(id))).toEqual([1, 1, 1]);
    expect(await addressesAtBackend(addresses.keys())).toEqual(addresses);

    // Afresh: a new cache (new id, escrowed; the old escrow dropped), synced from the backend with the changes in it.
    const newCacheId = cacheIdOf(cacheFile(dataDir));
    expect(newCacheId).not.toBe(oldCacheId);
    const escrows = await database.db.selectFrom('cacheKeyEscrow').select('cacheId').execute();
    expect(escrows.map((e) => e.cacheId)).toContain(newCacheId);
    expect(escrows.map((e) => e.cacheId)).not.toContain(oldCacheId);
    const status = await seat.sync.now();
    expect(status).toMatchObject({ pending: 0, online: true });
    const [first] = addresses.keys();
    expect((await seat.customers.card({ customerId: first! }))?.customer.address).toBe(addresses.get(first!));
    service.close();

    // The next start opens the new cache with the key now in this keychain: no recovery, nothing pushed again.
    const again = startSeat(dataDir, keychain);
    expect((await again.seat.session.login({ login: LOGIN, password: DEMO_PASSWORD })).cacheRecovery).toBeUndefined();
    expect(mutationIds.map((id) => received.get(id))).toEqual([1, 1, 1]);
    again.service.close();
  });

  it('with headquarters unreachable, the cache is left byte for byte and the agent is told; the next online login recovers it', async () => {
    const dataDir = path.join(tmp.dir, 'offline');
    const keychain = new FakeSafeStorage();
    const { addresses, mutationIds } = await seatWithWaitingChanges(dataDir, keychain, 3, 'B');
    keychain.reset();
    const before = fileBytes(cacheFile(dataDir));

    link = 'down';
    const offline = startSeat(dataDir, keychain);
    await expect(offline.seat.session.login({ login: LOGIN, password: DEMO_PASSWORD })).rejects.toMatchObject({
      code: 'cache_key_lost',
      message: expect.stringContaining('left untouched'),
      details: { canStartAfresh: false },
    });
    expect(fileBytes(cacheFile(dataDir))).toEqual(before);
    expect(fs.readdirSync(path.join(dataDir, LOGIN)).filter((f) => f.includes('unreadable'))).toEqual([]);
    offline.service.close();

    link = 'up';
    const online = startSeat(dataDir, keychain);
    expect((await online.seat.session.login({ login: LOGIN, password: DEMO_PASSWORD })).cacheRecovery).toEqual({ outcome: 'pushed', pushed: 3, waiting: 0 });
    expect(mutationIds.map((id) => received.get(id))).toEqual([1, 1, 1]);
    expect(await addressesAtBackend(addresses.keys())).toEqual(addresses);
    online.service.close();
  });

  it('when the recovered changes cannot be pushed yet, the recovered cache is kept (re-sealed) and they upload later, once each', async () => {
    const dataDir = path.join(tmp.dir, 'kept');
    const keychain = new FakeSafeStorage();
    const { addresses, mutationIds } = await seatWithWaitingChanges(dataDir, keychain, 3, 'C');
    const cacheId = cacheIdOf(cacheFile(dataDir));
    keychain.reset();

    link = 'no-push';
    const { service, seat } = startSeat(dataDir, keychain);
    const info = await seat.session.login({ login: LOGIN, password: DEMO_PASSWORD });
    expect(info.cacheRecovery).toEqual({ outcome: 'kept', pushed: 0, waiting: 3 });
    expect(cacheIdOf(cacheFile(dataDir))).toBe(cacheId);
    expect((await seat.sync.pending()).map((p) => p.mutationId).sort()).toEqual([...mutationIds].sort());

    link = 'up';
    expect((await seat.sync.now()).pending).toBe(0);
    expect(mutationIds.map((id) => received.get(id))).toEqual([1, 1, 1]);
    expect(await addressesAtBackend(addresses.keys())).toEqual(addresses);
    service.close();
    // The recovered key is this keychain's now: the next start opens the cache without recovery.
    const again = startSeat(dataDir, keychain);
    expect((await again.seat.session.login({ login: LOGIN, password: DEMO_PASSWORD })).cacheRecovery).toBeUndefined();
    again.service.close();
  });

  it('with no unsynced work (the plain marker beside the cache), the seat syncs afresh at once, without the escrow: nothing pushed', async () => {
    const dataDir = path.join(tmp.dir, 'nothing-waiting');
    const keychain = new FakeSafeStorage();
    const first = startSeat(dataDir, keychain);
    await first.seat.session.login({ login: LOGIN, password: DEMO_PASSWORD });
    await first.seat.sync.now();
    first.service.close();
    const oldCacheId = cacheIdOf(cacheFile(dataDir));
    const pushesBefore = [...received.values()].reduce((a, b) => a + b, 0);
    // The plain marker says nothing is unsynced: no key is needed, not even the escrow's.
    expect(hasNothingUnsynced(cacheFile(dataDir))).toBe(true);
    await database.db.deleteFrom('cacheKeyEscrow').where('cacheId', '=', oldCacheId!).execute();

    keychain.reset();
    const { service, seat } = startSeat(dataDir, keychain);
    expect((await seat.session.login({ login: LOGIN, password: DEMO_PASSWORD })).cacheRecovery).toEqual({ outcome: 'fresh', pushed: 0, waiting: 0 });
    expect([...received.values()].reduce((a, b) => a + b, 0)).toBe(pushesBefore);
    expect(cacheIdOf(cacheFile(dataDir))).not.toBe(oldCacheId);
    const status = await seat.sync.now();
    expect(status).toMatchObject({ pending: 0, online: true });
    expect((await seat.customers.search({ query: '1' })).length).toBeGreaterThan(0);
    service.close();
  });

  it('without an escrow that opens it, the file is left untouched and the agent told; moved for IT only by the agent’s choice', async () => {
    const dataDir = path.join(tmp.dir, 'no-escrow');
    const keychain = new FakeSafeStorage();
    await seatWithWaitingChanges(dataDir, keychain, 1, 'D');
    await database.db.deleteFrom('cacheKeyEscrow').where('cacheId', '=', cacheIdOf(cacheFile(dataDir))!).execute();
    keychain.reset();
    const before = fileBytes(cacheFile(dataDir));

    const { service, seat } = startSeat(dataDir, keychain);
    await expect(seat.session.login({ login: LOGIN, password: DEMO_PASSWORD })).rejects.toMatchObject({
      code: 'cache_key_lost',
      message: expect.stringContaining('keeps no key of this agent'),
      details: { canStartAfresh: true },
    });
    expect(fileBytes(cacheFile(dataDir))).toEqual(before);

    // Only when the agent chooses to start afresh is it moved — unchanged — into a folder for IT.
    const info = await seat.session.login({ login: LOGIN, password: DEMO_PASSWORD, startCacheAfresh: true });
    expect(info.cacheRecovery).toMatchObject({ outcome: 'set_aside', pushed: 0, waiting: 0 });
    const keptAt = info.cacheRecovery!.keptAt!;
    expect(path.dirname(keptAt)).toBe(path.join(dataDir, LOGIN));
    expect(fileBytes(path.join(keptAt, 'cache.db'))).toEqual(before);
    expect((await seat.sync.now()).pending).toBe(0);
    expect((await seat.customers.search({ query: '1' })).length).toBeGreaterThan(0);
    service.close();
  });

  it('an escrow wrapped under a password changed since is refused as such: the file stays untouched', async () => {
    const dataDir = path.join(tmp.dir, 'password-changed');
    const keychain = new FakeSafeStorage();
    await seatWithWaitingChanges(dataDir, keychain, 1, 'E');
    keychain.reset();
    const before = fileBytes(cacheFile(dataDir));
    const { passwordHash } = await database.db.selectFrom('agents').select('passwordHash').where('login', '=', LOGIN).executeTakeFirstOrThrow();
    await database.db.updateTable('agents').set({ passwordHash: await hashPassword('新密码-2026') }).where('login', '=', LOGIN).execute();
    try {
      const { service, seat } = startSeat(dataDir, keychain);
      await expect(seat.session.login({ login: LOGIN, password: '新密码-2026' })).rejects.toMatchObject({
        code: 'cache_key_lost',
        message: expect.stringContaining('earlier password'),
      });
      expect(fileBytes(cacheFile(dataDir))).toEqual(before);
      service.close();
    } finally {
      await database.db.updateTable('agents').set({ passwordHash }).where('login', '=', LOGIN).execute();
    }
  });

  it('another agent is never given this seat cache’s key', async () => {
    const dataDir = path.join(tmp.dir, 'other-agent');
    const keychain = new FakeSafeStorage();
    const { service, seat } = startSeat(dataDir, keychain);
    await seat.session.login({ login: LOGIN, password: DEMO_PASSWORD });
    service.close();
    const cacheId = cacheIdOf(cacheFile(dataDir))!;

    const owner = new BackendClient({ baseUrl: url });
    owner.setToken((await owner.login(LOGIN, DEMO_PASSWORD)).token);
    expect(await owner.escrowedCacheKey(cacheId)).not.toBeNull();
    for (const other of ['bj.agent2', 'bj.super', 'hq.admin']) {
      const client = new BackendClient({ baseUrl: url });
      client.setToken((await client.login(other, DEMO_PASSWORD)).token);
      expect(await client.escrowedCacheKey(cacheId)).toBeNull();
    }
  });
});
