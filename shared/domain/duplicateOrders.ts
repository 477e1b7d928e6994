import { z } from 'zod';
import type { ProductCategory } from './product.js';
import { OPEN_ORDER_STATUSES, ServiceOrder, type ServiceOrderType } from './serviceOrder.js';

/** Days within which a second open order from the same phone for the same product category is suspect. */
export const DUPLICATE_WINDOW_DAYS = 7;

const DuplicateReason = z.enum(['same_serial_number', 'same_phone_and_category']);
type DuplicateReason = z.infer<typeof DuplicateReason>;

/** An open order that the new one may duplicate, and why: shown to the agent before a second is made. */
export const DuplicateOrder = z.object({ order: ServiceOrder, reason: DuplicateReason });
export type DuplicateOrder = z.infer<typeof DuplicateOrder>;

/** What the check needs of an order's product and customer (either side). */
export interface DuplicateCheckFacts {
  type: ServiceOrderType;
  /** The product's serial number and category; null for an order without a product. */
  serialNumber: string | null;
  category: ProductCategory | null;
  /** The customer's canonical phone. */
  phone: string;
}

/**
 * The open orders a new order of `candidate` may duplicate (docs/architecture.md §1, step 2): of the same
 * type, and either for the same serial number, or from the same phone for the same product
 * category within the last DUPLICATE_WINDOW_DAYS. Same serial first, then newest first.
 */
export function findDuplicateOrders(
  candidate: DuplicateCheckFacts,
  existing: ReadonlyArray<{ order: ServiceOrder } & Omit<DuplicateCheckFacts, 'type'>>,
  now: Date,
): DuplicateOrder[] {
  const windowStart = now.getTime() - DUPLICATE_WINDOW_DAYS * 24 * 60 * 60 * 1000;
  const matches: DuplicateOrder[] = [];
  for (const other of existing) {
    const { order } = other;
    if (order.deleted || order.type !== candidate.type || !OPEN_ORDER_STATUSES.includes(order.status)) continue;
    if (candidate.serialNumber !== null && other.serialNumber === candidate.serialNumber) matches.push({ order, reason: 'same_serial_number' });
    else if (
      candidate.category !== null &&
      other.category === candidate.category &&
      other.phone === candidate.phone &&
      Date.parse(order.createdAt) >= windowStart
    ) {
      matches.push({ order, reason: 'same_phone_and_category' });
    }
  }
  const rank = (d: DuplicateOrder) => (d.reason === 'same_serial_number' ? 0 : 1);
  return matches.sort((a, b) => rank(a) - rank(b) || Date.parse(b.order.createdAt) - Date.parse(a.order.createdAt));
}
