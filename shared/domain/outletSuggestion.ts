import type { Customer } from './customer.js';
import type { Outlet } from './outlet.js';
import { outletServes } from './orderDispatch.js';
import type { ProductCategory } from './product.js';

/**
 * The outlets an order for this customer and product category can go to (docs/architecture.md §1, step 2):
 * those that serve the category (any, for an order without a product) and the customer's city or
 * whole province. Nearest first — an outlet naming the city before one covering the province —
 * then least loaded, then by name.
 */
export function suggestOutlets(
  customer: Pick<Customer, 'province' | 'city'>,
  category: ProductCategory | null,
  outlets: readonly Outlet[],
): Outlet[] {
  const servesCity = (o: Outlet) => o.cities.includes(customer.city);
  return outlets
    .filter((o) => outletServes(o, customer, category))
    .sort((a, b) => Number(servesCity(b)) - Number(servesCity(a)) || a.load - b.load || a.name.localeCompare(b.name, 'zh-CN'));
}
