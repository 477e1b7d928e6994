import fs from 'node:fs';
import path from 'node:path';
import { SyncPullResponse } from '../shared/api/rest.js';
import { LocalCache } from '../main/services/localCache/localCache.js';
import { SEARCH_INDEX_TRIGGER_NAMES } from '../main/services/localCache/searchIndexTriggers.js';
import { BackendClient } from '../main/services/sync/backendClient.js';
import { SeatSync } from '../main/services/sync/seatSync.js';

/**
 * One seat's initial sync, in its own process so its peak RSS is its own: logs in, pulls the
 * whole scope into an empty cache, prints one JSON line with rows, seconds, peak RSS and where the
 * time went. The phases are timed here only, by wrapping what the real code path calls (fetch,
 * Response.json, the zod schema, the cache's page apply); the product code is not changed.
 *   - serverWaitMs: request sent → response headers (server query + serialisation start)
 *   - bodyReadMs: headers → whole body read (transfer of the rest of the page)
 *   - jsonParseMs: JSON.parse of the body
 *   - zodMs: SyncPullResponse.safeParse
 *   - applyMs: LocalCache.applyPulledPage (one transaction per page; search and secondary indexes off)
 *   - indexBuildMs: LocalCache.endBulkLoad: the search-index worker's last batch and the merge of its
 *     side file, then the secondary indexes (or, without the worker, all of it in line)
 *   - exposedWaitMs: the total less the main thread's synchronous work (JSON, zod, apply, index build)
 * After the first page a worker thread reads a large snapshot (SeatSync's snapshotReader): fetch,
 * JSON and zod then happen there, outside these wrappers, and the main thread's waits for its
 * pages (taking each page off the message queue included) count as exposed wait.
 * Afterwards, five more cycles with nothing to push or pull: the "nothing to sync" cost.
 */
const { BACKEND_URL, CACHE_FILE, LOGIN, PASSWORD, PAGE_SIZE, CACHE_KEY } = process.env as Record<string, string>;
fs.rmSync(path.dirname(CACHE_FILE!), { recursive: true, force: true });

const phases = { serverWaitMs: 0, bodyReadMs: 0, jsonParseMs: 0, zodMs: 0, applyMs: 0, indexBuildMs: 0, pages: 0, bytes: 0 };
/** The same phases in CPU milliseconds of this process (robust to a loaded machine, unlike the wall clock). */
const cpuPhases = { jsonParseMs: 0, zodMs: 0, applyMs: 0, indexBuildMs: 0 };
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
let timing = false;
const realFetch = globalThis.fetch;
globalThis.fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
  const url = String(input instanceof Request ? input.url : input);
  if (!timing || !url.includes('/sync/pull')) return realFetch(input, init);
  const t0 = performance.now();
  const response = await realFetch(input, init);
  const t1 = performance.now();
  const text = await response.text();
  const t2 = performance.now();
  phases.serverWaitMs += t1 - t0;
  phases.bodyReadMs += t2 - t1;
  phases.bytes += Buffer.byteLength(text);
  phases.pages++;
  // The client calls response.json(): hand it a response whose json() is the timed JSON.parse.
  const timed = new Response(text, { status: response.status, statusText: response.statusText, headers: response.headers });
  Object.defineProperty(timed, 'json', {
    value: async () => {
      const t = performance.now();
      const c = cpuMs();
      const parsed: unknown = JSON.parse(text);
      phases.jsonParseMs += performance.now() - t;
      cpuPhases.jsonParseMs += cpuMs() - c;
      return parsed;
    },
  });
  return timed;
};
const realSafeParse = SyncPullResponse.safeParse.bind(SyncPullResponse);
Object.defineProperty(SyncPullResponse, 'safeParse', {
  configurable: true,
  writable: true,
  value: (data: unknown) => {
    const t = performance.now();
    const c = cpuMs();
    try {
      return realSafeParse(data);
    } finally {
      phases.zodMs += performance.now() - t;
      cpuPhases.zodMs += cpuMs() - c;
    }
  },
});

const backend = new BackendClient({ baseUrl: BACKEND_URL!, timeoutMs: 120_000 });
backend.setToken((await backend.login(LOGIN!, PASSWORD!)).token);
// With CACHE_KEY the cache is encrypted at rest, as the Electron app keeps it.
const cache = LocalCache.open(CACHE_FILE!, { key: CACHE_KEY || undefined });
const realApply = cache.applyPulledPage.bind(cache);
cache.applyPulledPage = (...args: Parameters<LocalCache['applyPulledPage']>) => {
  const t = performance.now();
  const c = cpuMs();
  try {
    realApply(...args);
  } finally {
    phases.applyMs += performance.now() - t;
    cpuPhases.applyMs += cpuMs() - c;
  }
};
const realEndBulkLoad = cache.endBulkLoad.bind(cache);
let searchIndexBuiltBy: string | null = null;
cache.onSearchBuildFailure = (reason) => console.error(`search index worker failed: ${reason}`);
cache.endBulkLoad = async () => {
  const t = performance.now();
  const c = cpuMs();
  try {
    const how = await realEndBulkLoad();
    if (how !== 'none') searchIndexBuiltBy = how;
    return how;
  } finally {
    phases.indexBuildMs += performance.now() - t;
    cpuPhases.indexBuildMs += cpuMs() - c;
  }
};
const sync = new SeatSync({ cache, backend, seatId: 'bench', intervalMs: 3_600_000, pageSize: Number(PAGE_SIZE ?? 5000) });
let snapshotReadBy = 'this thread';
sync.onSnapshotReader = () => (snapshotReadBy = 'worker thread after the first page');
let firstProgressMs: number | null = null;
const started = performance.now();
sync.onStatus((s) => {
  if (s.progress && firstProgressMs === null) firstProgressMs = performance.now() - started;
});
timing = true;
const cpuBefore = process.cpuUsage();
const status = await sync.start();
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const cpuSeconds = Number(((cpu.user + cpu.system) / 1e6).toFixed(2));
timing = false;
// Nothing to send, nothing new: five more full cycles (push of an empty outbox + an empty pull),
// each timed; the first is the one PouchDB's first empty push compares with.
const nothingToSyncEachMs: number[] = [];
for (let i = 0; i < 5; i++) {
  const idleStart = performance.now();
  await sync.syncNow();
  nothingToSyncEachMs.push(Number((performance.now() - idleStart).toFixed(1)));
}
const nothingToSyncMs = nothingToSyncEachMs[0]!;
sync.stop();
// Every synced row the seat received (order events, interactions, follow-ups… as well as the three
// main kinds: the demo data grew them, and counting only the three understated the throughput).
const rowsByTable = Object.fromEntries(
  (cache.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%version%' AND sql LIKE '%deleted%' AND name <> 'conflicts'").pluck().all() as string[]).map((t) => [
    t,
    cache.db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number,
  ]),
);
const rows = Object.values(rowsByTable).reduce((a, b) => a + b, 0);
const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);

// The apply phase split: the same rows (SPLIT_ROWS of each kind, read back from the synced cache)
// upserted into two fresh caches in pages of PAGE_SIZE, one as is and one with its FTS triggers
// dropped: the difference is what the search index costs per row.
const splitRows = Number(process.env.SPLIT_ROWS ?? (CACHE_KEY ? 0 : 20_000));
const ids = (table: string) => (cache.db.prepare(`SELECT id FROM ${table} LIMIT ?`).pluck().all(splitRows) as string[]);
const sample = {
  customers: ids('customers').map((id) => cache.customers.find(id)!),
  products: ids('products').map((id) => cache.products.find(id)!),
  serviceOrders: ids('service_orders').map((id) => cache.serviceOrders.find(id)!),
};
const applyInto = (file: string, withFts: boolean) => {
  const target = LocalCache.open(file);
  if (!withFts) {
    // every search-index trigger (the order-number and model ones too: they do not say "fts")
    for (const t of SEARCH_INDEX_TRIGGER_NAMES) target.db.exec(`DROP TRIGGER IF EXISTS ${t}`);
  }
  const perKind: Record<string, number> = {};
  for (const [kind, list] of Object.entries(sample) as [keyof typeof sample, unknown[]][]) {
    const started = performance.now();
    const pageSize = Number(PAGE_SIZE ?? 5000);
    for (let i = 0; i < list.length; i += pageSize) {
      const page = list.slice(i, i + pageSize);
      target.db.transaction(() => {
        for (const row of page) target[kind].upsert(row as never);
      })();
    }
    perKind[kind] = Number(((1000 * (performance.now() - started)) / Math.max(list.length, 1)).toFixed(1));
  }
  target.close();
  return perKind;
};
const splitDir = path.join(path.dirname(CACHE_FILE!), 'split');
fs.mkdirSync(splitDir, { recursive: true });
applyInto(path.join(splitDir, 'warm-up.db'), false); // JIT and statement warm-up, not reported
const withFtsUsPerRow = applyInto(path.join(splitDir, 'with-fts.db'), true);
const withoutFtsUsPerRow = applyInto(path.join(splitDir, 'without-fts.db'), false);
cache.db.pragma('wal_checkpoint(TRUNCATE)');
cache.close();
const totalMs = seconds * 1000;
const round = (ms: number) => Math.round(ms);
const share = (ms: number) => Number(((100 * ms) / totalMs).toFixed(1));
console.log(
  JSON.stringify({
    rows,
    rowsByTable,
    seconds: Number(seconds.toFixed(2)),
    rowsPerSecond: Math.round(rows / seconds),
    // The seat's own CPU time for the sync (all its threads): less sensitive to a loaded machine.
    cpuSeconds,
    rowsPerCpuSecond: Math.round(rows / cpuSeconds),
    firstProgressMs: firstProgressMs && Math.round(firstProgressMs),
    peakRssMB,
    cacheFileMB: Math.round(fs.statSync(CACHE_FILE!).size / 1e6),
    pageSize: Number(PAGE_SIZE ?? 5000),
    // 'worker': built beside the load by a worker thread, merged at the end; 'in-line': at the end
    searchIndexBuiltBy,
    snapshotReadBy,
    phases: {
      pages: phases.pages,
      bodyMB: Math.round(phases.bytes / 1e6),
      serverWaitMs: round(phases.serverWaitMs),
      bodyReadMs: round(phases.bodyReadMs),
      jsonParseMs: round(phases.jsonParseMs),
      zodMs: round(phases.zodMs),
      applyMs: round(phases.applyMs),
      indexBuildMs: round(phases.indexBuildMs),
      cpuMs: { jsonParse: round(cpuPhases.jsonParseMs), zod: round(cpuPhases.zodMs), apply: round(cpuPhases.applyMs), indexBuild: round(cpuPhases.indexBuildMs) },
      // The seat fetches the next page while it applies the current one (SeatSync), so the
      // request → headers wait overlaps the previous page's apply: the phases add up to more than
      // the total. What the main thread could not hide is the total less its own synchronous work.
      mainThreadMs: round(phases.jsonParseMs + phases.zodMs + phases.applyMs + phases.indexBuildMs),
      exposedWaitMs: round(totalMs - (phases.jsonParseMs + phases.zodMs + phases.applyMs + phases.indexBuildMs)),
      percent: {
        serverWait: share(phases.serverWaitMs),
        bodyRead: share(phases.bodyReadMs),
        jsonParse: share(phases.jsonParseMs),
        zod: share(phases.zodMs),
        apply: share(phases.applyMs),
        indexBuild: share(phases.indexBuildMs),
        exposedWait: share(totalMs - (phases.jsonParseMs + phases.zodMs + phases.applyMs + phases.indexBuildMs)),
      },
    },
    applySplit: { rowsPerKind: splitRows, withFtsUsPerRow, withoutFtsUsPerRow },
    nothingToSyncMs,
    nothingToSyncEachMs,
    error: status.lastError,
  }),
);
