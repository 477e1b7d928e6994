import type { Kysely } from 'kysely';
import type { CustomerDetail } from '../../shared/api/rest.js';
import type { Agent } from '../../shared/domain/branch.js';
import type { ServerSchema } from '../db/schema.js';
import { customerFromRecord, productFromRecord, serviceOrderFromRecord } from '../db/syncedRecords.js';
import { ApiFailure } from '../http/apiFailure.js';

/** A customer with their products and service orders (newest first); 404 if absent, 403 if another branch's. */
export async function customerDetail(db: Kysely<ServerSchema>, agent: Agent, customerId: string): Promise<CustomerDetail> {
  const record = await db.selectFrom('customers').selectAll().where('id', '=', customerId).where('deleted', '=', 0).executeTakeFirst();
  if (!record) throw ApiFailure.notFound('customer');
  if (record.branchId !== agent.branchId) throw ApiFailure.forbidden('this customer');
  const [products, orders] = await Promise.all([
    db.selectFrom('products').selectAll().where('customerId', '=', customerId).where('deleted', '=', 0).orderBy('purchaseDate', 'desc').execute(),
    db.selectFrom('serviceOrders').selectAll().where('customerId', '=', customerId).where('deleted', '=', 0).orderBy('createdAt', 'desc').execute(),
  ]);
  return {
    customer: customerFromRecord(record),
    products: products.map(productFromRecord),
    orders: orders.map(serviceOrderFromRecord),
  };
}
