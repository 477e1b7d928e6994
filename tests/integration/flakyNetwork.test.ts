import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalCache } from '../../main/services/localCache/localCache.js';
import { WorkstationService } from '../../main/services/workstationService.js';
import { DEMO_LOGINS, DEMO_PASSWORD } from '../../server/seed/demoLogins.js';
import { DEFAULT_SEAT_CONFIG } from '../../shared/seatConfig.js';
import { startBackend, type RunningBackend } from '../support/backendProcess.js';
import { startFaultyProxy, type FaultyProxy } from '../support/faultyProxy.js';
import { seatClient } from '../support/seatClient.js';
import { makeTempDir } from '../support/tempDir.js';

/**
 * Three seats of one branch work through a bad link — connections dropped, delayed, responses
 * cut mid-body — and push 1,002 mutations between them. Every mutation reaches the backend
 * exactly once, and all three seats end with identical data, equal to the backend's.
 */
const SEATS = DEMO_LOGINS.filter((l) => l.branchCode === 'BJ01').slice(0, 3);
const CUSTOMERS_PER_SEAT = 167; // one create + one update each: 3 × 334 = 1,002 mutations
const tmp = makeTempDir('flaky');
let backend: RunningBackend;
let proxy: FaultyProxy;

function customerId(seat: number, i: number): string {
  return `00000000-0000-4000-8${seat}00-${i.toString(16).padStart(12, '0')}`;
}

beforeAll(async () => {
  backend = await startBackend({ dir: tmp.dir, customers: 30 });
  proxy = await startFaultyProxy(new URL(backend.url), { drop: 0.25, delay: 0.3, delayMs: [50, 400], cutResponse: 0.3 }, 20261123);
});
afterAll(async () => {
  await proxy?.close();
  await backend?.stop();
  tmp.cleanup();
});

async function loginThroughBadLink(service: WorkstationService, login: string): Promise<void> {
  const seat = seatClient(service);
  for (let attempt = 0; attempt < 50; attempt++) {
    // A dropped or cut login fails, or falls back to an offline session: both are tried again.
    const session = await seat.session.login({ login, password: DEMO_PASSWORD }).catch(() => null);
    if (session && !session.offline) return;
    service.close();
  }
  throw new Error(`${login} could not log in through the faulty proxy in 50 attempts`);
}

describe('three seats on a flaky link', () => {
  it('deliver 1,002 mutations exactly once and converge', async () => {
    const services = SEATS.map(
      (_, k) =>
        new WorkstationService({
          config: { ...DEFAULT_SEAT_CONFIG, backendUrl: proxy.url, dataDir: path.join(tmp.dir, `seat${k}`), syncIntervalMs: 100 },
          host: 'browser-seat',
          appVersion: 'flaky-test',
        }),
    );
    const seats = services.map(seatClient);
    try {
      for (const [k, seat] of SEATS.entries()) await loginThroughBadLink(services[k]!, seat.login);
      // Every seat writes its customers at once, and edits each one, while syncing over the bad link.
      await Promise.all(
        seats.map(async (seat, k) => {
          for (let i = 0; i < CUSTOMERS_PER_SEAT; i++) {
            await seat.customers.create({
              id: customerId(k, i),
              name: `网络测试${k}-${i}`,
              phone: `+86137${k}${String(1_000_000 + i).slice(-7)}`,
              province: '北京',
              city: '北京',
              address: `测试路${i}号`,
            });
            await seat.customers.update({ customerId: customerId(k, i), changes: { address: `已改 测试路${i}号` } });
          }
        }),
      );
      const deadline = Date.now() + 240_000;
      for (;;) {
        const pending = await Promise.all(seats.map(async (s) => (await s.sync.now()).pending));
        if (pending.every((p) => p === 0)) break;
        if (Date.now() > deadline) throw new Error(`outboxes not drained: ${pending.join(', ')}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(proxy.counts.dropped + proxy.counts.cut).toBeGreaterThan(10); // the link really was bad

      proxy.setFaults(false);
      for (const s of seats) expect(await s.sync.now()).toMatchObject({ online: true, pending: 0, lastError: null });
      for (const s of seats) expect(await s.sync.deadLetters()).toEqual([]);
    } finally {
      for (const s of services) s.close();
    }

    const ids = SEATS.flatMap((_, k) => Array.from({ length: CUSTOMERS_PER_SEAT }, (_, i) => customerId(k, i)));
    const server = new Database(backend.dbFile, { readonly: true });
    try {
      const marks = ids.map(() => '?').join(',');
      const logged = server.prepare(`SELECT entity_id AS id, count(*) AS n FROM change_log WHERE entity_id IN (${marks}) GROUP BY entity_id`).all(...ids) as Array<{ n: number }>;
      expect(logged).toHaveLength(ids.length);
      expect(logged.filter((l) => l.n !== 2)).toEqual([]); // one create + one update each, never twice

      const bj = (server.prepare("SELECT id FROM branches WHERE code = 'BJ01'").get() as { id: string }).id;
      const snapshot = (db: Database.Database) =>
        db.prepare('SELECT id, name, phone, address, vip_tier, version, deleted FROM customers WHERE deleted = 0 AND branch_id = ? ORDER BY id').all(bj);
      const serverRows = snapshot(server);
      expect(serverRows.length).toBeGreaterThan(ids.length);
      for (const [k, seat] of SEATS.entries()) {
        const cache = LocalCache.open(path.join(tmp.dir, `seat${k}`, seat.login, 'cache.db'));
        try {
          expect(snapshot(cache.db), `seat ${k} (${seat.login})`).toEqual(serverRows);
        } finally {
          cache.close();
        }
      }
    } finally {
      server.close();
    }
    console.log(`flaky link: ${proxy.counts.connections} connections, ${proxy.counts.dropped} dropped, ${proxy.counts.delayed} delayed, ${proxy.counts.cut} cut mid-response`);
  }, 400_000);
});
