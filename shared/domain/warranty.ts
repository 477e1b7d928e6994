import { z } from 'zod';
import { IsoDate, IsoTimestamp } from './syncedRow.js';

type WarrantyStatus = 'in_warranty' | 'out_of_warranty';

export interface WarrantyCheck {
  status: WarrantyStatus;
  /** First day no longer covered (purchase date + warranty months), YYYY-MM-DD. */
  expiresOn: string;
}

/**
 * Warranty runs from the purchase date for the product's warranty months; it covers every day
 * before the same calendar day that many months later (clamped to the month's end: a purchase on
 * 31 January with 1 month expires on 28/29 February). `today` is a YYYY-MM-DD date.
 */
export function warrantyStatus(purchaseDate: string, warrantyMonths: number, today: string): WarrantyCheck {
  const [y, m, d] = purchaseDate.split('-').map(Number) as [number, number, number];
  const monthIndex = m - 1 + warrantyMonths;
  const expiryYear = y + Math.floor(monthIndex / 12);
  const expiryMonth = (monthIndex % 12) + 1;
  const lastDay = new Date(Date.UTC(expiryYear, expiryMonth, 0)).getUTCDate();
  const expiresOn = `${String(expiryYear).padStart(4, '0')}-${String(expiryMonth).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
  return { status: today < expiresOn ? 'in_warranty' : 'out_of_warranty', expiresOn };
}

/** Today's date as YYYY-MM-DD in the seat's local time zone (warranty is a local-calendar notion). */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * The warranty decision recorded on a service order when it is made: the product's coverage as it
 * stood that day, with the facts it was judged from (the unit's serial number, purchase date and
 * warranty months), so a later edit of the product does not rewrite why the order was (not) free.
 * `unknown`: the product could not be read where the order was made.
 */
export const WarrantyDecision = z.object({
  status: z.enum(['in_warranty', 'out_of_warranty', 'unknown']),
  purchaseDate: IsoDate.nullable(),
  warrantyMonths: z.number().int().min(0).max(240).nullable(),
  serialNumber: z.string().nullable(),
  expiresOn: IsoDate.nullable(),
  decidedAt: IsoTimestamp,
});
export type WarrantyDecision = z.infer<typeof WarrantyDecision>;

/** The decision for an order about `product` (null: an order without a product has none), taken `now` in local time. */
export function decideWarranty(
  product: { serialNumber: string; purchaseDate: string; warrantyMonths: number } | null | undefined,
  productId: string | null,
  now: Date,
): WarrantyDecision | null {
  if (productId === null) return null;
  const decidedAt = now.toISOString();
  if (!product) return { status: 'unknown', purchaseDate: null, warrantyMonths: null, serialNumber: null, expiresOn: null, decidedAt };
  const { status, expiresOn } = warrantyStatus(product.purchaseDate, product.warrantyMonths, localToday(now));
  return { status, purchaseDate: product.purchaseDate, warrantyMonths: product.warrantyMonths, serialNumber: product.serialNumber, expiresOn, decidedAt };
}
