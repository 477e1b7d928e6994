import type { Kysely } from 'kysely';
import type { MutationEntity } from '../../shared/api/syncPush.js';
import type { Agent } from '../../shared/domain/branch.js';
import { lockScopes, retryOnDeadlock } from '../db/changeLogSeqs.js';
import { scopeKeys, scopeOf } from '../scope/agentScope.js';
import type { ServerSchema } from '../db/schema.js';
import type { SyncedRow } from '../db/syncedRecords.js';
import type { ScopedChange } from '../sync/changeNotifier.js';
import { createRow } from '../sync/push/applyMutation.js';
import type { ApiErrorCode, RejectionCode } from '../../shared/errorCodes.js';
import { MutationRejected } from '../sync/push/mutationRejected.js';
import { ApiFailure } from './apiFailure.js';

/** A REST write's answer, and its change-log entries: the seats they concern are told after commit. */
export interface Written<T> {
  answer: T;
  changes: ScopedChange[];
}

/** How REST answers each refusal of the write path push and REST share (applyMutation.createRow). */
const REPLIES: Readonly<Record<RejectionCode, { status: number; code: ApiErrorCode }>> = {
  bad_patch: { status: 400, code: 'bad_input' },
  invalid_reference: { status: 400, code: 'bad_input' },
  out_of_scope: { status: 403, code: 'forbidden' },
  not_found: { status: 404, code: 'not_found' },
  deleted: { status: 404, code: 'not_found' },
  already_exists: { status: 409, code: 'conflict' },
  invalid_transition: { status: 409, code: 'conflict' },
  mutation_id_reused: { status: 409, code: 'conflict' },
  append_only: { status: 409, code: 'conflict' },
  version_ahead: { status: 409, code: 'conflict' },
  not_permitted: { status: 403, code: 'forbidden' },
  details_required: { status: 400, code: 'bad_input' },
  phone_taken: { status: 409, code: 'conflict' },
};

/**
 * An agent's write through REST, as a push writes: one transaction holding the keys of the
 * agent's scope from the start (changeLogSeqs.ts), so it cannot race a push of that scope. A refusal answers
 * with its HTTP status, the push's rejection code in `details.rejection` and a domain rule's
 * refusal, if one said no, in `details.refusal` (as a push's `rejected` carries it).
 */
export async function agentWrite<T>(db: Kysely<ServerSchema>, agent: Agent, work: (trx: Kysely<ServerSchema>) => Promise<T>): Promise<T> {
  try {
    return await retryOnDeadlock(() =>
      db.transaction().execute(async (trx) => {
        await lockScopes(trx, scopeKeys(scopeOf(agent)));
        return work(trx);
      }),
    );
  } catch (error) {
    if (!(error instanceof MutationRejected)) throw error;
    const { status, code } = REPLIES[error.code];
    throw new ApiFailure(status, code, error.message, error.refusal ? { rejection: error.code, refusal: error.refusal } : { rejection: error.code });
  }
}

/** POST /things: the row a seat would push as a create, made by the calling agent through REST. */
export function createAsAgent<E extends MutationEntity>(
  db: Kysely<ServerSchema>,
  agent: Agent,
  entity: E,
  id: string,
  patch: Readonly<Record<string, unknown>>,
): Promise<{ row: SyncedRow<E>; changes: ScopedChange[] }> {
  return agentWrite(db, agent, (trx) => createRow(trx, agent, { agentId: agent.id, seatId: null }, entity, id, patch));
}
