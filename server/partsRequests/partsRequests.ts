import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { PartsRequestList } from '../../shared/api/rest.js';
import type { Agent } from '../../shared/domain/branch.js';
import { partsForOrderRefusal, partsRequestRefusal, type NewPartsRequestParsed, type PartsRequest, type PartsRequestStatus } from '../../shared/domain/partsRequest.js';
import { lockChangeLog } from '../db/changeLogSeqs.js';
import type { ServerSchema } from '../db/schema.js';
import { partsRequestFromRecord } from '../db/syncedRecords.js';
import { writeSyncedRows } from '../db/writeSyncedRows.js';
import { ApiFailure } from '../http/apiFailure.js';
import { keysetPage } from '../http/keysetPage.js';

export interface PartsRequestFilter {
  orderId?: string;
  status?: PartsRequestStatus;
  cursor?: string;
  limit: number;
}

/** A branch's parts requests, newest first, by keyset pages. */
export async function listPartsRequests(db: Kysely<ServerSchema>, branchId: string, filter: PartsRequestFilter): Promise<PartsRequestList> {
  let query = db.selectFrom('partsRequests').selectAll().where('branchId', '=', branchId).where('deleted', '=', 0);
  if (filter.orderId) query = query.where('orderId', '=', filter.orderId);
  if (filter.status) query = query.where('status', '=', filter.status);
  const page = await keysetPage(query, { column: 'createdAt', direction: 'desc' }, filter);
  return { items: page.items.map(partsRequestFromRecord), nextCursor: page.nextCursor };
}

/** One parts request; 404 if absent, 403 if another branch's. */
export async function partsRequestDetail(db: Kysely<ServerSchema>, agent: Agent, id: string): Promise<PartsRequest> {
  const record = await db.selectFrom('partsRequests').selectAll().where('id', '=', id).where('deleted', '=', 0).executeTakeFirst();
  if (!record) throw ApiFailure.notFound('parts request');
  if (record.branchId !== agent.branchId) throw ApiFailure.forbidden('this parts request');
  return partsRequestFromRecord(record);
}

/** An agent requests parts for an order of their branch that is still being worked on. */
export async function createPartsRequest(db: Kysely<ServerSchema>, agent: Agent, input: NewPartsRequestParsed): Promise<PartsRequest> {
  return db.transaction().execute(async (trx) => {
    await lockChangeLog(trx);
    const order = await trx
      .selectFrom('serviceOrders')
      .select(['orderNumber', 'status'])
      .where('id', '=', input.orderId)
      .where('branchId', '=', agent.branchId)
      .where('deleted', '=', 0)
      .executeTakeFirst();
    if (!order) throw new ApiFailure(400, 'bad_input', `orderId: no order ${input.orderId} in your branch`, [{ path: ['orderId'], message: 'no such order in your branch' }]);
    const refusal = partsForOrderRefusal(order.orderNumber, order.status);
    if (refusal) throw ApiFailure.refused(409, 'conflict', refusal);
    const id = input.id ?? randomUUID();
    if (await trx.selectFrom('partsRequests').select('id').where('id', '=', id).executeTakeFirst()) {
      throw new ApiFailure(409, 'conflict', `a parts request with id ${id} already exists`);
    }
    const now = new Date().toISOString();
    const [written] = await writeSyncedRows(trx, 'partsRequest', [
      {
        id,
        deleted: false,
        branchId: agent.branchId,
        orderId: input.orderId,
        partNumber: input.partNumber,
        quantity: input.quantity,
        status: 'requested',
        note: input.note,
        requestedBy: agent.id,
        createdAt: now,
        updatedAt: now,
      },
    ]);
    if (!written) throw new Error('writeSyncedRows returned no row');
    return written;
  });
}

/**
 * Headquarters' parts desk moves a request on (partsRequestRefusal). Headquarters has no login of
 * its own yet, so a branch supervisor stands in for it; agents get 403.
 */
export async function changePartsRequestStatus(db: Kysely<ServerSchema>, agent: Agent, id: string, status: PartsRequestStatus): Promise<PartsRequest> {
  if (agent.role !== 'supervisor') throw new ApiFailure(403, 'forbidden', 'only the parts desk (a supervisor) changes the status of a parts request');
  return db.transaction().execute(async (trx) => {
    await lockChangeLog(trx);
    const current = await partsRequestDetail(trx, agent, id);
    const refusal = partsRequestRefusal(current.status, status);
    if (refusal) throw ApiFailure.refused(409, 'conflict', refusal);
    const { version: _old, ...row } = current;
    const [written] = await writeSyncedRows(trx, 'partsRequest', [{ ...row, status, updatedAt: new Date().toISOString() }], { fields: ['status', 'updatedAt'] });
    if (!written) throw new Error('writeSyncedRows returned no row');
    return written;
  });
}
