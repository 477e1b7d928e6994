import { z } from 'zod';
import { ProductCategory } from './product.js';
import { RegionCode } from './region.js';
import { syncedRowFields } from './syncedRow.js';

/**
 * An authorised service outlet: the repair shop an order is dispatched to. It serves regions by
 * their GB/T 2260 codes (region.ts) — whole provinces (130000), cities (130600) or districts
 * (110108) — for some product categories. Made by headquarters, synced to the branch's seats,
 * never edited there.
 */
export const Outlet = z.object({
  ...syncedRowFields,
  branchId: z.string().uuid(),
  name: z.string().min(1).max(100),
  regionCodes: z.array(RegionCode),
  categories: z.array(ProductCategory).min(1),
  /** Orders the outlet is working on now: dispatch prefers the least loaded. */
  load: z.number().int().nonnegative(),
  /**
   * The open orders the outlet can work on at once, planned by headquarters from the monthly
   * service volume (shared/domain/outletNetwork.ts); null: not planned. Outlets from before had none.
   */
  capacity: z.number().int().positive().nullable().default(null),
});
export type Outlet = z.infer<typeof Outlet>;
