import type { Kysely } from 'kysely';
import type { Agent } from '../../shared/domain/branch.js';
import type { Outlet } from '../../shared/domain/outlet.js';
import { suggestOutlets } from '../../shared/domain/outletSuggestion.js';
import type { ProductCategory } from '../../shared/domain/product.js';
import type { ServerSchema } from '../db/schema.js';
import { outletFromRecord } from '../db/syncedRecords.js';
import { scopeOf } from '../scope/agentScope.js';
import { inScopeWhere, readable } from '../scope/scopedReads.js';

/**
 * The outlets in service in the agent's scope (their branch's), by name; for a customer and a product category, the
 * ones that can take the order, best first (404/403 for the customer as for GET /customers/{id}).
 */
export async function listOutlets(db: Kysely<ServerSchema>, agent: Agent, forOrder?: { customerId: string; category: ProductCategory }): Promise<Outlet[]> {
  const scope = scopeOf(agent);
  const records = await db.selectFrom('outlets').selectAll().where(inScopeWhere('outlets', scope)).where('deleted', '=', 0).orderBy('name').orderBy('id').execute();
  const outlets = records.map(outletFromRecord);
  if (!forOrder) return outlets;
  const customer = readable(
    await db.selectFrom('customers').select(['branchId', 'name', 'city', 'provinceCode', 'cityCode', 'districtCode']).where('id', '=', forOrder.customerId).where('deleted', '=', 0).executeTakeFirst(),
    scope,
    'customer',
  );
  return suggestOutlets(customer, forOrder.category, outlets);
}
