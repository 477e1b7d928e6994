import crypto from 'node:crypto';
import {
  Complaint,
  complaintDeadlines,
  complaintStepChanges,
  complaintStepRecordOf,
  ComplaintStepRecord,
  promisedByRefusal,
  type ComplaintStatus,
  type ComplaintStepParsed,
  type NewComplaintParsed,
} from '../../shared/domain/complaint.js';
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
  // The complaint and its first recorded step, in one cache transaction (and pushed in that order).
  return ctx.cache.db.transaction(() => {
    const complaint = recordLocalRow(ctx, { entity: 'complaint', entityId: input.id ?? crypto.randomUUID(), op: 'create', patch }, Complaint);
    recordStep(ctx, complaint, { to: 'received' }, null, at);
    return complaint;
  })();
}

/** The step's record in the complaint's step list (append-only), in the caller's transaction. */
function recordStep(ctx: SeatChangeContext, complaint: Complaint, step: ComplaintStepParsed | { to: 'received' }, from: ComplaintStatus | null, at: string): void {
  const patch = complaintStepRecordOf(complaint, step, from, ctx.agent.id, at);
  recordLocalRow(ctx, { entity: 'complaintStep', entityId: crypto.randomUUID(), op: 'create', patch }, ComplaintStepRecord);
}

/** Takes one step of a complaint's workflow (offline too), recorded with its time and author; the backend checks it against its own status on push. */
export function advanceComplaint(ctx: SeatChangeContext, complaintId: string, step: ComplaintStepParsed): Complaint {
  const current = ctx.cache.complaints.get(complaintId);
  if (!current) throw new WorkstationError('not_found', `complaint ${complaintId} is not in this seat's cache`);
  // Each workflow step after the one before, even within one millisecond of it (the history orders
  // by time); the backend's escalations run on its own clock and are not steps taken here.
  const last = ctx.cache.complaintSteps
    .ofComplaint(complaintId)
    .filter((s) => s.kind !== 'escalated')
    .at(-1);
  const now = new Date(Math.max(nowOf(ctx).getTime(), last ? Date.parse(last.at) + 1 : 0));
  const outcome = complaintStepChanges(current, step, now);
  if ('refusal' in outcome) throw WorkstationError.refused(outcome.refusal.field === 'status' ? 'invalid_transition' : 'bad_input', outcome.refusal);
  const at = now.toISOString();
  const patch = { ...outcome.changes, updatedAt: at };
  // The change and its step record, in one cache transaction: the step is pushed right after the
  // change, and the backend takes it only if it follows the complaint's last recorded step.
  return ctx.cache.db.transaction(() => {
    const complaint = recordLocalRow(ctx, { entity: 'complaint', entityId: complaintId, op: 'update', patch }, Complaint);
    recordStep(ctx, complaint, step, current.status, at);
    return complaint;
  })();
}
