import { PostgresAdapter, type Insertable, type Kysely } from 'kysely';
import type { SyncEntity } from '../../shared/api/rest.js';
import { statementBatches } from './batching.js';
import type { ServerSchema } from './schema.js';
import { syncedEntities } from '../../shared/entities/syncedEntities.js';
import { syncedRecords, type RecordMapping, type SyncedRow, type SyncedRowWrite } from './syncedRecords.js';

interface VersionedWrite<E extends SyncEntity> {
  row: SyncedRowWrite<E>;
  version: number;
}

/** Storage of one synced entity. Only writeSyncedRows saves: it keeps the change log in step. */
interface SyncedTable<E extends SyncEntity> {
  /** Inserts new rows and replaces existing ones (whole rows), each with its assigned version. */
  save(db: Kysely<ServerSchema>, writes: readonly VersionedWrite<E>[], existing?: ReadonlySet<string>, log?: readonly Insertable<ServerSchema['changeLog']>[]): Promise<void>;
  /**
   * Writes whole rows, new or existing, in multi-row statements (INSERT … ON CONFLICT (id) DO
   * UPDATE: one statement for both); `log`: change-log entries the first statement inserts too
   * (PostgreSQL only). Each id at most once.
   */
  upsert(db: Kysely<ServerSchema>, writes: readonly VersionedWrite<E>[], log?: readonly Insertable<ServerSchema['changeLog']>[], ledger?: LedgerEntries): Promise<void>;
  /** The current rows with these ids, tombstones included. */
  load(db: Kysely<ServerSchema>, ids: readonly string[]): Promise<SyncedRow<E>[]>;
  /** load, locking the rows until the transaction ends (FOR UPDATE; on SQLite, whose one writer runs alone, a plain load). */
  loadForUpdate(trx: Kysely<ServerSchema>, ids: readonly string[]): Promise<SyncedRow<E>[]>;
  /** A page of the branch's live rows with ids after `afterId`, by id (initial-sync snapshots). */
  branchPage(db: Kysely<ServerSchema>, branchId: string, afterId: string, limit: number): Promise<SyncedRow<E>[]>;
}

/** Change-log entries to insert with the save (changeLog rows). */
type LogEntries = readonly Insertable<ServerSchema['changeLog']>[];
/** Push-ledger entries to insert with the save (mutations rows). */
type LedgerEntries = readonly Insertable<ServerSchema['mutations']>[];

type Storage<R extends { id: string }> = {
  existingIds(db: Kysely<ServerSchema>, ids: string[]): Promise<{ id: string }[]>;
  /** `log`: entries the same statement inserts too (a data-modifying WITH; PostgreSQL only). */
  insert(db: Kysely<ServerSchema>, records: R[], log?: LogEntries): Promise<unknown>;
  update(db: Kysely<ServerSchema>, record: R, log?: LogEntries): Promise<unknown>;
};

/**
 * Splits writes into inserts (batched, the bulk case) and whole-row updates of rows that exist;
 * `known`: which exist, when the caller has just read them all (no query to find out).
 */
async function saveRecords<R extends { id: string }>(db: Kysely<ServerSchema>, records: R[], storage: Storage<R>, known?: ReadonlySet<string>, log: LogEntries = []): Promise<void> {
  if (records.length === 0) return;
  const existing = new Set<string>(known);
  for (const batch of known ? [] : statementBatches(records, 1)) {
    for (const { id } of await storage.existingIds(db, batch.map((r) => r.id))) existing.add(id);
  }
  // The change-log entries ride along with the first statement on PostgreSQL (one round trip
  // less while the writer holds its branch's key: changeLogSeqs.takeSeqs), when they fit in it.
  let unlogged = log.length > 0 && db.getExecutor().adapter instanceof PostgresAdapter && log.length <= LOG_ENTRIES_WITH_A_ROW ? log : undefined;
  if (!unlogged) for (const batch of statementBatches(log, 10)) await db.insertInto('changeLog').values(batch).execute();
  const fresh = records.filter((r) => !existing.has(r.id));
  const columns = Object.keys(records[0] ?? {}).length;
  for (const batch of statementBatches(fresh, columns)) {
    await storage.insert(db, batch, unlogged);
    unlogged = undefined;
  }
  for (const record of records) {
    if (!existing.has(record.id)) continue;
    await storage.update(db, record, unlogged);
    unlogged = undefined;
  }
}

/** At most this many change-log entries join a save's first statement (its parameters stay few). */
const LOG_ENTRIES_WITH_A_ROW = 100;

async function loadInBatches<T>(ids: readonly string[], load: (batch: string[]) => Promise<T[]>): Promise<T[]> {
  const rows: T[] = [];
  for (const batch of statementBatches(ids, 1)) rows.push(...(await load(batch)));
  return rows;
}

/**
 * The storage of one entity in its SQL table, with its declaration's row ↔ record mapping (syncedRecords.ts).
 * Kysely cannot type a table chosen at run time, hence the one cast to a table-agnostic handle.
 */
function sqlTable<E extends SyncEntity>(table: string, { toRecord, fromRecord }: RecordMapping<E>): SyncedTable<E> {
  const any = (db: Kysely<ServerSchema>) => db as unknown as Kysely<Record<string, { id: string }>>;
  const rowOf = (record: unknown) => fromRecord(record as Parameters<typeof fromRecord>[0]);
  return {
    save: (db, writes, existing, log) =>
      saveRecords(
        db,
        writes.map((w) => toRecord(w.row, w.version) as unknown as { id: string }),
        {
          existingIds: (db, ids) => any(db).selectFrom(table).select('id').where('id', 'in', ids).execute(),
          insert: (db, records, log) => any(withLog(db, log)).insertInto(table).values(records).execute(),
          update: (db, record, log) => any(withLog(db, log)).updateTable(table).set(record).where('id', '=', record.id).execute(),
        },
        existing,
        log,
      ),
    upsert: async (db, writes, log, ledger) => {
      const records = writes.map((w) => toRecord(w.row, w.version) as unknown as Record<string, unknown> & { id: string });
      const columns = Object.keys(records[0] ?? {});
      let unlogged = log && log.length > 0 ? log : undefined;
      let unstored = ledger && ledger.length > 0 ? ledger : undefined;
      for (const batch of statementBatches(records, columns.length)) {
        await any(withLedger(withLog(db, unlogged), unstored))
          .insertInto(table)
          .values(batch)
          .onConflict((oc) => oc.column('id').doUpdateSet((eb) => Object.fromEntries(columns.filter((c) => c !== 'id').map((c) => [c, eb.ref(`excluded.${c}` as 'excluded.id')]))))
          .execute();
        unlogged = undefined;
        unstored = undefined;
      }
    },
    load: (db, ids) => loadInBatches(ids, async (batch) => (await any(db).selectFrom(table).selectAll().where('id', 'in', batch).execute()).map(rowOf)),
    loadForUpdate: (trx, ids) =>
      loadInBatches(ids, async (batch) => {
        const query = any(trx).selectFrom(table).selectAll().where('id', 'in', batch);
        return (await (trx.getExecutor().adapter instanceof PostgresAdapter ? query.forUpdate() : query).execute()).map(rowOf);
      }),
    branchPage: async (db, branchId, afterId, limit) => {
      const scoped = db as unknown as Kysely<Record<string, { id: string; branchId: string; deleted: number }>>;
      const records = await scoped.selectFrom(table).selectAll().where('branchId', '=', branchId).where('deleted', '=', 0).where('id', '>', afterId).orderBy('id').limit(limit).execute();
      return records.map(rowOf);
    },
  };
}

/** The database, or (log given) a query creator whose statements insert the log entries too. */
function withLog(db: Kysely<ServerSchema>, log: LogEntries | undefined): Kysely<ServerSchema> {
  if (!log) return db;
  // A data-modifying WITH runs whether or not the statement reads it; only its statement builders are used.
  return db.with('loggedChanges', (qc) => qc.insertInto('changeLog').values([...log])) as unknown as Kysely<ServerSchema>;
}

/** The query creator, or (ledger given) one whose statements insert those push-ledger entries too (PostgreSQL only). */
function withLedger(db: Kysely<ServerSchema>, ledger: LedgerEntries | undefined): Kysely<ServerSchema> {
  if (!ledger) return db;
  return db.with('storedMutations', (qc) => qc.insertInto('mutations').values([...ledger])) as unknown as Kysely<ServerSchema>;
}

/*
 * Interactions are append-only (push only creates them, pushableEntities) and order events are
 * written by the server with the order change they record: the update path never runs for them.
 */
export const syncedTables = Object.fromEntries(
  Object.entries(syncedEntities).map(([entity, { table }]) => [entity, sqlTable(table, syncedRecords[entity as SyncEntity])]),
) as { [E in SyncEntity]: SyncedTable<E> };
