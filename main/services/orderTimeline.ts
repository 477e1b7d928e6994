import type { OrderTimeline, PendingOrderChange } from '../../shared/domain/orderTimeline.js';
import { WorkstationError } from '../../shared/workstationApi.js';
import type { LocalCache } from './localCache/localCache.js';

/** The order's timeline from the cache (works offline): pulled events, then changes still queued here. */
export function orderTimeline(cache: LocalCache, orderId: string): OrderTimeline {
  const order = cache.serviceOrders.find(orderId);
  if (!order || order.deleted) throw new WorkstationError('not_found', `order ${orderId} is not in this seat's cache`);
  const pending = cache.outbox
    .pendingFor('serviceOrder', orderId)
    .map((entry): PendingOrderChange => {
      const text = (field: string) => (typeof entry.patch[field] === 'string' ? (entry.patch[field] as string) : null);
      return {
        at: entry.createdAt,
        status: entry.op === 'create' ? null : (text('status') as PendingOrderChange['status']),
        ownerAgentId: entry.op === 'create' ? null : text('ownerAgentId'),
        handoverNote: entry.op === 'create' ? null : text('handoverNote'),
        outletId: text('outletId'),
        appointmentStart: text('appointmentStart'),
        appointmentEnd: text('appointmentEnd'),
      };
    })
    // Edits of the fault text and the like are not history.
    .filter((change) => change.status !== null || change.ownerAgentId !== null || change.outletId !== null);
  return { events: cache.orderEvents.ofOrder(orderId), pending, followUp: cache.followUps.ofOrder(orderId) };
}
