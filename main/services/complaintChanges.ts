import crypto from 'node:crypto';
import { Complaint, complaintDeadlines, complaintStepChanges, promisedByRefusal, type ComplaintStepParsed, type NewComplaintParsed } from '../../shared/domain/complaint.js';
import { WorkstationError } from '../../shared/workstationApi.js';
import { nowOf, recordLocalRow, type SeatChangeContext } from './recordLocalRow.js';

/**
 * Takes a complaint for a customer in the cache (offline too), as this agent, received now with
 * the deadlines of its severity (the backend decides them again from the same rule).
 */
export function takeComplaint(ctx: SeatChangeContext, input: NewComplaintParsed): Complaint {
  const customer = ctx.cache.customers.get(input.customerId);
  if (!customer) throw new WorkstationError('not_found', `customer ${input.customerId} is not in this seat's cache`);
  if (input.orderId !== null) {
    const order = ctx.cache.serviceOrders.find(input.orderId);
    if (!order || order.deleted || order.customerId !== customer.id) throw new WorkstationError('not_found', `order ${input.orderId} is not an order of this customer`);
  }
  const now = nowOf(ctx);
  const late = promisedByRefusal(input.promisedBy, now);
  if (late) throw WorkstationError.refused('bad_input', late);
  const at = now.toISOString();
  const patch = {
    branchId: customer.branchId,
    customerId: customer.id,
    orderId: input.orderId,
    outletId: input.outletId,
    technicianName: input.technicianName,
    category: input.category,
    severity: input.severity,
    channel: input.channel,
    customerWords: input.customerWords,
    customerWants: input.customerWants,
    status: 'received',
    takenBy: ctx.agent.id,
    receivedAt: at,
    promisedBy: input.promisedBy,
    ...complaintDeadlines(input.severity, at, input.promisedBy),
    acknowledgedAt: null,
    resolvedAt: null,
    confirmedAt: null,
    reopenCount: 0,
    escalation: 'none',
    escalatedAt: null,
    resolution: '',
    compensationKind: 'none',
    compensationYuan: null,
    createdAt: at,
    updatedAt: at,
  };
  return recordLocalRow(ctx, { entity: 'complaint', entityId: input.id ?? crypto.randomUUID(), op: 'create', patch }, Complaint);
}

/** Takes one step of a complaint's workflow (offline too); the backend checks it against its own status on push. */
export function advanceComplaint(ctx: SeatChangeContext, complaintId: string, step: ComplaintStepParsed): Complaint {
  const current = ctx.cache.complaints.get(complaintId);
  if (!current) throw new WorkstationError('not_found', `complaint ${complaintId} is not in this seat's cache`);
  const now = nowOf(ctx);
  const outcome = complaintStepChanges(current, step, now);
  if ('refusal' in outcome) throw WorkstationError.refused(outcome.refusal.field === 'status' ? 'invalid_transition' : 'bad_input', outcome.refusal);
  const patch = { ...outcome.changes, updatedAt: now.toISOString() };
  return recordLocalRow(ctx, { entity: 'complaint', entityId: complaintId, op: 'update', patch }, Complaint);
}
