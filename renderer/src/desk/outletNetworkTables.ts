import type { OutletVolumeRow } from '../../../shared/domain/outletNetwork.js';
import { ProductCategory } from '../../../shared/domain/product.js';

/** One month and region with its orders per product line ('' = no product) and their total. */
export interface RegionMonth {
  month: string;
  regionCode: string | null;
  regionName: string | null;
  byCategory: Map<string, number>;
  total: number;
}

/**
 * The region view's rows (one per month, region and product line, as the backend pages them)
 * turned into one line per month and region with a column per product line: readable at a glance,
 * and a region whose lines were split across two pages is whole again once both are loaded.
 */
export function regionMonths(rows: readonly OutletVolumeRow[]): { lines: RegionMonth[]; categories: string[] } {
  const lines = new Map<string, RegionMonth>();
  const seen = new Set<string>();
  for (const row of rows) {
    const id = `${row.month}/${row.regionCode ?? ''}`;
    const line = lines.get(id) ?? { month: row.month, regionCode: row.regionCode, regionName: row.regionName, byCategory: new Map<string, number>(), total: 0 };
    const category = row.category ?? '';
    line.byCategory.set(category, (line.byCategory.get(category) ?? 0) + row.orders);
    line.total += row.orders;
    lines.set(id, line);
    seen.add(category);
  }
  // Product lines in the catalogue's order, orders without a product last; only those that occur.
  const categories = [...ProductCategory.options, ''].filter((c) => seen.has(c));
  return { lines: [...lines.values()], categories };
}

/** The months a query may start or end at: this one and the `count - 1` before it, newest first (YYYY-MM). */
export function recentMonths(thisMonth: string, count: number): string[] {
  const index = Number(thisMonth.slice(0, 4)) * 12 + Number(thisMonth.slice(5, 7)) - 1;
  return Array.from({ length: count }, (_, i) => {
    const m = index - i;
    return `${Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
  });
}
