import { readMeta, writeMeta, type LocalCacheDb } from './cacheConnection.js';

/**
 * B-tree indexes during an initial sync. Rows arrive in id order but each secondary index (phone,
 * name, customer id…) takes them in random order, so keeping them current row by row costs more
 * than the row itself; building them once at the end is a sort. The indexes of the synced tables
 * (those with `version` and `deleted`) are dropped at the start and made again from their own SQL,
 * kept in the cache so that a seat that crashed mid-load restores them when it opens the file.
 * Unique indexes stay: they are constraints, not just speed.
 */
const DROPPED_KEY = 'bulkLoad.droppedIndexes';

export function dropSyncedTableIndexes(db: LocalCacheDb): void {
  if (readMeta(db, DROPPED_KEY)) return;
  const indexes = db
    .prepare(
      `SELECT i.name, i.sql FROM sqlite_master i
       WHERE i.type = 'index' AND i.sql IS NOT NULL AND i.sql NOT LIKE 'CREATE UNIQUE%'
         AND EXISTS (SELECT 1 FROM pragma_table_info(i.tbl_name) WHERE name = 'version')
         AND EXISTS (SELECT 1 FROM pragma_table_info(i.tbl_name) WHERE name = 'deleted')`,
    )
    .all() as Array<{ name: string; sql: string }>;
  db.transaction(() => {
    writeMeta(db, DROPPED_KEY, JSON.stringify(indexes.map((i) => i.sql)));
    for (const { name } of indexes) db.exec(`DROP INDEX "${name.replaceAll('"', '""')}"`);
  })();
}

/** Makes the dropped indexes again (inside the caller's transaction, if any). */
export function restoreSyncedTableIndexes(db: LocalCacheDb): void {
  const dropped = readMeta(db, DROPPED_KEY);
  if (!dropped) return;
  // IF NOT EXISTS: a cache migration run between the crash and now may have made one already.
  for (const statement of JSON.parse(dropped) as string[]) db.exec(statement.replace(/^CREATE INDEX /i, 'CREATE INDEX IF NOT EXISTS '));
  writeMeta(db, DROPPED_KEY, '');
}
