import { z } from 'zod';
import { IsoDate } from './syncedRow.js';

/**
 * The figures a supervisor and headquarters read (docs/architecture.md §10), computed by the
 * backend's SQL over the synced tables. The definitions live here and in shared/domain/orderSla.ts
 * (the stages' deadlines); server/kpis/ turns them into SQL, the desk shows them.
 *
 * - calls: answered = calls taken (every disposition but missed / turned away, both directions);
 *   missed = inbound calls missed or turned away; handle time = talk + wrap-up of answered calls.
 * - first-contact resolution: of the orders made for a product, those with no second order for the
 *   same product and no further answered call of the same customer within FIRST_CONTACT_WINDOW_DAYS
 *   after the order was made (a call carries no product today, so any call back of the customer counts).
 * - satisfaction: the scores (1–5) of follow-ups done in the period, by the order they follow.
 * - SLA met per stage: of the orders made in the period, each stage done within its deadline (met),
 *   done late or overdue now (missed); a stage not yet due, or one the order no longer waits for
 *   (orderSla.ts), counts in neither.
 * - parts cycle: from request to receipt, of the parts requests received in the period.
 * - complaints: complaints received in the period, and the service orders made in it (every type),
 *   for the complaint rate per 1,000 orders (complaintsPerThousandOrders, complaint.ts). A complaint
 *   counts for the agent who took it, the outlet it names, its order's product category.
 * Days, weeks (Monday first) and months are those of the hotline's clock, China Standard Time.
 */
export const HOTLINE_UTC_OFFSET_HOURS = 8;
export const FIRST_CONTACT_WINDOW_DAYS = 7;
/** The widest range one query may span: figures are bounded. */
const KPI_MAX_RANGE_DAYS = 366;

export const KpiPeriod = z.enum(['day', 'week', 'month']);
export type KpiPeriod = z.infer<typeof KpiPeriod>;

/** What the rows group by: branch (headquarters), agent (the order's owner, the call's agent), outlet, product category, region (the customer's province). */
export const KpiDimension = z.enum(['branch', 'agent', 'outlet', 'category', 'region']);
export type KpiDimension = z.infer<typeof KpiDimension>;

const DAY_MS = 86_400_000;

export const KpiQuery = z
  .object({
    period: KpiPeriod,
    by: KpiDimension,
    /** First and last day (inclusive), hotline dates. */
    from: IsoDate,
    to: IsoDate,
    /** Narrows to one branch (headquarters); a supervisor's figures are their branch's anyway. */
    branchId: z.string().uuid('branchId must be a UUID').optional(),
    cursor: z.string().max(300).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((q) => q.from <= q.to, { message: 'from must not be after to', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) < KPI_MAX_RANGE_DAYS * DAY_MS, { message: `at most ${KPI_MAX_RANGE_DAYS} days`, path: ['to'] });
export type KpiQuery = z.input<typeof KpiQuery>;

const Count = z.number().int().nonnegative();

const SlaStageFigure = z.object({ met: Count, missed: Count });

/**
 * One group's figures in one period. Sums and counts, never rounded averages: the desk divides
 * (AHT = handleSeconds / answered, mean = scoreSum / rated). A family a dimension does not apply
 * to (calls by outlet or category) is null.
 */
export const KpiRow = z.object({
  /** The period's first day. */
  period: IsoDate,
  /** The group: an id (branch, agent, outlet), a category, a province. */
  key: z.string(),
  label: z.string(),
  calls: z.object({ answered: Count, missed: Count, handleSeconds: Count }).nullable(),
  firstContact: z.object({ orders: Count, resolved: Count }),
  satisfaction: z.object({ rated: Count, scoreSum: Count, byScore: z.tuple([Count, Count, Count, Count, Count]) }),
  sla: z.object({ dispatch: SlaStageFigure, accept: SlaStageFigure, onSite: SlaStageFigure, complete: SlaStageFigure }),
  parts: z.object({ received: Count, cycleSeconds: Count }),
  complaints: z.object({ received: Count, orders: Count }),
});
export type KpiRow = z.infer<typeof KpiRow>;

export const KpiPage = z.object({
  items: z.array(KpiRow),
  nextCursor: z.string().nullable(),
  /** When the backend computed them (the seat shows it beside figures kept for offline reading). */
  computedAt: z.string(),
});
export type KpiPage = z.infer<typeof KpiPage>;

/** The figures that have orders behind them (GET /kpis/orders); `orders`: those first-contact resolution is taken over (made for a product). */
export const KpiFigure = z.enum([
  'orders',
  'not_resolved',
  'sla_missed_dispatch',
  'sla_missed_accept',
  'sla_missed_onSite',
  'sla_missed_complete',
  'rated',
  'low_rated',
  'parts_received',
  'complained',
]);
export type KpiFigure = z.infer<typeof KpiFigure>;

/** Scores at or below this are low (the desk's drill-down "low scores"). */
export const LOW_SATISFACTION = 2;

export const KpiOrdersQuery = z.object({
  figure: KpiFigure,
  period: KpiPeriod,
  /** The period's first day, as a KpiRow names it. */
  start: IsoDate,
  by: KpiDimension,
  key: z.string().min(1).max(200),
  branchId: z.string().uuid('branchId must be a UUID').optional(),
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type KpiOrdersQuery = z.input<typeof KpiOrdersQuery>;

/** An order behind a figure, as the drill-down lists it. */
export const KpiOrder = z.object({
  id: z.string().uuid(),
  orderNumber: z.string(),
  branchId: z.string().uuid(),
  customerId: z.string().uuid(),
  status: z.string(),
  type: z.string(),
  ownerAgentId: z.string().uuid(),
  createdAt: z.string(),
});
export type KpiOrder = z.infer<typeof KpiOrder>;

export const KpiOrderPage = z.object({ items: z.array(KpiOrder), nextCursor: z.string().nullable() });
export type KpiOrderPage = z.infer<typeof KpiOrderPage>;

/** The first day after the period that starts on `start`. */
export function periodEnd(period: KpiPeriod, start: string): string {
  const day = new Date(`${start}T00:00:00Z`);
  if (period === 'day') day.setUTCDate(day.getUTCDate() + 1);
  if (period === 'week') day.setUTCDate(day.getUTCDate() + 7);
  if (period === 'month') day.setUTCMonth(day.getUTCMonth() + 1);
  return day.toISOString().slice(0, 10);
}

/** The UTC instant a hotline date begins, as stored timestamps are written (ISO, Z). */
export function hotlineDayStartsAt(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) - HOTLINE_UTC_OFFSET_HOURS * 3_600_000).toISOString();
}

/** Today's date on the hotline's clock. */
export function hotlineToday(now: Date): string {
  return new Date(now.getTime() + HOTLINE_UTC_OFFSET_HOURS * 3_600_000).toISOString().slice(0, 10);
}

/**
 * Figure families added to KpiRow after seats began keeping figures for offline reading: a page
 * kept before one was added lacks it. The seat reads such a page with the family empty and names
 * it as missing (main/services/deskFigures.ts), and the desk shows it as not known, not as zero.
 */
export const KpiLaterFamily = z.enum(['complaints']);
export type KpiLaterFamily = z.infer<typeof KpiLaterFamily>;
