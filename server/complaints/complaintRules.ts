import { Complaint, complaintChangeRefusal, complaintDeadlines, ComplaintStepKind, ComplaintStepRecord, complaintStepRecordRefusal } from '../../shared/domain/complaint.js';
import { refusal } from '../../shared/domain/refusal.js';
import { patchFieldsOf } from '../../shared/patchSchema.js';
import { complaintFromRecord } from '../db/syncedRecords.js';
import { MutationRejected } from '../sync/push/mutationRejected.js';
import type { PushableEntity } from '../sync/push/pushableEntity.js';
import { checkOrderOfCustomer } from '../sync/push/orderOfCustomer.js';

/**
 * How seats (and REST) take and work complaints (shared/domain/complaint.ts): a complaint is
 * taken as `received` by the agent who takes it, with the deadlines of its severity; afterwards
 * only its workflow fields and what it is about (order, outlet, technician) change, each step
 * checked against the server's status. The escalation is the backend's alone (escalateComplaints.ts).
 */
export const complaintPushRules: PushableEntity<'complaint'> = {
  row: Complaint,
  fields: patchFieldsOf(Complaint),
  fixed: [
    'id', 'version', 'deleted', 'branchId', 'customerId', 'takenBy', 'category', 'severity', 'channel', 'customerWords', 'customerWants',
    'receivedAt', 'promisedBy', 'acknowledgeDueAt', 'resolveDueAt', 'escalation', 'escalatedAt', 'createdAt',
  ],
  stamped: ['updatedAt'],
  references: { customerId: 'customer', orderId: 'serviceOrder', outletId: 'outlet' },
  // Complaints are records of what a customer said: never deleted.
  ops: ['create', 'update'],
  // The deadlines follow from the severity (a seat's are only its preview); nothing starts escalated.
  async completeCreate(_db, row) {
    return { ...row, ...complaintDeadlines(row.severity, row.receivedAt, row.promisedBy), escalation: 'none', escalatedAt: null };
  },
  async checkCreate(db, complaint, agent) {
    if (complaint.takenBy !== agent.id) throw new MutationRejected('out_of_scope', `takenBy must be your own agent id (${agent.id})`);
    if (complaint.status !== 'received' || complaint.acknowledgedAt !== null || complaint.resolvedAt !== null || complaint.confirmedAt !== null || complaint.reopenCount !== 0) {
      throw new MutationRejected('bad_patch', 'status: a new complaint is received, with no step taken yet');
    }
    if (complaint.resolution !== '' || complaint.compensationKind !== 'none' || complaint.compensationYuan !== null) {
      throw new MutationRejected('bad_patch', 'resolution: a new complaint has no resolution or compensation yet');
    }
    // Offline, the seat checked the promise against its clock; here it must at least follow the complaint.
    if (complaint.promisedBy !== null && Date.parse(complaint.promisedBy) <= Date.parse(complaint.receivedAt)) {
      throw MutationRejected.refused('bad_patch', refusal('complaint_deadline_in_past', {}, 'promisedBy'));
    }
    if (complaint.orderId !== null) await checkOrderOfCustomer(db, complaint.orderId, complaint.customerId);
  },
  checkUpdate(current, changes) {
    const refused = complaintChangeRefusal(current, Complaint.parse({ ...current, ...changes }));
    if (refused) throw MutationRejected.refused('invalid_transition', refused);
  },
};

/**
 * A complaint's recorded steps (shared/domain/complaint.ts `ComplaintStepRecord`): append-only,
 * created by the seat that took the step, pushed right after the complaint's own change. Taken
 * only as the agent's own step, of a complaint of the same customer and order, following the
 * complaint's last recorded step (complaintStepRecordRefusal): a step whose complaint change the
 * backend refused, or that another seat already took, is refused too. Escalations are the
 * backend's (escalateComplaints.ts).
 */
export const complaintStepPushRules: PushableEntity<'complaintStep'> = {
  row: ComplaintStepRecord,
  fields: patchFieldsOf(ComplaintStepRecord),
  fixed: Object.keys(ComplaintStepRecord.shape),
  stamped: [],
  references: { customerId: 'customer', orderId: 'serviceOrder' },
  ops: ['create'],
  async checkCreate(db, step, agent) {
    if (step.agentId !== agent.id) throw new MutationRejected('out_of_scope', `agentId must be your own agent id (${agent.id})`);
    const record = await db.selectFrom('complaints').selectAll().where('id', '=', step.complaintId).where('deleted', '=', 0).executeTakeFirst();
    const complaint = record ? complaintFromRecord(record) : null;
    if (!complaint || complaint.branchId !== step.branchId) throw new MutationRejected('invalid_reference', `complaintId: no complaint ${step.complaintId} in your branch`);
    if (complaint.customerId !== step.customerId || complaint.orderId !== step.orderId) {
      throw new MutationRejected('bad_patch', 'customerId, orderId: a step names its complaint\'s customer and order');
    }
    const last = await db
      .selectFrom('complaintSteps')
      .select('kind')
      .where('complaintId', '=', step.complaintId)
      .where('kind', '!=', 'escalated')
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
    const refused = complaintStepRecordRefusal(step, complaint, last ? ComplaintStepKind.parse(last.kind) : null);
    if (refused) throw MutationRejected.refused('invalid_transition', refused);
  },
};
