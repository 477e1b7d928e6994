import crypto from 'node:crypto';
import { PartsRequest, partsForOrderRefusal, type NewPartsRequestParsed } from '../../shared/domain/partsRequest.js';
import { WorkstationError } from '../../shared/workstationApi.js';
import { nowOf, recordLocalRow, type SeatChangeContext } from './recordLocalRow.js';

/** Requests spare parts for an order in the cache (offline too), as this agent; the status starts at requested. */
export function requestParts(ctx: SeatChangeContext, input: NewPartsRequestParsed): PartsRequest {
  const order = ctx.cache.serviceOrders.find(input.orderId);
  if (!order || order.deleted) throw new WorkstationError('not_found', `order ${input.orderId} is not in this seat's cache`);
  const refusal = partsForOrderRefusal(order.orderNumber, order.status);
  if (refusal) throw WorkstationError.refused('invalid_transition', refusal);
  const at = nowOf(ctx).toISOString();
  const patch = {
    branchId: order.branchId,
    orderId: order.id,
    partNumber: input.partNumber,
    quantity: input.quantity,
    status: 'requested',
    note: input.note,
    requestedBy: ctx.agent.id,
    createdAt: at,
    updatedAt: at,
  };
  return recordLocalRow(ctx, { entity: 'partsRequest', entityId: input.id ?? crypto.randomUUID(), op: 'create', patch }, PartsRequest);
}
