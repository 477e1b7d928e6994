import type { Kysely } from 'kysely';
import type { ConflictingEntity } from '../../../shared/domain/conflict.js';
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
