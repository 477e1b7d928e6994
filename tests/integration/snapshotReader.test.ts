import crypto from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { LocalCache } from '../../main/services/localCache/localCache.js';
import { BackendClient } from '../../main/services/sync/backendClient.js';
import { SeatSync, type SeatSyncOptions } from '../../main/services/sync/seatSync.js';
import type { SyncStatus } from '../../shared/workstationApi.js';
import { DEMO_AGENT } from '../support/demo.js';
import { useBackendBehindLink } from '../support/backendBehindLink.js';

/**
 * A large initial sync is read by a worker thread after its first page (main/services/sync/
 * snapshotPages.ts): the cache it fills must be the one this thread would fill, and a dropped
 * link or an expired session must end as they do without it (resume, log in again).
 * `fromRows: 0` hands even this small demo branch to the worker.
 */
const env = useBackendBehindLink('snapshot-reader', 1500);

async function seat(name: string, options: Partial<SeatSyncOptions> = {}) {
  const client = new BackendClient({ baseUrl: env.link.url });
  client.setToken((await client.login(DEMO_AGENT.login, DEMO_AGENT.password)).token);
  const cache = LocalCache.open(path.join(env.dir, name, 'cache.db'));
  const sync = new SeatSync({ cache, backend: client, seatId: name, intervalMs: 3_600_000, pageSize: 200, ...options });
  let readerStarted = 0;
  sync.onSnapshotReader = () => readerStarted++;
  return { client, cache, sync, readerStarts: () => readerStarted };
}

/** Every synced row of the three big tables, as a digest (same rows, same values → same digest). */
function contentsOf(cache: LocalCache): Record<string, { rows: number; digest: string }> {
  return Object.fromEntries(
    ['customers', 'products', 'service_orders', 'parts_requests', 'campaign_targets'].map((table) => {
      const rows = cache.db.prepare(`SELECT * FROM ${table} ORDER BY id`).raw().all() as unknown[][];
      const hash = crypto.createHash('sha256');
      for (const row of rows) hash.update(JSON.stringify(row));
      return [table, { rows: rows.length, digest: hash.digest('hex') }];
    }),
  );
}

describe('the snapshot read by a worker thread', () => {
  it('fills the cache exactly as reading on this thread does', async () => {
    const viaWorker = await seat('via-worker', { snapshotReader: { fromRows: 0 } });
    const here = await seat('here', { snapshotReader: false });
    expect(await viaWorker.sync.start()).toMatchObject({ online: true, lastError: null });
    expect(await here.sync.start()).toMatchObject({ online: true, lastError: null });
    viaWorker.sync.stop();
    here.sync.stop();
    expect(viaWorker.readerStarts()).toBe(1);
    expect(here.readerStarts()).toBe(0);
    const expected = env.backend.countsOf('BJ01');
    expect({ customers: viaWorker.cache.customers.count(), products: viaWorker.cache.products.count(), serviceOrders: viaWorker.cache.serviceOrders.count() }).toEqual(expected);
    expect(contentsOf(viaWorker.cache)).toEqual(contentsOf(here.cache));
    expect(viaWorker.cache.pullCursor).toBe(here.cache.pullCursor);
    viaWorker.cache.close();
    here.cache.close();
  });

  it('an agent\'s edit during the load stays on top of the packed rows that follow it', async () => {
    const viaWorker = await seat('edited', { snapshotReader: { fromRows: 0 } });
    const here = await seat('edited-reference', { snapshotReader: false });
    let edited: string | null = null;
    viaWorker.sync.onStatus((status) => {
      if (edited || !status.progress || status.progress.done < 400) return;
      // A customer already in the cache, edited while the rest still loads: from now on every
      // pulled page is applied under a pending change (server rows unpacked, then the edit again).
      edited = viaWorker.cache.db.prepare('SELECT id FROM customers ORDER BY id LIMIT 1').pluck().get() as string;
      viaWorker.cache.recordLocalChange({ entity: 'customer', entityId: edited, op: 'update', patch: { vipTier: 'platinum', address: '本地改的地址' } }, new Date().toISOString());
    });
    expect(await viaWorker.sync.start()).toMatchObject({ online: true, lastError: null });
    expect(await here.sync.start()).toMatchObject({ online: true, lastError: null });
    viaWorker.sync.stop();
    here.sync.stop();
    expect(edited).not.toBeNull();
    expect(viaWorker.cache.outbox.count()).toBe(1);
    expect(viaWorker.cache.customers.get(edited!)).toMatchObject({ vipTier: 'platinum', address: '本地改的地址' });
    const mine = contentsOf(viaWorker.cache);
    const reference = contentsOf(here.cache);
    expect({ ...mine, customers: mine.customers!.rows }).toEqual({ ...reference, customers: reference.customers!.rows });
    expect(mine.customers!.digest).not.toBe(reference.customers!.digest); // the edit, and only it:
    const others = (cache: LocalCache) => cache.db.prepare('SELECT * FROM customers WHERE id <> ? ORDER BY id').raw().all(edited) as unknown[][];
    expect(others(viaWorker.cache)).toEqual(others(here.cache));
    viaWorker.cache.close();
    here.cache.close();
  });

  it('a worker that cannot start (its script missing from the package): the seat reads the whole snapshot on its own thread, in one run', async () => {
    const s = await seat('no-worker', { snapshotReader: { fromRows: 0, script: pathToFileURL(path.join(env.dir, 'missing', 'snapshotReaderWorker.cjs')) } });
    expect(await s.sync.start()).toMatchObject({ online: true, lastError: null, progress: null });
    s.sync.stop();
    expect(s.readerStarts()).toBe(1);
    expect(s.sync.snapshotReaderBroken).toMatch(/the snapshot reader stopped/);
    expect(s.cache.snapshotPosition).toBeNull();
    expect({ customers: s.cache.customers.count(), products: s.cache.products.count(), serviceOrders: s.cache.serviceOrders.count() }).toEqual(env.backend.countsOf('BJ01'));
    s.cache.close();
  });

  it('a reader thread that cannot reach headquarters where this thread can (the app\'s requests go through the system proxy): the rest is read here, in the same run', async () => {
    // Headquarters only through this thread's fetch (as Electron's net.fetch reaches it through a
    // proxy); the address itself, which the reader thread dials with Node's fetch, answers nothing.
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const nowhere = `http://127.0.0.1:${(closed.address() as net.AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    let proxied = 0;
    const throughProxy: typeof fetch = (input, init) => {
      proxied++;
      const url = new URL(String(input));
      return fetch(new URL(url.pathname + url.search, env.link.url), init);
    };
    const client = new BackendClient({ baseUrl: nowhere, fetch: throughProxy });
    client.setToken((await client.login(DEMO_AGENT.login, DEMO_AGENT.password)).token);
    const cache = LocalCache.open(path.join(env.dir, 'behind-proxy', 'cache.db'));
    const sync = new SeatSync({ cache, backend: client, seatId: 'behind-proxy', intervalMs: 3_600_000, pageSize: 200, snapshotReader: { fromRows: 0 } });
    let readerStarts = 0;
    sync.onSnapshotReader = () => readerStarts++;
    expect(await sync.start()).toMatchObject({ online: true, lastError: null, progress: null });
    sync.stop();
    expect(readerStarts).toBe(1);
    expect(sync.snapshotReaderBroken).toBeNull();
    expect({ customers: cache.customers.count(), products: cache.products.count(), serviceOrders: cache.serviceOrders.count() }).toEqual(env.backend.countsOf('BJ01'));
    expect(proxied).toBeGreaterThan(5);
    cache.close();
  });

  it('a dropped link ends the run offline; the next run resumes from the last page applied', async () => {
    const s = await seat('dropped', { snapshotReader: { fromRows: 0 } });
    const seen: SyncStatus[] = [];
    let dropped = false;
    s.sync.onStatus((status) => {
      seen.push(status);
      if (!dropped && status.progress && status.progress.done >= 1000) {
        dropped = true;
        env.link.setDown(true);
      }
    });
    const interrupted = await s.sync.start();
    s.sync.stop();
    env.link.setDown(false);
    expect(interrupted).toMatchObject({ online: false, progress: null });
    expect(interrupted.lastError).toMatch(/unreachable|cut off/);
    const stoppedAt = seen.filter((x) => x.progress).at(-1)!.progress!.done;
    expect(s.cache.snapshotPosition).not.toBeNull();

    const resumed: SyncStatus[] = [];
    s.sync.onStatus((status) => resumed.push(status));
    expect(await s.sync.start()).toMatchObject({ online: true, lastError: null });
    s.sync.stop();
    expect(resumed.find((x) => x.progress)!.progress!.done).toBeGreaterThan(stoppedAt);
    expect({ customers: s.cache.customers.count(), products: s.cache.products.count(), serviceOrders: s.cache.serviceOrders.count() }).toEqual(env.backend.countsOf('BJ01'));
    expect(s.readerStarts()).toBe(2);
    s.cache.close();
  });

  it('its session expiring mid-snapshot: the seat logs in again and goes on from the last page applied', async () => {
    let renewals = 0;
    const s = await seat('expired', {
      snapshotReader: { fromRows: 0 },
      onUnauthorized: async () => {
        renewals++;
        s.client.setToken((await s.client.login(DEMO_AGENT.login, DEMO_AGENT.password)).token);
        return true;
      },
    });
    let expired = false;
    s.sync.onStatus((status) => {
      if (expired || !status.progress || status.progress.done < 1000) return;
      expired = true;
      // The backend forgets every session (as when they time out) while the worker reads.
      const db = new Database(path.join(env.dir, 'server.db'));
      db.prepare('DELETE FROM sessions').run();
      db.close();
    });
    expect(await s.sync.start()).toMatchObject({ online: true, lastError: null });
    s.sync.stop();
    expect(expired).toBe(true);
    expect(renewals).toBe(1);
    expect(s.readerStarts()).toBe(2); // again after the renewal, with the new token
    expect({ customers: s.cache.customers.count(), products: s.cache.products.count(), serviceOrders: s.cache.serviceOrders.count() }).toEqual(env.backend.countsOf('BJ01'));
    s.cache.close();
  });

  it('the Electron bundle\'s reader (dist/electron/snapshotReaderWorker.cjs, made by npm run build) reads the snapshot too', async () => {
    const bundled = path.resolve('dist/electron/snapshotReaderWorker.cjs');
    const s = await seat('bundled', { snapshotReader: { fromRows: 0, script: pathToFileURL(bundled) } });
    expect(await s.sync.start(), `${bundled} must exist: run npm run build (npm test does)`).toMatchObject({ online: true, lastError: null });
    s.sync.stop();
    expect(s.readerStarts()).toBe(1);
    expect(s.cache.serviceOrders.count()).toBe(env.backend.countsOf('BJ01').serviceOrders);
    s.cache.close();
  });
});
