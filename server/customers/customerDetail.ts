import type { Kysely } from 'kysely';
import type { CustomerDetail } from '../../shared/api/rest.js';
import type { Agent } from '../../shared/domain/branch.js';
import type { ServerSchema } from '../db/schema.js';
import { customerFromRecord, productFromRecord, serviceOrderFromRecord } from '../db/syncedRecords.js';
import { scopeOf } from '../scope/agentScope.js';
import { readable } from '../scope/scopedReads.js';

/** A customer with their products and service orders (newest first); 404 if absent, 403 if outside the agent's scope. */
export async function customerDetail(db: Kysely<ServerSchema>, agent: Agent, customerId: string): Promise<CustomerDetail> {
  const record = await db.selectFrom('customers').selectAll().where('id', '=', customerId).where('deleted', '=', 0).executeTakeFirst();
  const customer = readable(record, scopeOf(agent), 'customer');
  const [products, orders] = await Promise.all([
    db.selectFrom('products').selectAll().where('customerId', '=', customerId).where('deleted', '=', 0).orderBy('purchaseDate', 'desc').execute(),
    db.selectFrom('serviceOrders').selectAll().where('customerId', '=', customerId).where('deleted', '=', 0).orderBy('createdAt', 'desc').execute(),
  ]);
  return {
    customer: customerFromRecord(customer),
    products: products.map(productFromRecord),
    orders: orders.map(serviceOrderFromRecord),
  };
}
