import type { Kysely } from 'kysely';
import type { SyncEntity } from '../../shared/api/rest.js';
import { statementBatches } from './batching.js';
import { scopeColumns } from '../scope/agentScope.js';
import { takeSeqs } from './changeLogSeqs.js';
import type { ServerSchema } from './schema.js';
import type { SyncedRowWrite } from './syncedRecords.js';
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
    const seqs = await takeSeqs(trx, rows.length);
    // The rows as they were, read under the change-log lock (no writer can move them meanwhile): a
    // write that takes a row out of a branch or away from its owner is logged as such.
    const previous = known && [...ids].every((id) => known.has(id)) ? known : await currentRows(trx, entity, [...ids]);
    const writes = rows.map((row, i) => ({ row, version: seqs[i] ?? missingSeq(row.id) }));
    const fields = origin.fields === null ? null : JSON.stringify(origin.fields);
    const entries = writes.map(({ row, version }) => ({
      seq: version,
      entity,
      entityId: row.id,
      ...scopeColumns(row, previous.get(row.id) ?? undefined),
      fields,
      seatId: origin.author?.seatId ?? null,
      agentId: origin.author?.agentId ?? null,
    }));
    for (const batch of statementBatches(entries, 10)) await trx.insertInto('changeLog').values(batch).execute();
    await syncedTables[entity].save(trx, writes);
    return writes.map(({ row, version }) => ({ ...row, version }));
  });
}

/**
 * The rows as they are, by id (null: no such row yet), when the caller read them in this
 * transaction under the change-log lock: writeSyncedRows then does not read them again.
 */
export type KnownRows = ReadonlyMap<string, { branchId: string } | null>;

async function currentRows(trx: Kysely<ServerSchema>, entity: SyncEntity, ids: string[]): Promise<KnownRows> {
  return new Map<string, { branchId: string } | null>((await syncedTables[entity].load(trx, ids)).map((r) => [r.id, r]));
}

function missingSeq(id: string): never {
  throw new Error(`no seq taken for ${id}`);
}
