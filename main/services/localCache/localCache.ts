import type { SyncChange } from '../../../shared/api/rest.js';
import { customerTable } from './customerTable.js';
import { openLocalCache, readMeta, writeMeta, type LocalCacheDb, type OpenLocalCacheOptions } from './openLocalCache.js';
import { productTable } from './productTable.js';
import { serviceOrderTable } from './serviceOrderTable.js';

const PULL_CURSOR_KEY = 'sync.pullCursor';
const LAST_SYNC_KEY = 'sync.lastSyncAt';

/** The seat's local cache: its tables, and the few operations that span them. */
export class LocalCache {
  readonly customers;
  readonly products;
  readonly serviceOrders;

  private constructor(readonly db: LocalCacheDb) {
    this.customers = customerTable(db);
    this.products = productTable(db);
    this.serviceOrders = serviceOrderTable(db);
  }

  static open(file: string, options?: OpenLocalCacheOptions): LocalCache {
    return new LocalCache(openLocalCache(file, options));
  }

  get pullCursor(): number {
    return Number(readMeta(this.db, PULL_CURSOR_KEY) ?? 0);
  }

  get lastSyncAt(): string | null {
    return readMeta(this.db, LAST_SYNC_KEY);
  }

  readMeta(key: string): string | null {
    return readMeta(this.db, key);
  }

  writeMeta(key: string, value: string): void {
    writeMeta(this.db, key, value);
  }

  /**
   * Applies one page of pulled changes and advances the cursor in the same transaction, so an
   * interrupted initial sync resumes from the last whole page instead of starting over.
   */
  applyPulledPage(changes: readonly SyncChange[], cursor: number, syncedAt: string): void {
    this.db.transaction(() => {
      for (const change of changes) {
        switch (change.entity) {
          case 'customer':
            this.customers.upsert(change.row);
            break;
          case 'product':
            this.products.upsert(change.row);
            break;
          case 'serviceOrder':
            this.serviceOrders.upsert(change.row);
            break;
        }
      }
      writeMeta(this.db, PULL_CURSOR_KEY, String(cursor));
      writeMeta(this.db, LAST_SYNC_KEY, syncedAt);
    })();
  }

  /** Records a successful contact with the backend that had nothing new. */
  markSynced(syncedAt: string): void {
    writeMeta(this.db, LAST_SYNC_KEY, syncedAt);
  }

  close(): void {
    this.db.close();
  }
}
