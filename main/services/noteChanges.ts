import crypto from 'node:crypto';
import { Note, type NewNoteParsed } from '../../shared/domain/note.js';
import { WorkstationError } from '../../shared/workstationApi.js';
import { nowOf, recordLocalRow, type SeatChangeContext } from './recordLocalRow.js';

/** Writes a note on a customer or one of their orders (offline too), as this agent, now. Notes are never changed afterwards. */
export function addNote(ctx: SeatChangeContext, input: NewNoteParsed): Note {
  let customerId = input.customerId;
  if (input.orderId !== null) {
    const order = ctx.cache.serviceOrders.find(input.orderId);
    if (!order || order.deleted || (customerId !== null && order.customerId !== customerId)) throw new WorkstationError('not_found', `order ${input.orderId} is not in this seat's cache`);
    customerId = order.customerId;
  }
  const customer = customerId === null ? null : ctx.cache.customers.get(customerId);
  if (!customer) throw new WorkstationError('not_found', `customer ${String(customerId)} is not in this seat's cache`);
  const patch = { branchId: customer.branchId, customerId: customer.id, orderId: input.orderId, authorId: ctx.agent.id, text: input.text, createdAt: nowOf(ctx).toISOString() };
  return recordLocalRow(ctx, { entity: 'note', entityId: input.id ?? crypto.randomUUID(), op: 'create', patch }, Note);
}
