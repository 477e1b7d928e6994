import type { Kysely } from 'kysely';
import type { ConflictingEntity } from '../../../shared/domain/conflict.js';
import type { ServerSchema } from '../../db/schema.js';
import type { MutationAuthor } from './mutationLedger.js';

/** Every field (a whole-row write happened) or the named ones. */
export type ChangedFields = 'all' | ReadonlySet<string>;

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
    .select(['fields', 'seatId', 'agentId'])
    .where('entityId', '=', entityId)
    .where('entity', '=', entity)
    .where('seq', '>', baseVersion)
    .execute();
  const changed = new Set<string>();
  for (const change of changes) {
    if (change.seatId === author.seatId && change.agentId === author.agentId) continue;
    if (change.fields === null) return 'all';
    for (const field of JSON.parse(change.fields) as string[]) changed.add(field);
  }
  return changed;
}
