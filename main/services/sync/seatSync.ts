import type { SyncStatus } from '../../../shared/workstationApi.js';
import type { SyncErrorCode } from '../../../shared/errorCodes.js';
import type { LocalCache } from '../localCache/localCache.js';
import type { SyncPullResponse } from '../../../shared/api/rest.js';
import type { PackedRows } from '../localCache/rowParams.js';
import { BackendError, type BackendClient } from './backendClient.js';
import { InThreadSnapshotPages, readerDataOf, SnapshotReaderStopped, WorkerSnapshotPages, type SnapshotPages } from './snapshotPages.js';

export interface SeatSyncOptions {
  cache: LocalCache;
  backend: BackendClient;
  seatId: string;
  /** How often to poll the backend for changes (and to notice it coming back). */
  intervalMs: number;
  pageSize?: number;
  pushBatchSize?: number;
  /** Longest wait between retries while the backend is unreachable. */
  maxBackoffMs?: number;
  /** Called when the session token is refused, so the session can log in again. */
  onUnauthorized?: () => Promise<boolean>;
  /**
   * The worker thread that reads a large snapshot (snapshotPages.ts): from how many rows still to
   * come after the first page (50,000), another script (tests), or false for this thread only.
   */
  snapshotReader?: { fromRows?: number; script?: URL } | false;
  now?: () => Date;
  random?: () => number;
}

/**
 * Keeps the seat's cache and the backend in step: first pushes the outbox (oldest first, in
 * batches), then pulls the changes of the agent's scope page by page from the stored cursor.
 * Runs on its own timer — retries never wait for the next local write — with jittered
 * exponential backoff while the backend is unreachable, and can be woken at once (a local
 * write, a live event, the network coming back). Publishes its state for the status line.
 */
export class SeatSync {
  private status: SyncStatus;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<SyncStatus> | null = null;
  /** Callers who asked while a cycle was under way: answered by the cycle that follows it. */
  private queued: { promise: Promise<SyncStatus>; resolve: (status: Promise<SyncStatus> | SyncStatus) => void } | null = null;
  private stopped = true;
  private failures = 0;
  private readonly listeners = new Set<(status: SyncStatus) => void>();

  constructor(private readonly options: SeatSyncOptions) {
    this.status = {
      online: false,
      syncing: false,
      lastSyncAt: options.cache.lastSyncAt,
      pending: options.cache.outbox.count(),
      progress: null,
      lastError: null, lastErrorCode: null,
    };
  }

  get current(): SyncStatus {
    return this.status;
  }

  onStatus(listener: (status: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts the timer-driven cycles; resolves when the first one is done. */
  start(): Promise<SyncStatus> {
    this.stopped = false;
    return this.syncNow();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * Pushes the whole outbox once, without pulling and without a timer: a cache about to be
   * replaced by a fresh one (session/cacheKeyRecovery.ts). Throws as a cycle's push does
   * (unreachable, refused session); resolves with how many changes still wait.
   */
  async pushOutboxOnly(): Promise<number> {
    this.stopped = false;
    try {
      await this.push();
    } finally {
      this.stopped = true;
    }
    return this.options.cache.outbox.count();
  }

  /** A local change was queued: show it as pending and push it now. */
  notifyLocalChange(): void {
    this.publish({ pending: this.options.cache.outbox.count() });
    void this.syncNow();
  }

  /**
   * The backend's live event: its change log for the branch reaches `headSeq`. A cycle runs only
   * when that is beyond the seat's cursor, something waits to be pushed, or the seat thought the
   * backend unreachable; a head the seat already has costs no request. Judged after the cycle
   * under way, whose pull may already bring it. Resolves with whether a cycle ran.
   */
  async remoteHead(headSeq: number | null): Promise<boolean> {
    if (this.running) await this.running;
    if (this.stopped) return false;
    const { cache } = this.options;
    const known = headSeq !== null && headSeq <= cache.pullCursor && cache.snapshotPosition === null;
    if (known && this.status.online && cache.outbox.count() === 0) return false;
    await this.syncNow();
    return true;
  }

  /**
   * Runs one cycle now and resolves with the resulting state. If a cycle is under way, another
   * follows it and the caller gets that one's state: the running cycle may have begun before the
   * caller's change was queued or before the link came back, so its result would answer an
   * older question.
   */
  syncNow(): Promise<SyncStatus> {
    if (this.running) {
      if (!this.queued) {
        let resolve!: (status: Promise<SyncStatus> | SyncStatus) => void;
        const promise = new Promise<SyncStatus>((r) => (resolve = r));
        this.queued = { promise, resolve };
      }
      return this.queued.promise;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running = this.runCycle().finally(() => {
      this.running = null;
      const queued = this.queued;
      this.queued = null;
      if (this.stopped) {
        queued?.resolve(this.status);
        return;
      }
      if (queued) queued.resolve(this.syncNow());
      else this.timer = setTimeout(() => void this.syncNow(), this.nextDelayMs());
    });
    return this.running;
  }

  private nextDelayMs(): number {
    const { intervalMs, maxBackoffMs = 30_000 } = this.options;
    if (this.failures === 0) return intervalMs;
    const backoff = Math.min(intervalMs * 2 ** this.failures, Math.max(maxBackoffMs, intervalMs));
    // Jitter: seats of a branch that lost its link together do not all come back in one burst.
    return Math.round(backoff * (0.5 + (this.options.random ?? Math.random)()));
  }

  private async runCycle(): Promise<SyncStatus> {
    try {
      await this.push();
      await this.pull();
      this.failures = 0;
      this.publish({ syncing: false, progress: null });
    } catch (error) {
      // An interrupted initial sync: the agent may work offline from what arrived, so index it now.
      if (!this.stopped) await this.options.cache.endBulkLoad();
      this.failures++;
      const offline = error instanceof BackendError && error.kind === 'unreachable';
      this.publish({ syncing: false, online: !offline, progress: null, lastError: (error as Error).message, lastErrorCode: syncErrorCode(error) });
    }
    return this.status;
  }

  private async push(): Promise<void> {
    const { cache, backend, seatId } = this.options;
    const now = this.options.now ?? (() => new Date());
    for (;;) {
      const batch = cache.outbox.head(this.options.pushBatchSize ?? 200);
      if (batch.length === 0 || this.stopped) return;
      this.publish({ syncing: true });
      const mutations = batch.map(({ mutationId, entity, entityId, op, baseVersion, patch }) => ({ mutationId, entity, entityId, op, baseVersion, patch }));
      try {
        const { results } = await this.withSession(() => backend.push({ seatId, mutations }));
        if (this.stopped) return;
        cache.acknowledge(results, now().toISOString());
      } catch (error) {
        if (!this.stopped) cache.outbox.recordFailedAttempt(batch.at(-1)!.seq, (error as Error).message);
        throw error;
      }
      this.publish({ online: true, pending: cache.outbox.count(), lastError: null, lastErrorCode: null });
    }
  }

  private async pull(): Promise<void> {
    const { cache } = this.options;
    // An empty cache: write rows first and build the search indexes once at the end (or on failure).
    if (cache.pullCursor === 0) {
      this.publish({ syncing: true });
      cache.beginBulkLoad();
      await this.pullSnapshot();
      if (this.stopped) return;
    }
    await this.pullLog();
    if (!this.stopped) await cache.endBulkLoad();
  }

  /**
   * The initial sync: the scope's rows straight from the backend's tables, page by page, each
   * page applied with its resume position in one transaction (an interruption resumes there).
   * The last page sets the cursor to the log's head when the snapshot began. A large snapshot is
   * read by a worker thread after its first page (snapshotPages.ts).
   */
  private async pullSnapshot(): Promise<void> {
    const { cache, backend } = this.options;
    const now = this.options.now ?? (() => new Date());
    const pageSize = this.options.pageSize ?? 5000;
    const inThread = (position: string) => new InThreadSnapshotPages((p) => this.withSession(() => backend.pull(0, pageSize, p)), position);
    let pages: SnapshotPages = inThread(cache.snapshotPosition ?? 'start');
    let renewed = false;
    let readerUnreachable = false;
    try {
      for (;;) {
        let page: SyncPullResponse;
        let packed: PackedRows | undefined;
        try {
          ({ page, packed } = await pages.next());
        } catch (error) {
          // The worker itself is gone (its script missing, a crash): the pages it had checked were
          // applied; the rest is read here, and no worker is tried again in this seat's life.
          if (error instanceof SnapshotReaderStopped) {
            pages.close();
            this.snapshotReaderBroken = error.message;
            pages = inThread(cache.snapshotPosition ?? 'start');
            continue;
          }
          // The thread cannot reach the backend: in the app this thread's requests may go where
          // its cannot (the system proxy, the OS certificates: Electron's network stack), or the
          // link dropped. Read the rest here; if this thread cannot reach it either, the run ends
          // offline as it would have. The next run tries a reader thread again.
          if (pages instanceof WorkerSnapshotPages && error instanceof BackendError && error.kind === 'unreachable') {
            pages.close();
            readerUnreachable = true;
            pages = inThread(cache.snapshotPosition ?? 'start');
            continue;
          }
          // The worker's session expired (this thread's requests renew it themselves): log in again
          // once, and go on from the last page applied.
          if (renewed || !(pages instanceof WorkerSnapshotPages) || !(error instanceof BackendError) || error.kind !== 'unauthorized' || !this.options.onUnauthorized || !(await this.options.onUnauthorized())) throw error;
          renewed = true;
          pages.close();
          pages = inThread(cache.snapshotPosition ?? 'start');
          continue;
        }
        if (this.stopped) return; // the session ended while the page was in flight: its cache is closed
        const snapshot = page.snapshot;
        if (!snapshot) throw new BackendError('server', 'the backend answered a snapshot request without a snapshot position');
        const syncedAt = now().toISOString();
        cache.applyPulledPage(page.changes, page.cursor, syncedAt, { snapshot: snapshot.next, packed });
        this.publish({ online: true, lastSyncAt: syncedAt, lastError: null, lastErrorCode: null, progress: { done: snapshot.done, total: snapshot.total } });
        if (snapshot.next === null) return;
        const reader = this.options.snapshotReader;
        if (pages instanceof InThreadSnapshotPages && reader !== false && !this.snapshotReaderBroken && !readerUnreachable && snapshot.total - snapshot.done >= (reader?.fromRows ?? 50_000)) {
          pages.close();
          pages = new WorkerSnapshotPages(readerDataOf(backend, pageSize, snapshot.next), reader?.script);
          this.onSnapshotReader?.();
        }
      }
    } finally {
      pages.close();
    }
  }

  /** Told when a worker thread takes over reading the snapshot (for tests and the benchmark). */
  onSnapshotReader: (() => void) | null = null;

  /** Why the snapshot reader thread stopped, after which this seat reads snapshots on its own thread; null while it works. */
  snapshotReaderBroken: string | null = null;

  /** The change log from the stored cursor: what changed in the scope, and rows that left it. */
  private async pullLog(): Promise<void> {
    const { cache, backend } = this.options;
    const now = this.options.now ?? (() => new Date());
    const startCursor = cache.pullCursor;
    // A routine poll is not worth a "syncing" flicker on the status line; a catch-up is.
    if (!this.status.online) this.publish({ syncing: true });
    const fetchPage = (from: number) => this.prefetched(() => backend.pull(from, this.options.pageSize ?? 2000));
    let next = fetchPage(startCursor);
    for (;;) {
      const page = await next;
      if (this.stopped) return;
      if (page.hasMore) next = fetchPage(page.cursor);
      const syncedAt = now().toISOString();
      if (page.changes.length > 0 || page.removals.length > 0) cache.applyPulledPage(page.changes, page.cursor, syncedAt, { removals: page.removals });
      else cache.markSynced(syncedAt);
      const cursor = page.cursor;
      const total = Math.max(page.headSeq - startCursor, 0);
      const done = Math.min(cursor - startCursor, total);
      this.publish({
        online: true,
        lastSyncAt: syncedAt,
        lastError: null, lastErrorCode: null,
        // Progress is worth showing only for a multi-page run (after a long outage).
        progress: page.hasMore || this.status.progress ? { done: page.hasMore ? done : total, total } : null,
      });
      if (!page.hasMore) return;
    }
  }

  /** A request started ahead of its use: awaited later, so an error meanwhile must not go unhandled. */
  private prefetched<T>(call: () => Promise<T>): Promise<T> {
    const request = this.withSession(call);
    request.catch(() => undefined);
    return request;
  }

  private async withSession<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof BackendError && error.kind === 'unauthorized' && this.options.onUnauthorized && (await this.options.onUnauthorized())) {
        return call();
      }
      throw error;
    }
  }

  private publish(change: Partial<SyncStatus>): void {
    const next = { ...this.status, ...change };
    if (JSON.stringify(next) === JSON.stringify(this.status)) return;
    this.status = next;
    for (const listener of this.listeners) listener(this.status);
  }
}

/** The kind of a failed sync, for the agent's words (the message stays for support staff). */
function syncErrorCode(error: unknown): SyncErrorCode {
  if (!(error instanceof BackendError)) return 'seat_failed';
  switch (error.kind) {
    case 'unreachable':
      return 'backend_unreachable';
    case 'unauthorized':
      return 'session_expired';
    case 'rejected':
      return 'backend_refused';
    case 'server':
      return 'backend_failed';
  }
}
