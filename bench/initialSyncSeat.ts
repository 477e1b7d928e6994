import fs from 'node:fs';
import path from 'node:path';
import { LocalCache } from '../main/services/localCache/localCache.js';
import { BackendClient } from '../main/services/sync/backendClient.js';
import { SeatSync } from '../main/services/sync/seatSync.js';

/**
 * One seat's initial sync, in its own process so its peak RSS is its own: logs in, pulls the
 * whole scope into an empty cache, prints one JSON line with rows, seconds and peak RSS.
 */
const { BACKEND_URL, CACHE_FILE, LOGIN, PASSWORD, PAGE_SIZE } = process.env as Record<string, string>;
fs.rmSync(path.dirname(CACHE_FILE!), { recursive: true, force: true });
const backend = new BackendClient({ baseUrl: BACKEND_URL!, timeoutMs: 120_000 });
backend.setToken((await backend.login(LOGIN!, PASSWORD!)).token);
const cache = LocalCache.open(CACHE_FILE!);
const sync = new SeatSync({ cache, backend, seatId: 'bench', intervalMs: 3_600_000, pageSize: Number(PAGE_SIZE ?? 5000) });
let firstProgressMs: number | null = null;
const started = performance.now();
sync.onStatus((s) => {
  if (s.progress && firstProgressMs === null) firstProgressMs = performance.now() - started;
});
const status = await sync.start();
const seconds = (performance.now() - started) / 1000;
sync.stop();
const rows = cache.customers.count() + cache.products.count() + cache.serviceOrders.count();
cache.db.pragma('wal_checkpoint(TRUNCATE)');
cache.close();
console.log(
  JSON.stringify({
    rows,
    seconds: Number(seconds.toFixed(2)),
    rowsPerSecond: Math.round(rows / seconds),
    firstProgressMs: firstProgressMs && Math.round(firstProgressMs),
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    cacheFileMB: Math.round(fs.statSync(CACHE_FILE!).size / 1e6),
    error: status.lastError,
  }),
);
