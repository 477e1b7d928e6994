import type { Kysely } from 'kysely';
import type { ConflictingEntity } from '../../../shared/domain/conflict.js';
import { statementBatches } from '../../db/batching.js';
import type { ServerSchema } from '../../db/schema.js';
import type { MutationAuthor } from './mutationLedger.js';

/** Who made a change the server kept, and when (null: a server write, or logged before 0021). */
export interface KeptChangeAuthor {
  agentId: string | null;
  seatId: string | null;
  at: string | null;
}

/**
 * The fields other writers changed in a row after a version, each with the last writer of it:
 * `all` set when a whole-row write happened (every field then counts, `byField` naming the later
 * field writers and `wholeRow` the last whole-row writer).
 */
export interface ChangedFields {
  all: boolean;
  wholeRow: KeptChangeAuthor | null;
  byField: ReadonlyMap<string, KeptChangeAuthor>;
}

/** The author of the value a conflict on `field` kept. */
export function keptBy(changed: ChangedFields, field: string): KeptChangeAuthor | null {
  return changed.byField.get(field) ?? changed.wholeRow;
}

/** Whether `field` was changed by another writer. */
export function changedByOthers(changed: ChangedFields, field: string): boolean {
  return changed.all || changed.byField.has(field);
}

export const NOTHING_CHANGED: ChangedFields = { all: false, wholeRow: null, byField: new Map() };

/**
 * The fields other writers changed in the row after `baseVersion` (the version the seat edited).
 * The pushing seat's own earlier mutations do not count: a seat that edits the same field twice
 * before it pulls must not conflict with itself.
 */
export async function fieldsChangedSince(
  db: Kysely<ServerSchema>,
  entity: ConflictingEntity,
  entityId: string,
  baseVersion: number,
  author: MutationAuthor,
): Promise<ChangedFields> {
  const changes = await db
    .selectFrom('changeLog')
    .select(['seq', 'fields', 'seatId', 'agentId', 'at'])
    .where('entityId', '=', entityId)
    .where('entity', '=', entity)
    .where('seq', '>', baseVersion)
    .orderBy('seq')
    .execute();
  return changedFieldsOf(changes, author);
}

/** A change-log entry as conflict detection reads it. */
export interface LoggedChange {
  seq: number;
  fields: string | null;
  seatId: string | null;
  agentId: string | null;
  at: string | null;
}

/**
 * The change-log entries of several rows after the lowest of their base versions, in one
 * statement (a push's batch, pushRun.ts), by `entity:entityId`, in seq order: the caller keeps
 * those after each mutation's own base (changedFieldsOf gives what fieldsChangedSince would).
 */
export async function changesOfRows(
  db: Kysely<ServerSchema>,
  rows: ReadonlyArray<{ entity: ConflictingEntity; entityId: string; baseVersion: number }>,
): Promise<Map<string, LoggedChange[]>> {
  const byRow = new Map<string, LoggedChange[]>();
  if (rows.length === 0) return byRow;
  const ids = [...new Set(rows.map((row) => row.entityId))];
  const since = Math.min(...rows.map((row) => row.baseVersion));
  for (const batch of statementBatches(ids, 1)) {
    const changes = await db
      .selectFrom('changeLog')
      .select(['seq', 'entity', 'entityId', 'fields', 'seatId', 'agentId', 'at'])
      .where('entityId', 'in', batch)
      .where('seq', '>', since)
      .orderBy('seq')
      .execute();
    for (const { entity, entityId, ...change } of changes) {
      const key = `${entity}:${entityId}`;
      const list = byRow.get(key);
      if (list) list.push({ ...change, seq: Number(change.seq) });
      else byRow.set(key, [{ ...change, seq: Number(change.seq) }]);
    }
  }
  return byRow;
}

/** What fieldsChangedSince answers, from the row's entries after the base version (in seq order). */
export function changedFieldsOf(changes: readonly LoggedChange[], author: MutationAuthor): ChangedFields {
  let all = false;
  let wholeRow: KeptChangeAuthor | null = null;
  const byField = new Map<string, KeptChangeAuthor>();
  for (const change of changes) {
    if (change.seatId === author.seatId && change.agentId === author.agentId) continue;
    const who = { agentId: change.agentId, seatId: change.seatId, at: change.at };
    if (change.fields === null) {
      // A later whole-row write is the last writer of every field.
      all = true;
      wholeRow = who;
      byField.clear();
      continue;
    }
    for (const field of JSON.parse(change.fields) as string[]) byField.set(field, who);
  }
  return { all, wholeRow, byField };
}
