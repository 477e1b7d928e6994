import { dropSyncedTableIndexes, restoreSyncedTableIndexes } from './bulkLoadIndexes.js';
import { readMeta, writeMeta, type LocalCacheDb } from './cacheConnection.js';
import { SEARCH_INDEX_TRIGGER_NAMES, SEARCH_INDEX_TRIGGERS } from './searchIndexTriggers.js';

/**
 * Bulk loading for the initial sync. Keeping the full-text indexes current row by row costs
 * about ten times the row write itself (measured: ~120 µs vs ~11 µs per customer), so an initial
 * sync drops the index triggers and builds the indexes in one pass: beside the load in a worker
 * thread (searchIndexBuild.ts), or here at its end. The flag is kept in the cache, so a seat that
 * crashed mid-load rebuilds when it opens the file again.
 */
const BULK_LOAD_KEY = 'search.bulkLoad';

export type SearchSource = 'customers' | 'products' | 'service_orders';

/** The full-text indexes, each filled from one table: what a rebuild, the worker and a merge write. */
export const SEARCH_INDEXES: ReadonlyArray<{ fts: string; source: SearchSource; columns: string; values: string }> = [
  { fts: 'customer_text_fts', source: 'customers', columns: 'name, address', values: 'spaced_for_index(name), spaced_for_index(province || city || address)' },
  { fts: 'customer_phone_fts', source: 'customers', columns: 'digits', values: "phone_digits(phone) || ' ' || phone_digits(alt_phone)" },
  { fts: 'product_serial_fts', source: 'products', columns: 'serial', values: 'serial_number' },
  { fts: 'customer_trigram_fts', source: 'customers', columns: 'name, address', values: 'name, province || city || address' },
  { fts: 'order_number_fts', source: 'service_orders', columns: 'number', values: 'order_number' },
  { fts: 'product_model_fts', source: 'products', columns: 'model', values: 'model' },
];
export const SEARCH_SOURCES: readonly SearchSource[] = ['customers', 'products', 'service_orders'];

/** INSERT of the index entries of `source` rows matching `where` (read from `schema`, e.g. an attached cache). */
export function searchIndexFill(index: (typeof SEARCH_INDEXES)[number], where = '', schema = 'main'): string {
  return `INSERT INTO main.${index.fts}(rowid, ${index.columns}) SELECT rowid, ${index.values} FROM ${schema}.${index.source} ${where}`;
}

/**
 * While a load runs, rows changed or deleted are listed for indexing again (migration 11): the
 * worker may have read them before. Inserts need no trigger: the worker and the merge take every
 * row after the last one the worker read.
 */
const REINDEX_TRIGGERS = `
  CREATE TRIGGER IF NOT EXISTS customers_reindex_update AFTER UPDATE OF name, province, city, address, phone, alt_phone ON customers BEGIN
    INSERT OR IGNORE INTO search_reindex(source, row) VALUES ('customers', new.rowid);
  END;
  CREATE TRIGGER IF NOT EXISTS customers_reindex_delete AFTER DELETE ON customers BEGIN
    INSERT OR IGNORE INTO search_reindex(source, row) VALUES ('customers', old.rowid);
  END;
  CREATE TRIGGER IF NOT EXISTS products_reindex_update AFTER UPDATE OF serial_number, model ON products BEGIN
    INSERT OR IGNORE INTO search_reindex(source, row) VALUES ('products', new.rowid);
  END;
  CREATE TRIGGER IF NOT EXISTS products_reindex_delete AFTER DELETE ON products BEGIN
    INSERT OR IGNORE INTO search_reindex(source, row) VALUES ('products', old.rowid);
  END;
  CREATE TRIGGER IF NOT EXISTS service_orders_reindex_update AFTER UPDATE OF order_number ON service_orders BEGIN
    INSERT OR IGNORE INTO search_reindex(source, row) VALUES ('service_orders', new.rowid);
  END;
  CREATE TRIGGER IF NOT EXISTS service_orders_reindex_delete AFTER DELETE ON service_orders BEGIN
    INSERT OR IGNORE INTO search_reindex(source, row) VALUES ('service_orders', old.rowid);
  END;
`;
const REINDEX_TRIGGER_NAMES = [
  'customers_reindex_update',
  'customers_reindex_delete',
  'products_reindex_update',
  'products_reindex_delete',
  'service_orders_reindex_update',
  'service_orders_reindex_delete',
];

export function inBulkLoad(db: LocalCacheDb): boolean {
  return readMeta(db, BULK_LOAD_KEY) === '1';
}

export function beginBulkLoad(db: LocalCacheDb): void {
  if (inBulkLoad(db)) return;
  db.transaction(() => {
    for (const trigger of SEARCH_INDEX_TRIGGER_NAMES) db.exec(`DROP TRIGGER IF EXISTS ${trigger}`);
    db.exec('DELETE FROM search_reindex');
    db.exec(REINDEX_TRIGGERS);
    dropSyncedTableIndexes(db);
    writeMeta(db, BULK_LOAD_KEY, '1');
  })();
}

/** Rebuilds the indexes from the tables and puts the triggers back, in one transaction. */
export function endBulkLoad(db: LocalCacheDb): void {
  if (!inBulkLoad(db)) return;
  db.transaction(() => {
    for (const { fts } of SEARCH_INDEXES) db.exec(`INSERT INTO ${fts}(${fts}) VALUES ('delete-all')`);
    for (const index of SEARCH_INDEXES) db.exec(searchIndexFill(index));
    finishBulkLoad(db);
  })();
}

/**
 * The end of a load whose full-text indexes were built in a side file by the worker (attached as
 * `side`), which read each source up to the rowid in `lastRead`: its index data replaces the
 * cache's, then rows written after the worker's last read and rows changed since are indexed
 * here. Runs on a connection of its own (full-text tables cache their structure per connection)
 * with shadow-table writes allowed, inside the caller's transaction.
 */
export function mergeSideSearchIndex(db: LocalCacheDb, lastRead: Record<SearchSource, number>): void {
  if (!inBulkLoad(db)) return;
  for (const { fts } of SEARCH_INDEXES) {
    const shadows = db.prepare("SELECT name FROM side.sqlite_master WHERE type = 'table' AND substr(name, 1, ?) = ?").pluck().all(fts.length + 1, `${fts}_`) as string[];
    if (shadows.length === 0) throw new Error(`the side search index has no ${fts}`);
    for (const table of shadows) db.exec(`DELETE FROM main.${table}; INSERT INTO main.${table} SELECT * FROM side.${table};`);
  }
  for (const index of SEARCH_INDEXES) {
    const last = lastRead[index.source];
    const changed = `SELECT row FROM search_reindex WHERE source = '${index.source}' AND row <= ${last}`;
    db.exec(`DELETE FROM main.${index.fts} WHERE rowid IN (${changed})`);
    db.exec(searchIndexFill(index, `WHERE rowid IN (${changed})`));
    db.exec(searchIndexFill(index, `WHERE rowid > ${last}`));
  }
  finishBulkLoad(db);
}

function finishBulkLoad(db: LocalCacheDb): void {
  restoreSyncedTableIndexes(db);
  for (const trigger of REINDEX_TRIGGER_NAMES) db.exec(`DROP TRIGGER IF EXISTS ${trigger}`);
  db.exec('DELETE FROM search_reindex');
  db.exec(SEARCH_INDEX_TRIGGERS);
  writeMeta(db, BULK_LOAD_KEY, '0');
}
