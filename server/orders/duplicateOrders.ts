import type { Kysely } from 'kysely';
import type { Agent } from '../../shared/domain/branch.js';
import { DUPLICATE_WINDOW_DAYS, findDuplicateOrders, type DuplicateCheckFacts, type DuplicateOrder } from '../../shared/domain/duplicateOrders.js';
import { OPEN_ORDER_STATUSES, type ServiceOrderType } from '../../shared/domain/serviceOrder.js';
import type { ServerSchema } from '../db/schema.js';
import { serviceOrderFromRecord } from '../db/syncedRecords.js';
import { ApiFailure } from '../http/apiFailure.js';
import { scopeOf } from '../scope/agentScope.js';
import { inScopeWhere, readable } from '../scope/scopedReads.js';

/**
 * The open orders in the agent's scope that a new order (customer, product, type) would
 * duplicate. Only shown, never enforced: the agent decides. 404/403 for the customer as for
 * GET /customers/{id}; 404 for a product that is not the customer's.
 */
export async function duplicateOrders(
  db: Kysely<ServerSchema>,
  agent: Agent,
  request: { customerId: string; productId?: string; type: ServiceOrderType },
  now: Date,
): Promise<DuplicateOrder[]> {
  const scope = scopeOf(agent);
  const customer = readable(
    await db.selectFrom('customers').select(['branchId', 'phone']).where('id', '=', request.customerId).where('deleted', '=', 0).executeTakeFirst(),
    scope,
    'customer',
  );
  let product: { serialNumber: string; category: DuplicateCheckFacts['category'] } | null = null;
  if (request.productId) {
    product =
      (await db
        .selectFrom('products')
        .select(['serialNumber', 'category'])
        .where('id', '=', request.productId)
        .where('customerId', '=', request.customerId)
        .where('deleted', '=', 0)
        .executeTakeFirst()) ?? null;
    if (!product) throw ApiFailure.notFound("this customer's product");
  }
  if (!product) return [];
  const { serialNumber, category } = product;

  const windowStart = new Date(now.getTime() - DUPLICATE_WINDOW_DAYS * 24 * 60 * 60 * 1000).toISOString();
  const rows = await db
    .selectFrom('serviceOrders as o')
    .innerJoin('products as p', 'p.id', 'o.productId')
    .innerJoin('customers as c', 'c.id', 'o.customerId')
    .selectAll('o')
    .select(['p.serialNumber as productSerial', 'p.category as productCategory', 'c.phone as customerPhone'])
    .where(inScopeWhere('serviceOrders', scope, 'o'))
    .where('o.deleted', '=', 0)
    .where('o.type', '=', request.type)
    .where('o.status', 'in', OPEN_ORDER_STATUSES)
    .where((eb) =>
      eb.or([eb('p.serialNumber', '=', serialNumber), eb.and([eb('c.phone', '=', customer.phone), eb('p.category', '=', category), eb('o.createdAt', '>=', windowStart)])]),
    )
    .execute();
  const existing = rows.map(({ productSerial, productCategory, customerPhone, ...order }) => ({
    order: serviceOrderFromRecord(order),
    serialNumber: productSerial,
    category: productCategory,
    phone: customerPhone,
  }));
  return findDuplicateOrders({ type: request.type, serialNumber, category, phone: customer.phone }, existing, now);
}
