import type { Kysely } from 'kysely';
import type { Agent } from '../../shared/domain/branch.js';
import type { Outlet } from '../../shared/domain/outlet.js';
import { suggestOutlets } from '../../shared/domain/outletSuggestion.js';
import type { ProductCategory } from '../../shared/domain/product.js';
import type { ServerSchema } from '../db/schema.js';
import { outletFromRecord } from '../db/syncedRecords.js';
import { ApiFailure } from '../http/apiFailure.js';

/**
 * The agent's branch's outlets in service, by name; for a customer and a product category, the
 * ones that can take the order, best first (404/403 for the customer as for GET /customers/{id}).
 */
export async function listOutlets(db: Kysely<ServerSchema>, agent: Agent, forOrder?: { customerId: string; category: ProductCategory }): Promise<Outlet[]> {
  const records = await db.selectFrom('outlets').selectAll().where('branchId', '=', agent.branchId).where('deleted', '=', 0).orderBy('name').orderBy('id').execute();
  const outlets = records.map(outletFromRecord);
  if (!forOrder) return outlets;
  const customer = await db.selectFrom('customers').select(['branchId', 'province', 'city']).where('id', '=', forOrder.customerId).where('deleted', '=', 0).executeTakeFirst();
  if (!customer) throw ApiFailure.notFound('customer');
  if (customer.branchId !== agent.branchId) throw ApiFailure.forbidden('this customer');
  return suggestOutlets(customer, forOrder.category, outlets);
}
