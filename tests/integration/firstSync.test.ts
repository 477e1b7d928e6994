import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkstationService } from '../../main/services/workstationService.js';
import { LocalCache } from '../../main/services/localCache/localCache.js';
import { DEFAULT_SEAT_CONFIG } from '../../shared/seatConfig.js';
import { startBackend, type RunningBackend } from '../support/backendProcess.js';
import { DEMO_AGENT, OTHER_BRANCH_AGENT } from '../support/demo.js';
import { seatClient } from '../support/seatClient.js';
import { makeTempDir } from '../support/tempDir.js';

/**
 * The real backend process on a temp SQLite file, seeded; the seat's services pull into a temp
 * cache file; counts match the backend's; with the backend stopped, search still works and an
 * agent who logged in before can log in again offline.
 */
const tmp = makeTempDir('first-sync');
let backend: RunningBackend;

function newService(dataDir: string, backendUrl: string): WorkstationService {
  return new WorkstationService({
    config: { ...DEFAULT_SEAT_CONFIG, backendUrl, dataDir, syncIntervalMs: 60_000 },
    host: 'browser-seat',
    appVersion: 'test',
  });
}

beforeAll(async () => {
  backend = await startBackend({ dir: tmp.dir, customers: 400 });
});
afterAll(async () => {
  await backend?.stop();
  tmp.cleanup();
});

describe('first sync from the real backend into the seat cache', () => {
  const seatDir = () => path.join(tmp.dir, 'seat');

  it('pulls exactly the agent’s branch: row counts match the backend', async () => {
    const service = newService(seatDir(), backend.url);
    const seat = seatClient(service);
    try {
      const session = await seat.session.login({ login: DEMO_AGENT.login, password: DEMO_AGENT.password });
      expect(session).toMatchObject({ offline: false, branch: { code: 'BJ01' } });
      const status = await seat.sync.now();
      expect(status).toMatchObject({ online: true, lastError: null });
      expect(status.lastSyncAt).not.toBeNull();
    } finally {
      service.close();
    }
    const expected = backend.countsOf('BJ01');
    expect(expected.customers).toBeGreaterThan(50);
    const cache = LocalCache.open(path.join(seatDir(), DEMO_AGENT.login, 'cache.db'));
    try {
      expect({ customers: cache.customers.count(), products: cache.products.count(), serviceOrders: cache.serviceOrders.count() }).toEqual(expected);
      expect(cache.db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      cache.close();
    }
  });

  it('keeps another branch’s agent to their own branch', async () => {
    const service = newService(path.join(tmp.dir, 'seat-gz'), backend.url);
    const seat = seatClient(service);
    try {
      await seat.session.login({ login: OTHER_BRANCH_AGENT.login, password: OTHER_BRANCH_AGENT.password });
      await seat.sync.now();
      expect(await seat.customers.search({ query: backend.sampleCustomer.phone })).toEqual([]);
    } finally {
      service.close();
    }
    const cache = LocalCache.open(path.join(tmp.dir, 'seat-gz', OTHER_BRANCH_AGENT.login, 'cache.db'));
    try {
      expect(cache.customers.count()).toBe(backend.countsOf('GZ01').customers);
    } finally {
      cache.close();
    }
  });

  it('rejects bad input naming the field, and a wrong password, with nothing opened', async () => {
    const service = newService(path.join(tmp.dir, 'seat-bad'), backend.url);
    const seat = seatClient(service);
    try {
      await expect(seat.customers.search({ query: 'x' })).rejects.toMatchObject({ code: 'not_logged_in' });
      await expect(seat.session.login({ login: '', password: 'x' })).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/^login: /) });
      await expect(seat.session.login({ login: DEMO_AGENT.login, password: 'wrong-password' })).rejects.toMatchObject({ code: 'auth_failed' });
      expect(await service.dispatch('no.such.method', {})).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    } finally {
      service.close();
    }
  });

  it('with the backend stopped: search and the card still work from the cache; status says offline', async () => {
    const sample = backend.sampleCustomer;
    await backend.stop();
    const service = newService(seatDir(), backend.url);
    const seat = seatClient(service);
    try {
      await expect(seat.session.login({ login: DEMO_AGENT.login, password: 'wrong-password' })).rejects.toMatchObject({ code: 'auth_failed' });
      const session = await seat.session.login({ login: DEMO_AGENT.login, password: DEMO_AGENT.password });
      expect(session).toMatchObject({ offline: true, agent: { login: DEMO_AGENT.login } });
      const status = await seat.sync.now();
      expect(status).toMatchObject({ online: false });

      const digits = sample.phone.slice(3); // +86 138… → 138…
      const typed = `+86 ${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}`;
      const results = await seat.customers.search({ query: typed });
      expect(results.map((r) => [r.id, r.matchedOn])).toEqual([[sample.id, 'phone']]);
      expect((await seat.customers.search({ query: sample.name })).map((r) => r.id)).toContain(sample.id);
      const bySerial = await seat.customers.search({ query: sample.serialNumber.toLowerCase() });
      expect(bySerial.map((r) => r.id)).toContain(sample.id);

      const card = await seat.customers.card({ customerId: sample.id });
      expect(card?.products.find((p) => p.serialNumber === sample.serialNumber)?.warranty.status).toMatch(/^(in|out_of)_warranty$/);
    } finally {
      service.close();
    }
  });

  it('refuses an offline login for an agent who never logged in on this seat', async () => {
    const service = newService(path.join(tmp.dir, 'seat-never'), backend.url);
    const seat = seatClient(service);
    try {
      await expect(seat.session.login({ login: DEMO_AGENT.login, password: DEMO_AGENT.password })).rejects.toMatchObject({ code: 'offline_login_unavailable' });
    } finally {
      service.close();
    }
  });
});
