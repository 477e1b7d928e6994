import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { PartsRequestList, PartsRequestListQuery } from '../../shared/api/rest.js';
import type { Agent } from '../../shared/domain/branch.js';
import { partsRequestRefusal, type NewPartsRequestParsed, type PartsRequest, type PartsRequestStatus } from '../../shared/domain/partsRequest.js';
import type { ServerSchema } from '../db/schema.js';
import { partsRequestFromRecord } from '../db/syncedRecords.js';
import { writeSyncedRows } from '../db/writeSyncedRows.js';
import { agentWrite, createAsAgent } from '../http/agentWrites.js';
import { ApiFailure } from '../http/apiFailure.js';
import { mayAct, scopeColumns, scopeOf, type AgentScope } from '../scope/agentScope.js';
import { readable, scopedPage } from '../scope/scopedReads.js';
import type { ScopedChange } from '../sync/changeNotifier.js';

/** The parts requests in the agent's scope, newest first, by keyset pages. */
export async function listPartsRequests(db: Kysely<ServerSchema>, scope: AgentScope, filter: z.output<typeof PartsRequestListQuery>): Promise<PartsRequestList> {
  return scopedPage(db, 'partsRequests', scope, {
    equal: { orderId: filter.orderId, status: filter.status },
    order: { column: 'createdAt', direction: 'desc' },
    page: filter,
    item: partsRequestFromRecord,
  });
}

/** One parts request; 404 if absent, 403 if outside the agent's scope. */
export async function partsRequestDetail(db: Kysely<ServerSchema>, agent: Agent, id: string): Promise<PartsRequest> {
  const record = await db.selectFrom('partsRequests').selectAll().where('id', '=', id).where('deleted', '=', 0).executeTakeFirst();
  return partsRequestFromRecord(readable(record, scopeOf(agent), 'parts request'));
}

/**
 * An agent requests parts for an order of their branch that is still being worked on, as a seat's
 * pushed create does (pushableEntities: the same checks and refusals).
 */
export async function createPartsRequest(db: Kysely<ServerSchema>, agent: Agent, input: NewPartsRequestParsed): Promise<{ row: PartsRequest; changes: ScopedChange[] }> {
  const now = new Date().toISOString();
  const patch = {
    branchId: agent.branchId,
    orderId: input.orderId,
    partNumber: input.partNumber,
    quantity: input.quantity,
    status: 'requested',
    note: input.note,
    requestedBy: agent.id,
    createdAt: now,
    updatedAt: now,
  };
  return createAsAgent(db, agent, 'partsRequest', input.id ?? randomUUID(), patch);
}

/**
 * The parts desk of the request's branch (its region) moves a request on (partsRequestRefusal),
 * recording the step; every other role gets 403. Decisions go through decidePartsRequest (partsDesk.ts).
 */
export async function changePartsRequestStatus(
  db: Kysely<ServerSchema>,
  agent: Agent,
  id: string,
  status: PartsRequestStatus,
  reason = '',
  beforeWrite?: (trx: Kysely<ServerSchema>, current: PartsRequest) => Promise<void>,
): Promise<{ row: PartsRequest; changes: ScopedChange[] }> {
  if (!mayAct(agent, 'decidesPartsRequests')) throw new ApiFailure(403, 'forbidden', 'only the parts desk changes the status of a parts request');
  return agentWrite(db, agent, async (trx) => {
    const current = await partsRequestDetail(trx, agent, id);
    const refusal = partsRequestRefusal(current.status, status);
    if (refusal) throw ApiFailure.refused(409, 'conflict', refusal);
    await beforeWrite?.(trx, current);
    const { version: _old, ...row } = current;
    const author = { agentId: agent.id, seatId: null };
    // Each step after the one before (updatedAt is the last step's time): two steps within one
    // millisecond came back from the step list in random order.
    const at = new Date(Math.max(Date.now(), Date.parse(current.updatedAt) + 1)).toISOString();
    const [written] = await writeSyncedRows(trx, 'partsRequest', [{ ...row, status, updatedAt: at }], { fields: ['status', 'updatedAt'], author });
    if (!written) throw new Error('writeSyncedRows returned no row');
    await trx.insertInto('partsRequestSteps').values({ id: randomUUID(), requestId: id, branchId: current.branchId, status, reason, agentId: agent.id, at }).execute();
    return { row: written, changes: [{ ...scopeColumns(written, current), seq: written.version }] };
  });
}
