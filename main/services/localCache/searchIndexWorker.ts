import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3-multiple-ciphers';
import { applyCacheKey, attachWithKey } from './cacheEncryption.js';
import { registerCacheFunctions } from './cacheConnection.js';
import { SEARCH_INDEXES, SEARCH_SOURCES, searchIndexFill, type SearchSource } from './searchIndex.js';
import type { SearchIndexWorkerData, SearchIndexWorkerReply, SearchIndexWorkerRequest } from './searchIndexBuild.js';

/**
 * The worker thread that builds the cache's full-text indexes in a side file while an initial
 * sync writes the tables: it reads the rows committed so far through its own connection (WAL: the
 * writer never waits for it) and indexes those after the last it read. On `finish` it catches up
 * once more and answers with how far it read; the main thread merges the side file.
 */
const { cacheFile, sideFile, key, nativeBinding, definitions, minRows } = workerData as SearchIndexWorkerData;
const port = parentPort!;

const side = new Database(sideFile, nativeBinding ? { nativeBinding } : {});
if (key) applyCacheKey(side, key);
// A scratch file: thrown away on any interruption, so no journal and no waiting for the disk.
side.pragma('journal_mode = OFF');
side.pragma('synchronous = OFF');
registerCacheFunctions(side);
for (const sql of definitions) side.exec(sql);
attachWithKey(side, cacheFile, 'src', key);

const lastRead = Object.fromEntries(SEARCH_SOURCES.map((s) => [s, 0])) as Record<SearchSource, number>;
const maxRowid = Object.fromEntries(SEARCH_SOURCES.map((s) => [s, side.prepare(`SELECT coalesce(max(rowid), 0) FROM src.${s}`).pluck()])) as Record<
  SearchSource,
  Database.Statement
>;
const fills = SEARCH_INDEXES.map((index) => ({ source: index.source, insert: side.prepare(searchIndexFill(index, 'WHERE rowid > @from AND rowid <= @to', 'src')) }));

/** Indexes the rows committed since the last read; below `minRows` new rows it waits for more. */
function catchUp(atLeast: number): void {
  side.transaction(() => {
    const upTo = Object.fromEntries(SEARCH_SOURCES.map((s) => [s, maxRowid[s].get() as number])) as Record<SearchSource, number>;
    const waiting = SEARCH_SOURCES.reduce((n, s) => n + Math.max(upTo[s] - lastRead[s], 0), 0);
    if (waiting === 0 || waiting < atLeast) return;
    for (const { source, insert } of fills) if (upTo[source] > lastRead[source]) insert.run({ from: lastRead[source], to: upTo[source] });
    for (const s of SEARCH_SOURCES) lastRead[s] = Math.max(lastRead[s], upTo[s]);
  })();
  // The main thread does not checkpoint during the load (searchIndexBuild.ts): copying its WAL
  // into the cache file is done here, off its thread. PASSIVE: never waits for the writer.
  side.pragma('src.wal_checkpoint(PASSIVE)');
}

port.on('message', (request: SearchIndexWorkerRequest) => {
  try {
    if (request === 'more') {
      catchUp(minRows);
      return;
    }
    catchUp(1);
    side.exec('DETACH DATABASE src');
    side.close();
    port.postMessage({ type: 'done', lastRead } satisfies SearchIndexWorkerReply);
  } catch (error) {
    port.postMessage({ type: 'failed', message: String((error as Error)?.message ?? error) } satisfies SearchIndexWorkerReply);
  }
});
