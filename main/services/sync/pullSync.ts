import type { SyncStatus } from '../../../shared/workstationApi.js';
import type { LocalCache } from '../localCache/localCache.js';
import { BackendError, type BackendClient } from './backendClient.js';

export interface PullSyncOptions {
  cache: LocalCache;
  backend: BackendClient;
  /** How often to poll the backend for changes (and to notice it coming back). */
  intervalMs: number;
  pageSize?: number;
  /** Called when the session token is refused, so the session can log in again. */
  onUnauthorized?: () => Promise<boolean>;
  now?: () => Date;
}

/**
 * Brings the backend's changes for this agent's scope into the cache: page by page from the
 * stored cursor (each page and its cursor committed together, so an interrupted initial sync
 * resumes), then on a timer. Publishes its state for the status line.
 */
export class PullSync {
  private status: SyncStatus;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<SyncStatus> | null = null;
  private stopped = true;
  private readonly listeners = new Set<(status: SyncStatus) => void>();

  constructor(private readonly options: PullSyncOptions) {
    this.status = {
      online: false,
      syncing: false,
      lastSyncAt: options.cache.lastSyncAt,
      pending: 0,
      progress: null,
      lastError: null,
    };
  }

  get current(): SyncStatus {
    return this.status;
  }

  onStatus(listener: (status: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    this.stopped = false;
    void this.syncNow();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Runs one sync now (or joins the one under way) and resolves with the resulting state. */
  syncNow(): Promise<SyncStatus> {
    if (!this.running) {
      if (this.timer) clearTimeout(this.timer);
      this.running = this.runOnce().finally(() => {
        this.running = null;
        if (!this.stopped) this.timer = setTimeout(() => void this.syncNow(), this.options.intervalMs);
      });
    }
    return this.running;
  }

  private async runOnce(): Promise<SyncStatus> {
    const { cache, backend } = this.options;
    const now = this.options.now ?? (() => new Date());
    const startCursor = cache.pullCursor;
    // A routine poll is not worth a "syncing" flicker on the status line; a catch-up is.
    if (startCursor === 0 || !this.status.online) this.publish({ syncing: true });
    try {
      let cursor = startCursor;
      for (;;) {
        const page = await this.pullPage(backend, cursor);
        if (this.stopped) break; // the session ended while the page was in flight: its cache is closed
        const syncedAt = now().toISOString();
        if (page.changes.length > 0) cache.applyPulledPage(page.changes, page.cursor, syncedAt);
        else cache.markSynced(syncedAt);
        cursor = page.cursor;
        const total = Math.max(page.headSeq - startCursor, 0);
        const done = Math.min(cursor - startCursor, total);
        this.publish({
          online: true,
          lastSyncAt: syncedAt,
          lastError: null,
          // Progress is worth showing only for a multi-page run (the initial sync, or after a long outage).
          progress: page.hasMore || this.status.progress ? { done: page.hasMore ? done : total, total } : null,
        });
        if (!page.hasMore || this.stopped) break;
      }
      this.publish({ syncing: false, progress: null });
    } catch (error) {
      const offline = error instanceof BackendError && error.kind === 'unreachable';
      this.publish({ syncing: false, online: !offline, lastError: (error as Error).message });
    }
    return this.status;
  }

  private async pullPage(backend: BackendClient, cursor: number) {
    try {
      return await backend.pull(cursor, this.options.pageSize ?? 2000);
    } catch (error) {
      if (error instanceof BackendError && error.kind === 'unauthorized' && this.options.onUnauthorized && (await this.options.onUnauthorized())) {
        return backend.pull(cursor, this.options.pageSize ?? 2000);
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
