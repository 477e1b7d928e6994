import type { Kysely } from 'kysely';
import type { Agent } from '../../shared/domain/branch.js';
import type { ServiceOrder } from '../../shared/domain/serviceOrder.js';
import type { ServerSchema } from '../db/schema.js';
import { serviceOrderFromRecord } from '../db/syncedRecords.js';
import { scopeOf } from '../scope/agentScope.js';
import { readable } from '../scope/scopedReads.js';

/** One service order; 404 if absent or deleted, 403 if outside the agent's scope (their branch's, or theirs). */
export async function orderDetail(db: Kysely<ServerSchema>, agent: Agent, orderId: string): Promise<ServiceOrder> {
  const record = await db.selectFrom('serviceOrders').selectAll().where('id', '=', orderId).where('deleted', '=', 0).executeTakeFirst();
  return serviceOrderFromRecord(readable(record, scopeOf(agent), 'service order'));
}
