import { PostgresAdapter, type Insertable, type Kysely } from 'kysely';
import { statementBatches } from './batching.js';
import type { SyncEntity } from '../../shared/api/rest.js';
import { entryKeys, scopeColumns } from '../scope/agentScope.js';
import { lockScopes, takeSeqs } from './changeLogSeqs.js';
import type { ServerSchema } from './schema.js';
import type { SyncedRow, SyncedRowWrite } from './syncedRecords.js';
import { syncedTables } from './syncedTables.js';
import { inTransaction } from './transaction.js';

/** What the change log records about a write besides the row: which fields, and whose push. */
export interface ChangeOrigin {
  /** The fields the change touched; null (the default) for a whole-row write. */
  fields: readonly string[] | null;
  /** Set when an agent made the change: by a seat's push (seatId) or through REST (seatId null). */
  author?: { seatId: string | null; agentId: string };
}

const WHOLE_ROW: ChangeOrigin = { fields: null };

/**
 * THE way to write synced rows (customers, products, service orders, conflicts): in one
 * transaction, each row gets a change-log entry and the row's `version` becomes that entry's seq.
 * Rows are written whole (insert, or replace if the id exists). Seqs come from takeSeqs, in
 * commit order on both engines. Returns the rows with their new versions.
 */
export async function writeSyncedRows<E extends SyncEntity>(
  db: Kysely<ServerSchema>,
  entity: E,
  rows: readonly SyncedRowWrite<E>[],
  origin: ChangeOrigin = WHOLE_ROW,
  known?: KnownRows,
): Promise<Array<SyncedRowWrite<E> & { version: number }>> {
  if (rows.length === 0) return [];
  const ids = new Set(rows.map((r) => r.id));
  if (ids.size !== rows.length) throw new Error(`writeSyncedRows(${entity}): the same id twice in one write`);

  return inTransaction(db, async (trx) => {
    // The rows as they were, read under the keys of their scope (no other writer can move them
    // meanwhile): a write that takes a row out of a branch or away from its owner is logged as such.
    const now = new Date().toISOString();
    const previous = known && [...ids].every((id) => known.has(id)) ? known : await rowsUnderLock(trx, entity, [...ids]);
    const entries = rows.map((row) => ({
      entity,
      entityId: row.id,
      ...scopeColumns(row, previous.get(row.id) ?? undefined),
      fields: origin.fields === null ? null : JSON.stringify(origin.fields),
      seatId: origin.author?.seatId ?? null,
      agentId: origin.author?.agentId ?? null,
      at: now,
    }));
    // Every scope the entries concern is held before their seqs are taken (changeLogSeqs.ts): one statement.
    const seqs = await takeSeqs(trx, rows.length, entries.flatMap(entryKeys));
    const writes = rows.map((row, i) => ({ row, version: seqs[i] ?? missingSeq(row.id) }));
    const logged = entries.map((entry, i) => ({ seq: seqs[i] ?? missingSeq(entry.entityId), ...entry }));
    // Rows read just now exist or not as read (held under their keys or row locks): no second look.
    const existing = new Set([...ids].filter((id) => previous.get(id)));
    // The entries are written with the rows (on PostgreSQL in the same statement).
    await syncedTables[entity].save(trx, writes, existing, logged);
    return writes.map(({ row, version }) => ({ ...row, version }));
  });
}

/**
 * The rows as they are, by id (null: no such row yet), when the caller read them in this
 * transaction holding their scope keys (rowsUnderLock): writeSyncedRows then does not read them again.
 */
export type KnownRows = ReadonlyMap<string, { branchId: string } | null>;

/**
 * How a read-modify-write holds the rows it read until it commits:
 * - `scopeKeys` (the default): the keys of the rows' scopes (changeLogSeqs.ts), so nothing else of
 *   those scopes changes meanwhile either: the checks that look at other rows of the branch
 *   (one phone per customer, an order's follow-up, …) read them stable;
 * - `rowLocks`: only the rows themselves (SELECT … FOR UPDATE on PostgreSQL), for a change whose
 *   checks look at nothing but its own row; the scope keys are then taken only to write
 *   (takeSeqs), so other writers of the branch do not wait through its reads and checks.
 */
export type RowHold = 'scopeKeys' | 'rowLocks';

/**
 * Loads rows and holds them (RowHold); with scope keys, read again while that took a key not yet
 * held (a writer holding it may have changed them). Returns them as they stay until commit.
 */
export async function rowsUnderLock<E extends SyncEntity>(trx: Kysely<ServerSchema>, entity: E, ids: readonly string[], hold: RowHold = 'scopeKeys'): Promise<Map<string, SyncedRow<E>>> {
  if (hold === 'rowLocks') return new Map((await syncedTables[entity].loadForUpdate(trx, [...ids])).map((r) => [r.id, r]));
  for (;;) {
    const rows: SyncedRow<E>[] = await syncedTables[entity].load(trx, [...ids]);
    if (!(await lockScopes(trx, rows.flatMap((row) => entryKeys(scopeColumns(row, undefined)))))) return new Map(rows.map((r) => [r.id, r]));
  }
}

function missingSeq(id: string): never {
  throw new Error(`no seq taken for ${id}`);
}

/** One write of a batch (writeSyncedChanges): a whole row after, and as it was before (null: new). */
export interface SyncedChange<E extends SyncEntity = SyncEntity> {
  entity: E;
  before: SyncedRow<E> | SyncedRowWrite<E> | null;
  after: SyncedRowWrite<E>;
  /** The fields the change touched; null for a whole-row write. */
  fields: readonly string[] | null;
  author: { seatId: string | null; agentId: string };
  at: string;
}

/**
 * writeSyncedRows for a batch of changes, in order, of any entities, the same row possibly
 * several times (a push's run: pushRun.ts): each change gets its change-log entry and seq, and
 * each row is written once, as its last change left it, with that change's seq as its version.
 * The seqs are taken in one statement holding every scope key the entries concern (takeSeqs); the
 * entries are inserted with the first row statement on PostgreSQL, and each entity's rows, new and
 * existing, in one multi-row statement. The caller holds the rows (read under their keys or row
 * locks) and says in `before` how each was. `ledger`: the push ledger's entries that record these
 * changes (their results name the seqs), written with them: on PostgreSQL in the same statement,
 * so that the writer holds its scope keys for one round trip less (key and seqs, rows with log
 * and ledger, commit). Returns each change's seq.
 */
export async function writeSyncedChanges(
  trx: Kysely<ServerSchema>,
  changes: readonly SyncedChange[],
  ledger?: (seqs: readonly number[]) => Insertable<ServerSchema['mutations']>[],
): Promise<number[]> {
  if (changes.length === 0) return [];
  const entries = changes.map(({ entity, before, after, fields, author, at }) => ({
    entity,
    entityId: after.id,
    ...scopeColumns(after, before ?? undefined),
    fields: fields === null ? null : JSON.stringify(fields),
    seatId: author.seatId,
    agentId: author.agentId,
    at,
  }));
  const seqs = await takeSeqs(trx, changes.length, entries.flatMap(entryKeys));
  const logged = entries.map((entry, i) => ({ seq: seqs[i] ?? missingSeq(entry.entityId), ...entry }));
  const lastWrites = new Map<SyncEntity, Map<string, { row: SyncedRowWrite<SyncEntity>; version: number }>>();
  changes.forEach(({ entity, after }, i) => {
    let rows = lastWrites.get(entity);
    if (!rows) lastWrites.set(entity, (rows = new Map()));
    rows.set(after.id, { row: after, version: seqs[i] ?? missingSeq(after.id) });
  });
  const postgres = trx.getExecutor().adapter instanceof PostgresAdapter;
  const stored = ledger?.(seqs) ?? [];
  // Along with the first row statement on PostgreSQL while its parameters stay few; else on their own.
  const along = postgres && logged.length <= ENTRIES_WITH_THE_ROWS && stored.length <= ENTRIES_WITH_THE_ROWS;
  let unlogged: typeof logged | undefined = along ? logged : undefined;
  let unstored: typeof stored | undefined = along ? stored : undefined;
  if (!along) {
    for (const batch of statementBatches(logged, 10)) await trx.insertInto('changeLog').values(batch).execute();
    for (const batch of statementBatches(stored, 6)) await trx.insertInto('mutations').values(batch).execute();
  }
  for (const [entity, rows] of lastWrites) {
    await upsertRows(trx, entity, [...rows.values()], unlogged, unstored);
    unlogged = undefined;
    unstored = undefined;
  }
  return seqs;
}

/** At most this many change-log (or ledger) entries join the first row statement. */
const ENTRIES_WITH_THE_ROWS = 500;

/** Rows of an entity chosen at run time (the table's storage is typed per entity). */
function upsertRows<E extends SyncEntity>(
  trx: Kysely<ServerSchema>,
  entity: E,
  writes: Array<{ row: SyncedRowWrite<SyncEntity>; version: number }>,
  log: Parameters<(typeof syncedTables)[E]['upsert']>[2],
  ledger: Parameters<(typeof syncedTables)[E]['upsert']>[3],
): Promise<void> {
  return syncedTables[entity].upsert(trx, writes as Array<{ row: SyncedRowWrite<E>; version: number }>, log, ledger);
}
