import type { Kysely } from 'kysely';
import type { OrderList } from '../../shared/api/rest.js';
import type { ServiceOrderStatus } from '../../shared/domain/serviceOrder.js';
import type { ServerSchema } from '../db/schema.js';
import { serviceOrderFromRecord } from '../db/syncedRecords.js';
import { keysetPage } from '../http/keysetPage.js';
import type { AgentScope } from '../scope/agentScope.js';
import { inScopeWhere } from '../scope/scopedReads.js';

export interface OrderFilter {
  status?: ServiceOrderStatus;
  customerId?: string;
  cursor?: string;
  limit: number;
}

/** The live service orders in the agent's scope, newest first, by keyset pages (stable while orders are added). */
export async function listOrders(db: Kysely<ServerSchema>, scope: AgentScope, filter: OrderFilter): Promise<OrderList> {
  let query = db.selectFrom('serviceOrders').selectAll().where(inScopeWhere('serviceOrders', scope)).where('deleted', '=', 0);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.customerId) query = query.where('customerId', '=', filter.customerId);
  const page = await keysetPage(query, { column: 'createdAt', direction: 'desc' }, filter);
  return { items: page.items.map(serviceOrderFromRecord), nextCursor: page.nextCursor };
}
