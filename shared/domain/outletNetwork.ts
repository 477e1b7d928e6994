import { z } from 'zod';
import { IsoDate } from './syncedRow.js';

/**
 * Headquarters' view of the outlet network (docs/architecture.md §10): what the authorised service
 * outlets are asked to do, month by month, and where the network has holes. Computed by the
 * backend's SQL on both engines (server/outletNetwork/), read by headquarters only
 * (shared/domain/roles.ts `plansOutletNetwork`).
 *
 * - volume: service orders made in each month (the hotline's clock, UTC+8), by region (the
 *   customer's province) and product line (the product's category; none for orders without a
 *   product), by outlet (orders dispatched to it), or by technician (orders completed by them,
 *   with the outlet they came from).
 * - capacity: each outlet's load (orders it works on now) against its capacity (the open orders it
 *   can work on at once, planned by headquarters from the monthly volume; null: not planned).
 * - gaps: regions (province and city, from the install base: where customers own products of a
 *   category) that no outlet is authorised for in that category, by the dispatch rule itself
 *   (`outletServes`), with the products there.
 */
export const OutletVolumeView = z.enum(['region', 'outlet', 'technician']);
export type OutletVolumeView = z.infer<typeof OutletVolumeView>;

const YearMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'month must be YYYY-MM');
/** The widest range of months one query spans. */
const OUTLET_VOLUME_MAX_MONTHS = 24;

const monthIndex = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;

const Paging = {
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
};

export const OutletVolumeQuery = z
  .object({ by: OutletVolumeView, from: YearMonth, to: YearMonth, ...Paging })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] })
  .refine((q) => monthIndex(q.to) - monthIndex(q.from) < OUTLET_VOLUME_MAX_MONTHS, { message: `at most ${OUTLET_VOLUME_MAX_MONTHS} months`, path: ['to'] });
export type OutletVolumeQuery = z.input<typeof OutletVolumeQuery>;

const Count = z.number().int().nonnegative();

/** One group's orders in one month; the fields of the view's grouping are set, the others null. */
export const OutletVolumeRow = z.object({
  /** The month's first day. */
  month: IsoDate,
  regionCode: z.string().nullable(),
  regionName: z.string().nullable(),
  /** The product line; '' for orders without a product (view region only). */
  category: z.string().nullable(),
  outletId: z.string().uuid().nullable(),
  outletName: z.string().nullable(),
  technician: z.string().nullable(),
  orders: Count,
});
export type OutletVolumeRow = z.infer<typeof OutletVolumeRow>;

export const OutletVolumePage = z.object({ items: z.array(OutletVolumeRow), nextCursor: z.string().nullable(), computedAt: z.string() });
export type OutletVolumePage = z.infer<typeof OutletVolumePage>;

export const OutletCapacityQuery = z.object({ ...Paging });
export type OutletCapacityQuery = z.input<typeof OutletCapacityQuery>;

/** An outlet's load against its capacity; the fullest first (unplanned outlets last). */
export const OutletCapacityRow = z.object({
  outletId: z.string().uuid(),
  name: z.string(),
  branchId: z.string().uuid(),
  branchName: z.string(),
  categories: z.array(z.string()),
  load: Count,
  capacity: z.number().int().positive().nullable(),
});
export type OutletCapacityRow = z.infer<typeof OutletCapacityRow>;

export const OutletCapacityPage = z.object({ items: z.array(OutletCapacityRow), nextCursor: z.string().nullable(), computedAt: z.string() });
export type OutletCapacityPage = z.infer<typeof OutletCapacityPage>;

export const OutletGapQuery = z.object({ ...Paging });
export type OutletGapQuery = z.input<typeof OutletGapQuery>;

/** A region (city, or the province where the city was never picked) with products of a category that no outlet serves. */
export const OutletGapRow = z.object({
  provinceCode: z.string(),
  provinceName: z.string(),
  cityCode: z.string().nullable(),
  cityName: z.string().nullable(),
  category: z.string(),
  /** Products of the category owned there: the demand nobody is authorised to serve. */
  products: Count,
});
export type OutletGapRow = z.infer<typeof OutletGapRow>;

export const OutletGapPage = z.object({ items: z.array(OutletGapRow), nextCursor: z.string().nullable(), computedAt: z.string() });
export type OutletGapPage = z.infer<typeof OutletGapPage>;

/** An outlet's load as a share of its capacity (null: no capacity planned). */
export function outletUtilisation(row: Pick<OutletCapacityRow, 'load' | 'capacity'>): number | null {
  return row.capacity === null ? null : row.load / row.capacity;
}

/** The first day of a YYYY-MM month, and the first day after its last. */
export function monthBounds(month: string): { first: string; next: string } {
  const index = monthIndex(month) + 1;
  const next = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
  return { first: `${month}-01`, next };
}
