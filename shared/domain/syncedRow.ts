import { z } from 'zod';

/** Fields every synced row carries (docs/architecture.md §3, sync protocol). */
export const syncedRowFields = {
  id: z.string().uuid(),
  /** The server's change sequence number at the row's last change; 0 before the server saw it. */
  version: z.number().int().nonnegative(),
  deleted: z.boolean(),
};

/** ISO calendar date, e.g. 2024-05-31, checked to be a real day. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'date must be YYYY-MM-DD')
  .refine(isCalendarDay, 'not a real calendar date');

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A YYYY-MM-DD that names a real day (arithmetic, not a Date: every pulled product row checks one). */
export function isCalendarDay(date: string): boolean {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

export const IsoTimestamp = z.string().datetime({ offset: true, message: 'timestamp must be ISO 8601' });
