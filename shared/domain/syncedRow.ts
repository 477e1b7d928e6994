import { z } from 'zod';

/** Fields every synced row carries (DESIGN.md §3, sync protocol). */
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
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'not a real calendar date');

export const IsoTimestamp = z.string().datetime({ offset: true, message: 'timestamp must be ISO 8601' });
