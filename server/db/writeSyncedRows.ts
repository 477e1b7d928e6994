import type { Kysely } from 'kysely';
import type { SyncEntity } from '../../shared/api/rest.js';
import { statementBatches } from './batching.js';
import type { ServerSchema } from './schema.js';
import type { SyncedRowWrite } from './syncedRecords.js';
import { syncedTables } from './syncedTables.js';
import { inTransaction } from './transaction.js';

/**
 * THE way to write synced rows (customers, products, service orders): in one transaction, each
 * row gets a change-log entry and the row's `version` becomes that entry's seq. Rows are written
 * whole (insert, or replace if the id exists). Returns the rows with their new versions.
 *
 * SQLite serialises write transactions, so seqs are gap-free in commit order there. On PostgreSQL
 * a bigserial value is taken before commit, so a reader can see seq 11 before 10 commits; pull's
 * `seq > cursor` is not yet safe against that (to be solved, e.g. by a commit-order watermark).
 */
export async function writeSyncedRows<E extends SyncEntity>(
  db: Kysely<ServerSchema>,
  entity: E,
  rows: readonly SyncedRowWrite<E>[],
): Promise<Array<SyncedRowWrite<E> & { version: number }>> {
  if (rows.length === 0) return [];
  const ids = new Set(rows.map((r) => r.id));
  if (ids.size !== rows.length) throw new Error(`writeSyncedRows(${entity}): the same id twice in one write`);

  return inTransaction(db, async (trx) => {
    const versionOf = new Map<string, number>();
    for (const batch of statementBatches(rows, 3)) {
      const entries = await trx
        .insertInto('changeLog')
        .values(batch.map((row) => ({ entity, entityId: row.id, branchId: row.branchId })))
        .returning(['seq', 'entityId'])
        .execute();
      // RETURNING order is unspecified (SQLite documents it): match entries to rows by id.
      for (const entry of entries) versionOf.set(entry.entityId, entry.seq);
    }
    const writes = rows.map((row) => ({ row, version: versionOf.get(row.id) ?? missingSeq(row.id) }));
    await syncedTables[entity].save(trx, writes);
    return writes.map(({ row, version }) => ({ ...row, version }));
  });
}

function missingSeq(id: string): never {
  throw new Error(`change log returned no seq for ${id}`);
}
