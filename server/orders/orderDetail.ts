import type { Kysely } from 'kysely';
import type { Agent } from '../../shared/domain/branch.js';
import type { ServiceOrder } from '../../shared/domain/serviceOrder.js';
import type { ServerSchema } from '../db/schema.js';
import { serviceOrderFromRecord } from '../db/syncedRecords.js';
import { ApiFailure } from '../http/apiFailure.js';

/** One service order; 404 if absent or deleted, 403 if another branch's. */
export async function orderDetail(db: Kysely<ServerSchema>, agent: Agent, orderId: string): Promise<ServiceOrder> {
  const record = await db.selectFrom('serviceOrders').selectAll().where('id', '=', orderId).where('deleted', '=', 0).executeTakeFirst();
  if (!record) throw ApiFailure.notFound('service order');
  if (record.branchId !== agent.branchId) throw ApiFailure.forbidden('this service order');
  return serviceOrderFromRecord(record);
}
