import fs from 'node:fs';
import type { Worker, WorkerOptions } from 'node:worker_threads';
import Database from 'better-sqlite3-multiple-ciphers';
import { applyCacheKey, attachWithKey, type CacheKey } from './cacheEncryption.js';
import { startWorker, workerScriptBeside } from '../workerThreads.js';
import { registerCacheFunctions, type LocalCacheDb } from './cacheConnection.js';
import { mergeSideSearchIndex, SEARCH_INDEXES, SEARCH_SOURCES, type SearchSource } from './searchIndex.js';

export interface SearchIndexWorkerData {
  cacheFile: string;
  sideFile: string;
  key?: CacheKey;
  nativeBinding?: string;
  /** CREATE VIRTUAL TABLE statements of the full-text indexes, as the cache has them. */
  definitions: string[];
  /** Rows to wait for before indexing a batch: fewer, larger segments to merge. */
  minRows: number;
}
export type SearchIndexWorkerRequest = 'more' | 'finish';
export type SearchIndexWorkerReply = { type: 'done'; lastRead: Record<SearchSource, number> } | { type: 'failed'; message: string };

export interface SearchIndexBuildOptions {
  cacheFile: string;
  /** Rows to wait for before indexing a batch (default 20,000). */
  batchRows?: number;
  key?: CacheKey;
  nativeBinding?: string;
  /** The worker's script (a file URL); by default searchIndexWorker beside this module (.ts under tsx, .cjs in the Electron bundle). */
  workerScript?: URL;
}

/** SQLite's default: checkpoint when the WAL passes 1,000 pages. */
const DEFAULT_WAL_AUTOCHECKPOINT = 1000;

/** Where the worker writes: beside the cache, thrown away after the merge or an interruption. */
export const sideFileOf = (cacheFile: string) => `${cacheFile}.search-build`;

export function removeSideFile(cacheFile: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(sideFileOf(cacheFile) + suffix, { force: true });
}

/**
 * The full-text indexes of an initial sync, built by a worker thread while the main thread loads
 * the tables: on a 2-core seat the indexing (~5 s for a 200k-customer branch) then overlaps the
 * download instead of following it, and the main thread — the Electron app's main process —
 * stays free. If anything goes wrong the caller indexes in line instead.
 */
export class SearchIndexBuild {
  private readonly worker: Worker;
  private readonly outcome: Promise<SearchIndexWorkerReply>;
  private settled = false;

  private constructor(
    private readonly options: SearchIndexBuildOptions,
    definitions: string[],
    /** The cache's own connection, whose checkpoints are handed back at the end. */
    private connection: LocalCacheDb | null,
  ) {
    removeSideFile(options.cacheFile);
    const script = options.workerScript ?? workerScriptBeside(import.meta.url, 'searchIndexWorker');
    const workerOptions: WorkerOptions = {
      workerData: {
        cacheFile: options.cacheFile,
        sideFile: sideFileOf(options.cacheFile),
        key: options.key,
        nativeBinding: options.nativeBinding,
        definitions,
        minRows: options.batchRows ?? 20_000,
      } satisfies SearchIndexWorkerData,
    };
    this.worker = startWorker(script, workerOptions);
    this.worker.unref();
    this.outcome = new Promise<SearchIndexWorkerReply>((resolve) => {
      this.worker.once('message', resolve);
      this.worker.once('error', (error: unknown) => resolve({ type: 'failed', message: String((error as Error)?.message ?? error) }));
      this.worker.once('exit', (code) => resolve({ type: 'failed', message: `the search index worker exited (${code})` }));
    });
  }

  /**
   * Starts a build for a file-backed cache; null where a worker cannot help (an in-memory cache).
   * Until `stop`, the cache's connection leaves WAL checkpoints to the worker.
   */
  static start(db: LocalCacheDb, options: SearchIndexBuildOptions): SearchIndexBuild | null {
    if (db.memory || !fs.existsSync(options.cacheFile)) return null;
    const definitions = SEARCH_INDEXES.map(({ fts }) => db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(fts) as string | undefined);
    if (definitions.some((sql) => !sql)) return null;
    let build: SearchIndexBuild;
    try {
      build = new SearchIndexBuild(options, definitions as string[], db);
    } catch {
      return null;
    }
    db.pragma('wal_autocheckpoint = 0');
    return build;
  }

  private restoreCheckpoints(): void {
    if (this.connection?.open) this.connection.pragma(`wal_autocheckpoint = ${DEFAULT_WAL_AUTOCHECKPOINT}`);
    this.connection = null;
  }

  /** A page was committed: index what arrived (the worker waits for a batch's worth). */
  more(): void {
    if (!this.settled) this.worker.postMessage('more' satisfies SearchIndexWorkerRequest);
  }

  /**
   * The load is over: the worker indexes what arrived since its last batch and stops. Answers
   * how far it read each table, or why it failed (then nothing is changed: index in line).
   */
  async stop(): Promise<{ lastRead: Record<SearchSource, number> } | { failed: string }> {
    if (this.settled) return { failed: 'already stopped' };
    this.worker.postMessage('finish' satisfies SearchIndexWorkerRequest);
    const reply = await this.outcome;
    this.settled = true;
    this.restoreCheckpoints();
    await this.worker.terminate();
    if (reply.type !== 'done') {
      removeSideFile(this.options.cacheFile);
      return { failed: reply.type === 'failed' ? reply.message : 'no answer' };
    }
    if (!SEARCH_SOURCES.every((s) => Number.isSafeInteger(reply.lastRead[s]))) return { failed: 'a bad answer from the worker' };
    return { lastRead: reply.lastRead };
  }

  /**
   * The worker's side file replaces the cache's index data, and the rows written after its last
   * read or changed since it read them are indexed, with the rest of the load's bookkeeping, in
   * one transaction (rolled back whole if anything fails). The side file is removed either way.
   */
  merge(lastRead: Record<SearchSource, number>): void {
    try {
      this.mergeSideFile(lastRead);
    } finally {
      removeSideFile(this.options.cacheFile);
    }
  }

  /** Stops the worker and removes its file (the cache is closing). */
  cancel(): void {
    if (this.settled) return;
    this.settled = true;
    this.restoreCheckpoints();
    void this.worker.terminate().then(() => removeSideFile(this.options.cacheFile));
  }

  private mergeSideFile(lastRead: Record<SearchSource, number>): void {
    const { cacheFile, key, nativeBinding } = this.options;
    const db = new Database(cacheFile, nativeBinding ? { nativeBinding } : {});
    try {
      if (key) applyCacheKey(db, key);
      db.pragma('busy_timeout = 5000');
      db.pragma('foreign_keys = ON');
      registerCacheFunctions(db);
      db.unsafeMode(true); // the index's shadow tables are written directly
      attachWithKey(db, sideFileOf(cacheFile), 'side', key);
      db.transaction(() => mergeSideSearchIndex(db, lastRead)).immediate();
      db.exec('DETACH DATABASE side');
    } finally {
      db.close();
    }
  }
}
