import { z } from 'zod';
import { ProductCategory } from './product.js';
import { syncedRowFields } from './syncedRow.js';

/**
 * An authorised service outlet: the repair shop an order is dispatched to. It serves whole
 * provinces and/or single cities (named as in customers' addresses: 河北省, 保定市) for some
 * product categories. Made by headquarters, synced to the branch's seats, never edited there.
 */
export const Outlet = z.object({
  ...syncedRowFields,
  branchId: z.string().uuid(),
  name: z.string().min(1).max(100),
  provinces: z.array(z.string().min(1)),
  cities: z.array(z.string().min(1)),
  categories: z.array(ProductCategory).min(1),
  /** Orders the outlet is working on now: dispatch prefers the least loaded. */
  load: z.number().int().nonnegative(),
});
export type Outlet = z.infer<typeof Outlet>;
