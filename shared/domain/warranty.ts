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
