import type { Kysely } from 'kysely';
import type { SyncChange, SyncEntity, SyncPullResponse, SyncRemoval } from '../../shared/api/rest.js';
import type { ServerSchema } from '../db/schema.js';
import type { SyncedRow } from '../db/syncedRecords.js';
import { syncedTables } from '../db/syncedTables.js';
import { feedBound, scopeHead } from '../db/changeLogSeqs.js';
import { inScope, scopeWays, type AgentScope } from '../scope/agentScope.js';

interface LogEntry {
  seq: number;
  entity: SyncEntity;
  entityId: string;
}

/**
 * One page of the agent's change log after `cursor`, in seq order: entries of their branch, of
 * rows they own, and of rows that left their branch or their ownership. Each entry is answered
 * from the row as it is now: a change with the whole row if it is in scope, a removal if not. So
 * a row is never sent to a seat outside its scope, even when the log entry predates its move.
 */
export async function pullChanges(db: Kysely<ServerSchema>, scope: AgentScope, cursor: number, limit: number): Promise<SyncPullResponse> {
  // Only up to the bound: an entry above it may yet be joined by one below it that commits late.
  const bound = await feedBound(db, scope);
  const entries = await scopedEntries(db, scope, cursor, bound, limit + 1);
  const hasMore = entries.length > limit;
  const page = entries.slice(0, limit);
  const rows = await currentRows(db, page);

  const changes: SyncChange[] = [];
  const removals: SyncRemoval[] = [];
  for (const entry of page) {
    const row = rows.get(entry.entity)?.get(entry.entityId);
    // Synced rows are never removed (deletes are tombstones), so a logged id always has a row.
    if (!row) throw new Error(`change log names a row that does not exist: ${entry.entityId}`);
    // The entity and its row come from one table lookup, so the pair always matches SyncChange.
    if (inScope(row, scope)) changes.push({ seq: entry.seq, entity: entry.entity, row } as SyncChange);
    else removals.push({ seq: entry.seq, entity: entry.entity, id: entry.entityId });
  }
  // The scope's own head, not the company's: a seat hears nothing of other branches' write volume.
  // A page that holds every entry up to the bound ends at the head: no query for it.
  const last = page.at(-1)?.seq;
  const headSeq = last !== undefined && !hasMore ? last : await scopeHead(db, scope, bound);
  return { changes, removals, cursor: last ?? cursor, hasMore, headSeq };
}

/**
 * The first `count` entries after `cursor`, up to `bound`, that concern the scope. One range scan per way an
 * entry can concern it (each has its own (column, seq) index), merged here: an OR in one query
 * would make the engines collect and sort every match past the cursor.
 */
async function scopedEntries(db: Kysely<ServerSchema>, scope: AgentScope, cursor: number, bound: number, count: number): Promise<LogEntry[]> {
  const [first, ...rest] = scopeWays(scope).map(([column, value]) =>
    db
      .selectFrom((eb) =>
        eb.selectFrom('changeLog').select(['seq', 'entity', 'entityId']).where(column, '=', value).where('seq', '>', cursor).where('seq', '<=', bound).orderBy('seq').limit(count).as('way'),
      )
      .selectAll(),
  );
  if (!first) return [];
  // The scans as one statement (UNION ALL): one round trip and one connection per pull.
  const listed = await rest.reduce((query, next) => query.unionAll(next), first).execute();
  const bySeq = new Map<number, LogEntry>();
  for (const entry of listed) bySeq.set(Number(entry.seq), { ...entry, seq: Number(entry.seq) });
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq).slice(0, count);
}

/** The current rows named by the entries, per entity, with one `IN (…)` per batch, not per entry. */
async function currentRows(db: Kysely<ServerSchema>, entries: readonly LogEntry[]): Promise<Map<SyncEntity, Map<string, SyncedRow<SyncEntity>>>> {
  const idsByEntity = new Map<SyncEntity, Set<string>>();
  for (const { entity, entityId } of entries) {
    const ids = idsByEntity.get(entity) ?? new Set<string>();
    ids.add(entityId);
    idsByEntity.set(entity, ids);
  }
  const loaded = await Promise.all(
    [...idsByEntity].map(async ([entity, ids]) => {
      const rows: SyncedRow<SyncEntity>[] = await syncedTables[entity].load(db, [...ids]);
      return [entity, new Map(rows.map((row) => [row.id, row]))] as const;
    }),
  );
  return new Map(loaded);
}
