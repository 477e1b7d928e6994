import type { Outlet } from '../../shared/domain/outlet.js';
import { suggestOutlets } from '../../shared/domain/outletSuggestion.js';
import type { ProductCategory } from '../../shared/domain/product.js';
import { WorkstationError } from '../../shared/workstationApi.js';
import type { LocalCache } from './localCache/localCache.js';

/** The outlets an order for this customer's product can be dispatched to, best first, from the cache (works offline). */
export function outletsForOrder(cache: LocalCache, customerId: string, category: ProductCategory): Outlet[] {
  const customer = cache.customers.get(customerId);
  if (!customer) throw new WorkstationError('not_found', `customer ${customerId} is not in this seat's cache`);
  return suggestOutlets(customer, category, cache.outlets.all());
}

/** The outlets an existing order can be dispatched to, best first: by its customer and its product's category (any, without a product). */
export function outletsForDispatch(cache: LocalCache, orderId: string): Outlet[] {
  const order = cache.serviceOrders.find(orderId);
  if (!order || order.deleted) throw new WorkstationError('not_found', `order ${orderId} is not in this seat's cache`);
  const category = order.productId ? (cache.products.find(order.productId)?.category ?? null) : null;
  const customer = cache.customers.get(order.customerId);
  if (!customer) throw new WorkstationError('not_found', `customer ${order.customerId} is not in this seat's cache`);
  return suggestOutlets(customer, category, cache.outlets.all());
}
