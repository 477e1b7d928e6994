import type { MutationEntity } from '../../shared/api/syncPush.js';
import type { Agent } from '../../shared/domain/branch.js';
import { seatCodeOf } from '../../shared/seatIdentity.js';
import type { ConflictAtSeat, DeadLetterAtSeat, PendingChange, SyncRecordLabel } from '../../shared/workstationApi.js';
import type { LocalCache } from './localCache/localCache.js';

/**
 * Sync problems and waiting changes as an agent reads them: the record named as they know it
 * (customer, order number, product), who changed what, and "mine" meaning this seat's value.
 */

/** Bookkeeping fields a change carries that say nothing to an agent. */
const BOOKKEEPING_FIELDS = new Set(['id', 'branchId', 'createdAt', 'updatedAt', 'version', 'deleted']);

/** The record a change is about, by the names in this seat's cache (a create names itself in its patch). */
function recordLabel(cache: LocalCache, entity: MutationEntity, entityId: string, patch: Record<string, unknown> = {}): SyncRecordLabel {
  const text = (value: unknown) => (typeof value === 'string' && value ? value : null);
  const customerName = (customerId: unknown) => (typeof customerId === 'string' ? (cache.customers.find(customerId)?.name ?? null) : null);
  const orderOf = (orderId: unknown) => (typeof orderId === 'string' ? cache.serviceOrders.find(orderId) : null);
  const productText = (product: { model: string; serialNumber: string } | null) => (product ? `${product.model} ${product.serialNumber}` : null);
  switch (entity) {
    case 'customer':
      return { customerName: cache.customers.find(entityId)?.name ?? text(patch.name), orderNumber: null, product: null };
    case 'serviceOrder': {
      const order = cache.serviceOrders.find(entityId);
      return {
        customerName: customerName(order?.customerId ?? patch.customerId),
        orderNumber: order?.orderNumber ?? text(patch.orderNumber),
        product: productText(cache.products.find(String(order?.productId ?? patch.productId ?? ''))),
      };
    }
    case 'product': {
      const product = cache.products.find(entityId);
      const own = text(patch.model) && text(patch.serialNumber) ? `${text(patch.model)} ${text(patch.serialNumber)}` : null;
      return { customerName: customerName(product?.customerId ?? patch.customerId), orderNumber: null, product: productText(product) ?? own };
    }
    default: {
      // Records that belong to an order or a customer (calls, follow-ups, parts requests…).
      const order = orderOf(patch.orderId);
      return { customerName: customerName(order?.customerId ?? patch.customerId), orderNumber: order?.orderNumber ?? null, product: null };
    }
  }
}

export function deadLettersAtSeat(cache: LocalCache): DeadLetterAtSeat[] {
  return cache.outbox.deadLetters().map((letter) => ({ ...letter, record: recordLabel(cache, letter.entity, letter.entityId, letter.patch) }));
}

/** Open conflicts, each saying which of its two values is this seat's (`seatId`: the id this seat pushes under). */
export function conflictsAtSeat(cache: LocalCache, seatId: string, agents: readonly Agent[]): ConflictAtSeat[] {
  const names = new Map(agents.map((a) => [a.id, a.displayName]));
  return cache.conflicts.open().map((conflict) => ({
    ...conflict,
    pushedHere: conflict.seatId === seatId,
    pushedBy: { agentId: conflict.agentId, agentName: names.get(conflict.agentId) ?? null, seatCode: seatCodeOf(conflict.seatId) },
    keptBy: conflict.theirsAgentId
      ? { agentId: conflict.theirsAgentId, agentName: names.get(conflict.theirsAgentId) ?? null, seatCode: conflict.theirsSeatId ? seatCodeOf(conflict.theirsSeatId) : null }
      : null,
    keptHere: conflict.theirsSeatId === seatId,
    record: recordLabel(cache, conflict.entity, conflict.entityId),
  }));
}

export function pendingChanges(cache: LocalCache, limit: number): PendingChange[] {
  return cache.outbox.head(limit).map((entry) => ({
    mutationId: entry.mutationId,
    entity: entry.entity,
    op: entry.op,
    fields: Object.keys(entry.patch).filter((field) => !BOOKKEEPING_FIELDS.has(field)),
    createdAt: entry.createdAt,
    attempts: entry.attempts,
    record: recordLabel(cache, entry.entity, entry.entityId, entry.patch),
  }));
}
