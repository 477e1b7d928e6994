import { isOverdue } from '../../shared/domain/orderSla.js';
import type { ServiceOrder } from '../../shared/domain/serviceOrder.js';
import type { LocalCache } from './localCache/localCache.js';

/** The branch's orders past a service-level deadline at `now` (shared/domain/orderSla.ts), oldest first; from the cache, offline too. */
export function overdueOrders(cache: LocalCache, now: Date): ServiceOrder[] {
  return cache.serviceOrders.awaitingService().filter((order) => isOverdue(order, now));
}
