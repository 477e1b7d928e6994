import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { MutationResult, type Mutation } from '../../../shared/api/syncPush.js';
import type { ServerSchema } from '../../db/schema.js';

/** Who pushed a mutation. */
export interface MutationAuthor {
  agentId: string;
  seatId: string;
}

/** The mutation's content, hashed: the same mutationId with another payload is not a retry. */
export function fingerprint(mutation: Mutation): string {
  const { mutationId: _id, ...content } = mutation;
  return createHash('sha256').update(canonicalJson(content)).digest('hex');
}

/** JSON with object keys sorted, so equal values hash alike whatever order the seat sent. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

export type StoredMutation = { result: MutationResult } | { reusedBy: 'other_author' | 'other_payload' } | null;

/** The first result of this mutation, if it was pushed before. */
export async function findStoredMutation(db: Kysely<ServerSchema>, mutation: Mutation, author: MutationAuthor): Promise<StoredMutation> {
  const stored = await db.selectFrom('mutations').selectAll().where('mutationId', '=', mutation.mutationId).executeTakeFirst();
  if (!stored) return null;
  if (stored.agentId !== author.agentId || stored.seatId !== author.seatId) return { reusedBy: 'other_author' };
  if (stored.fingerprint !== fingerprint(mutation)) return { reusedBy: 'other_payload' };
  return { result: MutationResult.parse(JSON.parse(stored.result)) };
}

/** Records the result; call in the transaction that made the change, so both commit or neither. */
export async function storeMutationResult(db: Kysely<ServerSchema>, mutation: Mutation, author: MutationAuthor, result: MutationResult): Promise<void> {
  await db
    .insertInto('mutations')
    .values({
      mutationId: mutation.mutationId,
      agentId: author.agentId,
      seatId: author.seatId,
      fingerprint: fingerprint(mutation),
      result: JSON.stringify(result),
      createdAt: new Date().toISOString(),
    })
    .execute();
}
