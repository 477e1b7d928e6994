import { createHash } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import { lockScopes } from '../../db/changeLogSeqs.js';
import { MutationResult, type Mutation } from '../../../shared/api/syncPush.js';
import { statementBatches } from '../../db/batching.js';
import type { ServerSchema } from '../../db/schema.js';

/** Who pushed a mutation. */
export interface MutationAuthor {
  agentId: string;
  seatId: string;
}

/** The mutation's content, hashed: the same mutationId with another payload is not a retry. */
function fingerprint(mutation: Mutation): string {
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

/** A ledger entry: who first pushed the mutationId, with what content, and its result (JSON). */
export interface StoredMutationRecord {
  agentId: string;
  seatId: string;
  fingerprint: string;
  result: string;
}

/**
 * The ledger entries of those mutations that were pushed before, by mutationId. Inside the push's
 * transaction, it first takes each mutation's own key (`m:<mutationId>`, held to commit), so a
 * concurrent push of the same mutations waits there until the first one commits and then finds its
 * results. Two statements: a read in the statement that waited would see the database as it was
 * when that statement began (READ COMMITTED), without the results it waited for.
 */
export async function findStoredMutations(trx: Kysely<ServerSchema>, mutations: readonly Mutation[]): Promise<Map<string, StoredMutationRecord>> {
  const ids = [...new Set(mutations.map((m) => m.mutationId))];
  await lockScopes(trx, ids.map((id) => `m:${id}`));
  const rows = await trx.selectFrom('mutations').select(['mutationId', 'agentId', 'seatId', 'fingerprint', 'result']).where('mutationId', 'in', ids).execute();
  return new Map(rows.map(({ mutationId, ...record }) => [mutationId, record]));
}

/**
 * The answer to a mutationId seen before: the first result for a true retry; a refusal (not
 * stored: the id is taken) when another seat used the id or it came with another payload.
 */
export function judgeStored(stored: StoredMutationRecord, mutation: Mutation, author: MutationAuthor): MutationResult {
  const reuse = (message: string): MutationResult => ({ mutationId: mutation.mutationId, status: 'rejected', code: 'mutation_id_reused', message });
  if (stored.agentId !== author.agentId || stored.seatId !== author.seatId) return reuse(`mutationId ${mutation.mutationId} was already used by another seat`);
  if (stored.fingerprint !== fingerprint(mutation)) return reuse(`mutationId ${mutation.mutationId} was already pushed with different content`);
  return MutationResult.parse(JSON.parse(stored.result));
}

/** A mutation's entry for the ledger, kept in memory until storeMutationResults writes it. */
export function ledgerRecord(mutation: Mutation, author: MutationAuthor, result: MutationResult): StoredMutationRecord {
  return { agentId: author.agentId, seatId: author.seatId, fingerprint: fingerprint(mutation), result: JSON.stringify(result) };
}

/** Records the results; call in the transaction that made the changes, so both commit or neither. */
export async function storeMutationResults(db: Kysely<ServerSchema>, records: ReadonlyMap<string, StoredMutationRecord>): Promise<void> {
  for (const batch of statementBatches(ledgerRows(records), 6)) await db.insertInto('mutations').values(batch).execute();
}

/** The ledger's rows for these records (storeMutationResults, or a push's run written with its changes: pushRun.ts). */
export function ledgerRows(records: ReadonlyMap<string, StoredMutationRecord>): Insertable<ServerSchema['mutations']>[] {
  const createdAt = new Date().toISOString();
  return [...records].map(([mutationId, record]) => ({ mutationId, ...record, createdAt }));
}
