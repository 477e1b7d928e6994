import { z } from 'zod';

/**
 * A seat's configuration: what IT deploys as a seat file (JSON), overridable by environment
 * variables for development. Validated on load; a bad file stops the start with the field named.
 */
export const SeatConfig = z
  .object({
    backendUrl: z.string().url('backendUrl must be a URL such as http://hq.example:8787'),
    seatCode: z.string().regex(/^\d{2}$/, 'seatCode is two digits, e.g. 07'),
    /** Where the seat keeps its cache; relative paths are resolved against the working directory. */
    dataDir: z.string().min(1),
    syncIntervalMs: z.number().int().min(200).max(600_000),
  })
  .strict();
export type SeatConfig = z.infer<typeof SeatConfig>;

export const DEFAULT_SEAT_CONFIG: SeatConfig = {
  backendUrl: 'http://127.0.0.1:8787',
  seatCode: '01',
  dataDir: './data/seat',
  syncIntervalMs: 5000,
};
