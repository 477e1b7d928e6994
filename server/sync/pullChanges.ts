import type { Kysely } from 'kysely';
import type { SyncChange, SyncEntity, SyncPullResponse } from '../../shared/api/rest.js';
import type { ServerSchema } from '../db/schema.js';
import type { SyncedRow } from '../db/syncedRecords.js';
import { syncedTables } from '../db/syncedTables.js';

/**
 * One page of a branch's change log after `cursor`, in seq order, each change carrying the
 * entity's current row. Rows are loaded per entity with one `IN (…)` per batch, not per change,
 * so a cursor-0 initial sync costs a handful of queries per page.
 */
export async function pullChanges(db: Kysely<ServerSchema>, branchId: string, cursor: number, limit: number): Promise<SyncPullResponse> {
  const entries = await db
    .selectFrom('changeLog')
    .select(['seq', 'entity', 'entityId'])
    .where('branchId', '=', branchId)
    .where('seq', '>', cursor)
    .orderBy('seq')
    .limit(limit + 1)
    .execute();
  const hasMore = entries.length > limit;
  const page = entries.slice(0, limit);

  const rowsByEntity = new Map<SyncEntity, Map<string, SyncedRow<SyncEntity>>>();
  await Promise.all(
    [...new Set(page.map((e) => e.entity))].map(async (entity) => {
      rowsByEntity.set(entity, await currentRows(db, entity, page));
    }),
  );
  // The entity and its row come from one table lookup, so the pair always matches SyncChange.
  const changes = page.map(
    (entry) => ({ seq: entry.seq, entity: entry.entity, row: rowOf(rowsByEntity.get(entry.entity)!, entry.entityId) }) as SyncChange,
  );

  const head = await db
    .selectFrom('changeLog')
    .select((eb) => eb.fn.max('seq').as('headSeq'))
    .executeTakeFirst();
  return {
    changes,
    cursor: page.at(-1)?.seq ?? cursor,
    hasMore,
    headSeq: Number(head?.headSeq ?? 0),
  };
}

async function currentRows<E extends SyncEntity>(
  db: Kysely<ServerSchema>,
  entity: E,
  page: ReadonlyArray<{ entity: SyncEntity; entityId: string }>,
): Promise<Map<string, SyncedRow<E>>> {
  const ids = [...new Set(page.filter((e) => e.entity === entity).map((e) => e.entityId))];
  if (ids.length === 0) return new Map<string, SyncedRow<E>>();
  const rows = await syncedTables[entity].load(db, ids);
  return new Map(rows.map((row) => [row.id, row]));
}

/** Synced rows are never removed (deletes are tombstones), so a logged id always has a row. */
function rowOf<R>(rows: Map<string, R>, id: string): R {
  const row = rows.get(id);
  if (!row) throw new Error(`change log names a row that does not exist: ${id}`);
  return row;
}
