import type { Kysely } from 'kysely';
import type { Agent } from '../../shared/domain/branch.js';
import type { OrderEvent } from '../../shared/domain/orderEvent.js';
import type { ServerSchema } from '../db/schema.js';
import { orderEventFromRecord } from '../db/syncedRecords.js';
import { orderDetail } from './orderDetail.js';

/** A service order's history, oldest first; 404/403 as for the order itself (its history goes with it). */
export async function orderEvents(db: Kysely<ServerSchema>, agent: Agent, orderId: string): Promise<OrderEvent[]> {
  await orderDetail(db, agent, orderId);
  const records = await db.selectFrom('orderEvents').selectAll().where('orderId', '=', orderId).orderBy('seq').orderBy('version').execute();
  return records.map(orderEventFromRecord);
}
