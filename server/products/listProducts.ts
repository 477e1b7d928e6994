import type { Kysely } from 'kysely';
import type { ProductList } from '../../shared/api/rest.js';
import type { ServerSchema } from '../db/schema.js';
import { productFromRecord } from '../db/syncedRecords.js';
import { keysetPage } from '../http/keysetPage.js';
import type { AgentScope } from '../scope/agentScope.js';
import { inScopeWhere } from '../scope/scopedReads.js';

export interface ProductFilter {
  customerId?: string;
  serial?: string;
  cursor?: string;
  limit: number;
}

/** The install base in the agent's scope by serial number, in keyset pages; `serial` is an exact serial number. */
export async function listProducts(db: Kysely<ServerSchema>, scope: AgentScope, filter: ProductFilter): Promise<ProductList> {
  let query = db.selectFrom('products').selectAll().where(inScopeWhere('products', scope)).where('deleted', '=', 0);
  if (filter.customerId) query = query.where('customerId', '=', filter.customerId);
  if (filter.serial) query = query.where('serialNumber', '=', filter.serial);
  const page = await keysetPage(query, { column: 'serialNumber', direction: 'asc' }, filter);
  return { items: page.items.map(productFromRecord), nextCursor: page.nextCursor };
}
