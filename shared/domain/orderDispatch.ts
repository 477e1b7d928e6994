import { z } from 'zod';
import type { Customer } from './customer.js';
import { duplicateDispatchHold } from './duplicateReview.js';
import type { Outlet } from './outlet.js';
import type { ProductCategory } from './product.js';
import { regionNeedsPick } from './region.js';
import { refusal, type Refusal } from './refusal.js';
import { OPEN_ORDER_STATUSES, type ServiceOrder, type ServiceOrderStatus } from './serviceOrder.js';
import { IsoTimestamp } from './syncedRow.js';

/**
 * Dispatching a service order (docs/architecture.md §1, step 2): to an authorised outlet that serves the
 * customer's region and the product's category, with an appointment window. Shared so the seat
 * checks a dispatch offline exactly as the server re-checks it on push.
 */

/** Bounds of an appointment window, in minutes / hours / days. */
const APPOINTMENT_LIMITS = {
  /** A window shorter than this is not a window the outlet can keep. */
  minMinutes: 30,
  /** Longer than this, the customer would wait at home all day: not an appointment. */
  maxHours: 12,
  /** How far ahead an appointment may be made. */
  maxDaysAhead: 30,
  /** How far before the moment of dispatch the window may start (a slot already under way). */
  startGraceMinutes: 60,
} as const;

/** The statuses from which an order may be dispatched: a new one, or re-dispatched before the outlet accepted it. */
export const DISPATCHABLE_STATUSES: readonly ServiceOrderStatus[] = ['new', 'dispatched'];

/** Refusals of a dispatch that are about the order's state now (a step refused), not about the outlet or address chosen. */
export const NOT_DISPATCHABLE_NOW: ReadonlySet<string> = new Set(['order_not_dispatchable', 'dispatch_awaits_duplicate_review', 'dispatch_duplicate_rejected']);

export const AppointmentWindow = z.object({
  appointmentStart: IsoTimestamp,
  appointmentEnd: IsoTimestamp,
});
export type AppointmentWindow = z.infer<typeof AppointmentWindow>;

const MINUTE_MS = 60_000;

/**
 * Why an appointment window made at `dispatchedAt` is not acceptable (the refusal names the
 * field); null when it is. Checked against the moment of dispatch, not the moment of push, so an
 * offline seat's dispatch pushed hours later is judged as it was made.
 */
export function appointmentProblem(window: AppointmentWindow, dispatchedAt: string): Refusal | null {
  const start = Date.parse(window.appointmentStart);
  const end = Date.parse(window.appointmentEnd);
  const at = Date.parse(dispatchedAt);
  const L = APPOINTMENT_LIMITS;
  if (end <= start) return refusal('appointment_ends_before_start', {}, 'appointmentEnd');
  if (end - start < L.minMinutes * MINUTE_MS) return refusal('appointment_too_short', { minMinutes: L.minMinutes }, 'appointmentEnd');
  if (end - start > L.maxHours * 60 * MINUTE_MS) return refusal('appointment_too_long', { maxHours: L.maxHours }, 'appointmentEnd');
  if (start < at - L.startGraceMinutes * MINUTE_MS) return refusal('appointment_in_past', {}, 'appointmentStart');
  if (start > at + L.maxDaysAhead * 24 * 60 * MINUTE_MS) return refusal('appointment_too_far_ahead', { maxDays: L.maxDaysAhead }, 'appointmentStart');
  return null;
}

/** The region facts dispatch reads from a customer: codes decide, the name words a refusal. */
export type CustomerRegionFacts = Pick<Customer, 'name' | 'city' | 'provinceCode' | 'cityCode' | 'districtCode'>;

/**
 * How closely the outlet's region codes cover the customer: 3 the district, 2 the city, 1 the whole
 * province; 0 not at all (also for a customer whose region was never picked: free text matches no code).
 */
export function regionCoverage(outlet: Pick<Outlet, 'regionCodes'>, customer: Pick<Customer, 'provinceCode' | 'cityCode' | 'districtCode'>): 0 | 1 | 2 | 3 {
  if (customer.districtCode !== null && outlet.regionCodes.includes(customer.districtCode)) return 3;
  if (customer.cityCode !== null && outlet.regionCodes.includes(customer.cityCode)) return 2;
  if (customer.provinceCode !== null && outlet.regionCodes.includes(customer.provinceCode)) return 1;
  return 0;
}

/** Whether the outlet is authorised for this customer's region (by code) and (when the order has a product) its category. */
export function outletServes(outlet: Outlet, customer: CustomerRegionFacts, category: ProductCategory | null): boolean {
  if (outlet.deleted) return false;
  if (category !== null && !outlet.categories.includes(category)) return false;
  return regionCoverage(outlet, customer) > 0;
}

type LoadFacts = Pick<ServiceOrder, 'outletId' | 'status' | 'deleted'>;

/** The outlet an order occupies: the one it was dispatched to, while the order is still being worked on. */
function occupiedOutlet(order: LoadFacts): string | null {
  if (order.deleted || order.outletId === null) return null;
  return order.status !== 'new' && OPEN_ORDER_STATUSES.includes(order.status) ? order.outletId : null;
}

/**
 * How outlets' loads change when an order goes from `before` to `after` (null before: created):
 * dispatch +1, completion, cancellation or deletion −1, re-dispatch −1 at the old outlet and +1 at the new.
 */
export function outletLoadChanges(before: LoadFacts | null, after: LoadFacts): Array<{ outletId: string; delta: 1 | -1 }> {
  const from = before ? occupiedOutlet(before) : null;
  const to = occupiedOutlet(after);
  if (from === to) return [];
  const changes: Array<{ outletId: string; delta: 1 | -1 }> = [];
  if (from) changes.push({ outletId: from, delta: -1 });
  if (to) changes.push({ outletId: to, delta: 1 });
  return changes;
}

/**
 * Why this order cannot be dispatched as asked (its status, or the outlet: field `outletId`);
 * null when it can. `order` is the order as it stands before the dispatch.
 */
export function dispatchRefusal(
  order: Pick<ServiceOrder, 'orderNumber' | 'status' | 'duplicateReason' | 'duplicateReview'>,
  outlet: Outlet | null,
  customer: CustomerRegionFacts,
  category: ProductCategory | null,
): Refusal | null {
  if (!DISPATCHABLE_STATUSES.includes(order.status)) return refusal('order_not_dispatchable', { orderNumber: order.orderNumber, status: order.status });
  const held = duplicateDispatchHold(order);
  if (held) return held;
  if (!outlet || outlet.deleted) return refusal('outlet_unknown', {}, 'outletId');
  if (regionNeedsPick(customer)) return refusal('customer_region_unpicked', { customerName: customer.name }, 'outletId');
  if (!outletServes(outlet, customer, category)) return refusal('outlet_does_not_serve', { outlet: outlet.name, city: customer.city, category }, 'outletId');
  return null;
}
