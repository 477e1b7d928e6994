import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { ProductList, ProductListQuery } from '../../shared/api/rest.js';
import type { ServerSchema } from '../db/schema.js';
import { productFromRecord } from '../db/syncedRecords.js';
import type { AgentScope } from '../scope/agentScope.js';
import { scopedPage } from '../scope/scopedReads.js';

/** The install base in the agent's scope by serial number, in keyset pages; `serial` is an exact serial number. */
export async function listProducts(db: Kysely<ServerSchema>, scope: AgentScope, filter: z.output<typeof ProductListQuery>): Promise<ProductList> {
  return scopedPage(db, 'products', scope, {
    equal: { customerId: filter.customerId, serialNumber: filter.serial },
    order: { column: 'serialNumber', direction: 'asc' },
    page: filter,
    item: productFromRecord,
  });
}
