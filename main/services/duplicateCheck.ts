import { DUPLICATE_WINDOW_DAYS, findDuplicateOrders, type DuplicateOrder } from '../../shared/domain/duplicateOrders.js';
import type { ServiceOrderType } from '../../shared/domain/serviceOrder.js';
import { WorkstationError } from '../../shared/workstationApi.js';
import type { LocalCache } from './localCache/localCache.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Before a new order is made: the open orders in the seat's cache it may duplicate (works offline).
 * An order without a product has no serial number or category to match: nothing.
 */
export function duplicateCheck(cache: LocalCache, input: { customerId: string; productId: string | null; type: ServiceOrderType }, now: Date): DuplicateOrder[] {
  const customer = cache.customers.get(input.customerId);
  if (!customer) throw new WorkstationError('not_found', `customer ${input.customerId} is not in this seat's cache`);
  if (input.productId === null) return [];
  const product = cache.products.find(input.productId);
  if (!product || product.deleted || product.customerId !== input.customerId) {
    throw new WorkstationError('bad_input', `productId: product ${input.productId} does not belong to customer ${input.customerId}`);
  }
  // A day wider than the window: created_at texts with another UTC offset are not cut off by the text comparison; the domain rule decides.
  const since = new Date(now.getTime() - (DUPLICATE_WINDOW_DAYS + 1) * DAY_MS).toISOString();
  const candidates = cache.serviceOrders.duplicateCandidates({ type: input.type, serialNumber: product.serialNumber, phone: customer.phone, category: product.category, since });
  return findDuplicateOrders({ type: input.type, serialNumber: product.serialNumber, category: product.category, phone: customer.phone }, candidates, now);
}
