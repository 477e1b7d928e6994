import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { OrderList, OrderListQuery } from '../../shared/api/rest.js';
import type { ServerSchema } from '../db/schema.js';
import { serviceOrderFromRecord } from '../db/syncedRecords.js';
import type { AgentScope } from '../scope/agentScope.js';
import { scopedPage } from '../scope/scopedReads.js';

/** The live service orders in the agent's scope, newest first, by keyset pages (stable while orders are added). */
export async function listOrders(db: Kysely<ServerSchema>, scope: AgentScope, filter: z.output<typeof OrderListQuery>): Promise<OrderList> {
  return scopedPage(db, 'serviceOrders', scope, {
    equal: { status: filter.status, customerId: filter.customerId },
    order: { column: 'createdAt', direction: 'desc' },
    page: filter,
    item: serviceOrderFromRecord,
  });
}
