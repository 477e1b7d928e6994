import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { Mutation, MutationResult, SyncPushRequest } from '../../../shared/api/syncPush.js';
import type { Agent } from '../../../shared/domain/branch.js';
import { forgetScopes, retryOnDeadlock } from '../../db/changeLogSeqs.js';
import type { ServerSchema } from '../../db/schema.js';
import type { ScopedChange } from '../changeNotifier.js';
import { applyMutation, type AppliedMutation } from './applyMutation.js';
import { findStoredMutations, judgeStored, ledgerRecord, storeMutationResults, type MutationAuthor, type StoredMutationRecord } from './mutationLedger.js';
import { MutationRejected } from './mutationRejected.js';
import { joinsRun, pushRun } from './pushRun.js';

export interface PushOutcome {
  results: MutationResult[];
  /** The change-log entries written, for the seats whose scope they concern. */
  changes: ScopedChange[];
}

/**
 * Mutations per transaction. The scope keys a chunk takes are held to its commit, so a chunk is
 * a trade: one commit for many mutations, against how long other writers of the same branch wait
 * behind it (~100 mutations: tens of milliseconds).
 */
export const MUTATIONS_PER_TRANSACTION = 100;

/**
 * POST /sync/push: the seat's mutations in order, a chunk of them per transaction, which holds
 * the keys of the scopes it writes (changeLogSeqs.ts) from the first mutation that needs them to its commit. Each mutation runs inside a savepoint: a refusal rolls back that
 * mutation alone, is stored as its result, and the next one goes on. Exactly once: a mutation's
 * result is stored in the transaction that applies it, and a retried mutation (in a later push,
 * a concurrent one, or again in this one) answers that stored result without applying again.
 * Any other error rolls back the whole chunk: mutations are applied whole or not at all.
 *
 * Consecutive mutations whose rules read only what can be read for many at once are applied as a
 * batch (pushRun.ts: a few statements for the lot instead of ~8 each); the others one by one.
 * `oneByOne`: every mutation one by one (the tests compare the two).
 */
export async function pushMutations(db: Kysely<ServerSchema>, agent: Agent, request: SyncPushRequest, { oneByOne = false }: { oneByOne?: boolean } = {}): Promise<PushOutcome> {
  const author: MutationAuthor = { agentId: agent.id, seatId: request.seatId };
  const results: MutationResult[] = [];
  const changes: ScopedChange[] = [];
  for (let start = 0; start < request.mutations.length; start += MUTATIONS_PER_TRANSACTION) {
    const chunk = request.mutations.slice(start, start + MUTATIONS_PER_TRANSACTION);
    const outcomes = await retryOnDeadlock(() => db.transaction().execute(async (trx) => {
      // The mutations' own keys first: a concurrent retry of them waits there, then finds their stored
      // results. Nobody else waits for these; each mutation takes its scope's keys itself (applyMutation).
      const stored = await findStoredMutations(trx, chunk);
      const fresh = new Map<string, StoredMutationRecord>();
      const applied: AppliedMutation[] = [];
      const savepoints = { open: false };
      for (let next = 0; next < chunk.length; ) {
        const run = oneByOne ? [] : runFrom(chunk, next, stored);
        if (run.length === 0) {
          applied.push(await pushOne(trx, agent, author, chunk[next]!, stored, fresh, savepoints));
          next += 1;
          continue;
        }
        const { outcomes, records, ledgerStored } = await pushRun(trx, agent, author, run);
        outcomes.forEach((outcome, i) => {
          const record = records[i]!;
          stored.set(run[i]!.mutationId, record);
          if (!ledgerStored) fresh.set(run[i]!.mutationId, record);
          applied.push(outcome);
        });
        next += outcomes.length;
      }
      await storeMutationResults(trx, fresh);
      return applied;
    }));
    for (const outcome of outcomes) {
      results.push(outcome.result);
      changes.push(...outcome.changes);
    }
  }
  return { results, changes };
}

/**
 * The mutations from `start` that can be applied together (pushRun.joinsRun), none pushed before
 * nor repeated in the run: a repeat answers the first one's result, known once the run is written.
 */
function runFrom(chunk: readonly Mutation[], start: number, stored: ReadonlyMap<string, StoredMutationRecord>): Mutation[] {
  const run: Mutation[] = [];
  const ids = new Set<string>();
  for (const mutation of chunk.slice(start)) {
    if (stored.has(mutation.mutationId) || ids.has(mutation.mutationId) || !joinsRun(mutation)) break;
    run.push(mutation);
    ids.add(mutation.mutationId);
  }
  return run;
}

/**
 * One mutation inside the chunk's transaction. Its result joins `fresh` (stored at the chunk's
 * end, in the same transaction) and `stored`, where a repeat later in the push finds it.
 */
async function pushOne(
  trx: Kysely<ServerSchema>,
  agent: Agent,
  author: MutationAuthor,
  mutation: Mutation,
  stored: Map<string, StoredMutationRecord>,
  fresh: Map<string, StoredMutationRecord>,
  savepoints: { open: boolean },
): Promise<AppliedMutation> {
  const earlier = stored.get(mutation.mutationId);
  if (earlier) return { result: judgeStored(earlier, mutation, author), changes: [] };

  await newSavepoint(trx, savepoints);
  let outcome: AppliedMutation;
  try {
    outcome = await applyMutation(trx, agent, author, mutation);
  } catch (error) {
    if (!(error instanceof MutationRejected)) throw error;
    // The refused attempt is undone whole; the refusal itself is the mutation's stored result.
    await sql`rollback to savepoint mutation`.execute(trx);
    // Keys the refused mutation took went with its savepoint; the next write takes what it needs again.
    forgetScopes(trx);
    const rejected = { mutationId: mutation.mutationId, status: 'rejected' as const, code: error.code, message: error.message };
    outcome = { result: error.refusal ? { ...rejected, details: error.refusal } : rejected, changes: [] };
  }
  const record = ledgerRecord(mutation, author, outcome.result);
  stored.set(mutation.mutationId, record);
  fresh.set(mutation.mutationId, record);
  return outcome;
}

/**
 * A savepoint for the next mutation. The one before is released only now, in the same round trip
 * on PostgreSQL (several statements in one simple query), and the chunk's last one by its commit:
 * a round trip less per mutation, while the chunk may hold its branch's key (changeLogSeqs.ts).
 */
async function newSavepoint(trx: Kysely<ServerSchema>, savepoints: { open: boolean }): Promise<void> {
  if (!savepoints.open) await sql`savepoint mutation`.execute(trx);
  else if (trx.getExecutor().adapter instanceof PostgresAdapter) await sql`release savepoint mutation; savepoint mutation`.execute(trx);
  else {
    await sql`release savepoint mutation`.execute(trx);
    await sql`savepoint mutation`.execute(trx);
  }
  savepoints.open = true;
}
