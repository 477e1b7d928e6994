import type { Outlet } from './outlet.js';
import { outletServes, regionCoverage, type CustomerRegionFacts } from './orderDispatch.js';
import type { ProductCategory } from './product.js';

/**
 * The outlets an order for this customer and product category can go to (docs/architecture.md §1, step 2):
 * those that serve the category (any, for an order without a product) and the customer's district,
 * city or whole province, by region code. Nearest first — an outlet naming the district before one
 * naming the city before one covering the province — then least loaded, then by name.
 */
export function suggestOutlets(customer: CustomerRegionFacts, category: ProductCategory | null, outlets: readonly Outlet[]): Outlet[] {
  return outlets
    .filter((o) => outletServes(o, customer, category))
    .sort((a, b) => regionCoverage(b, customer) - regionCoverage(a, customer) || a.load - b.load || a.name.localeCompare(b.name, 'zh-CN'));
}
