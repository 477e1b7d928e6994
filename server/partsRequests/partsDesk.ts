import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { z } from 'zod';
import type { Agent } from '../../shared/domain/branch.js';
import type { PartsDecisionOutcome, PartsRequestStep, RdcStock, RdcStockQuery } from '../../shared/domain/partsDesk.js';
import { approvedStatus, type PartsDecision, type PartsRequestStatus } from '../../shared/domain/partsRequest.js';
import type { ServerSchema } from '../db/schema.js';
import type { Written } from '../http/agentWrites.js';
import { ApiFailure } from '../http/apiFailure.js';
import { decodePageCursor, encodePageCursor } from '../http/pageCursor.js';
import { figuresScopeOf } from '../scope/agentScope.js';
import { changePartsRequestStatus, partsRequestDetail } from './partsRequests.js';

/**
 * The parts desk decides a request of its branch: reject (with a reason), or approve. An approval
 * takes the parts from the region's warehouse (RDC) when it holds enough: the stock goes down and a
 * shipment is made, in the same transaction as the status (approved); otherwise the request goes to
 * headquarters' parts plan (planned). A request is decided once: a retried decision meets a status
 * that is no longer `requested` (409) and the shipment's unique request id, so nothing ships twice.
 */
export async function decidePartsRequest(
  db: Kysely<ServerSchema>,
  agent: Agent,
  id: string,
  decision: z.output<typeof PartsDecision>,
): Promise<Written<PartsDecisionOutcome>> {
  let shipmentId: string | null = null;
  let status: PartsRequestStatus = 'rejected';
  if (decision.decision === 'approve') {
    // Read before the write path so the status it checks is the one the stock decides; the stock is read again under the lock.
    const request = await partsRequestDetail(db, agent, id);
    status = approvedStatus(await onHand(db, request.branchId, request.partNumber), request.quantity);
  }
  const changed = await changePartsRequestStatus(db, agent, id, status, decision.reason, async (trx, current) => {
    if (decision.decision !== 'approve') return;
    const stock = await onHand(trx, current.branchId, current.partNumber);
    if (approvedStatus(stock, current.quantity) !== status) throw new ApiFailure(409, 'conflict', 'the warehouse stock changed meanwhile; decide again');
    if (status !== 'approved') return;
    await trx
      .updateTable('rdcStock')
      .set({ quantity: stock - current.quantity })
      .where('branchId', '=', current.branchId)
      .where('partNumber', '=', current.partNumber)
      .execute();
    shipmentId = randomUUID();
    await trx
      .insertInto('partsShipments')
      .values({ id: shipmentId, requestId: current.id, branchId: current.branchId, partNumber: current.partNumber, quantity: current.quantity, createdAt: new Date().toISOString() })
      .execute();
  });
  return { answer: { request: changed.row, shipmentId }, changes: changed.changes };
}

async function onHand(db: Kysely<ServerSchema>, branchId: string, partNumber: string): Promise<number> {
  const row = await db.selectFrom('rdcStock').select('quantity').where('branchId', '=', branchId).where('partNumber', '=', partNumber).executeTakeFirst();
  return row?.quantity ?? 0;
}

/** The RDC stock the agent's role reads (its branch's, or every branch's for headquarters), by branch and part number. */
export async function listRdcStock(db: Kysely<ServerSchema>, agent: Agent, query: z.output<typeof RdcStockQuery>): Promise<{ items: RdcStock[]; nextCursor: string | null }> {
  const scope = figuresScopeOf(agent);
  if (!scope) throw new ApiFailure(403, 'forbidden', 'only the parts desk, a supervisor or headquarters reads the warehouse stock');
  if (query.branchId !== undefined && scope.branchIds !== null && !scope.branchIds.includes(query.branchId)) throw ApiFailure.forbidden("this branch's warehouse");
  let select = db.selectFrom('rdcStock').select(['branchId', 'partNumber', 'quantity']);
  if (scope.branchIds !== null) select = select.where('branchId', 'in', [...scope.branchIds]);
  if (query.branchId) select = select.where('branchId', '=', query.branchId);
  if (query.partNumber) select = select.where('partNumber', '=', query.partNumber);
  if (query.cursor) {
    const after = decodePageCursor(query.cursor);
    select = select.where(sql<boolean>`(${sql.ref('branchId')} > ${after.key} or (${sql.ref('branchId')} = ${after.key} and ${sql.ref('partNumber')} > ${after.id}))`);
  }
  const rows = await select.orderBy('branchId').orderBy('partNumber').limit(query.limit + 1).execute();
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > query.limit && last ? encodePageCursor({ key: last.branchId, id: last.partNumber }) : null };
}

/** A request's steps (decision with its reason, then each status), oldest first; readable as the request is. */
export async function partsRequestSteps(db: Kysely<ServerSchema>, agent: Agent, id: string): Promise<PartsRequestStep[]> {
  await partsRequestDetail(db, agent, id);
  const rows = await db.selectFrom('partsRequestSteps').select(['status', 'reason', 'agentId', 'at']).where('requestId', '=', id).orderBy('at').orderBy('id').execute();
  return rows.map((r) => ({ ...r, status: r.status as PartsRequestStatus }));
}

