import type { Kysely } from 'kysely';
import type { Mutation, MutationResult, SyncPushRequest } from '../../../shared/api/syncPush.js';
import type { Agent } from '../../../shared/domain/branch.js';
import { lockChangeLog } from '../../db/changeLogSeqs.js';
import type { ServerSchema } from '../../db/schema.js';
import { applyMutation, type AppliedMutation } from './applyMutation.js';
import { findStoredMutation, storeMutationResult, type MutationAuthor } from './mutationLedger.js';
import { MutationRejected } from './mutationRejected.js';

export interface PushOutcome {
  results: MutationResult[];
  /** The newest seq per branch whose change log grew: the seats to tell (after commit). */
  changedBranches: Map<string, number>;
}

/**
 * POST /sync/push: the seat's mutations in order, each in a transaction of its own (one refusal
 * does not undo the others). Exactly once: a mutation's result is stored in the transaction that
 * applies it, and a retried mutation answers that stored result without applying again.
 */
export async function pushMutations(db: Kysely<ServerSchema>, agent: Agent, request: SyncPushRequest): Promise<PushOutcome> {
  const author: MutationAuthor = { agentId: agent.id, seatId: request.seatId };
  const results: MutationResult[] = [];
  const changedBranches = new Map<string, number>();
  for (const mutation of request.mutations) {
    const { result, changed } = await pushOne(db, agent, author, mutation);
    results.push(result);
    if (changed) changedBranches.set(changed.branchId, Math.max(changed.seq, changedBranches.get(changed.branchId) ?? 0));
  }
  return { results, changedBranches };
}

async function pushOne(db: Kysely<ServerSchema>, agent: Agent, author: MutationAuthor, mutation: Mutation): Promise<AppliedMutation> {
  try {
    return await db.transaction().execute(async (trx) => {
      // The lock first: a concurrent retry of this mutation waits here, then finds the stored result.
      await lockChangeLog(trx);
      const stored = await storedOutcome(trx, mutation, author);
      if (stored) return stored;
      const applied = await applyMutation(trx, agent, author, mutation);
      await storeMutationResult(trx, mutation, author, applied.result);
      return applied;
    });
  } catch (error) {
    if (!(error instanceof MutationRejected)) throw error;
    // The refused attempt rolled back whole; the refusal itself is the mutation's stored result.
    const result: MutationResult = { mutationId: mutation.mutationId, status: 'rejected', code: error.code, message: error.message };
    return db.transaction().execute(async (trx) => {
      await lockChangeLog(trx);
      const stored = await storedOutcome(trx, mutation, author);
      if (stored) return stored;
      await storeMutationResult(trx, mutation, author, result);
      return { result, changed: null };
    });
  }
}

/** The stored answer to a retried mutation; a reused id is refused and not stored (the id is taken). */
async function storedOutcome(trx: Kysely<ServerSchema>, mutation: Mutation, author: MutationAuthor): Promise<AppliedMutation | null> {
  const stored = await findStoredMutation(trx, mutation, author);
  if (stored === null) return null;
  if ('result' in stored) return { result: stored.result, changed: null };
  const message =
    stored.reusedBy === 'other_author'
      ? `mutationId ${mutation.mutationId} was already used by another seat`
      : `mutationId ${mutation.mutationId} was already pushed with different content`;
  return { result: { mutationId: mutation.mutationId, status: 'rejected', code: 'mutation_id_reused', message }, changed: null };
}
