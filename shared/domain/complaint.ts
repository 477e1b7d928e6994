import { z } from 'zod';
import { refusal, type Refusal } from './refusal.js';
import { IsoTimestamp, syncedRowFields } from './syncedRow.js';

/**
 * Complaints (投诉) as their own records (docs/architecture.md §1 step 10, §5, §6): taken by an agent
 * (offline too), worked through one workflow, timed per severity, escalated by the backend when a
 * deadline passes, and counted per 1,000 orders by the one rate rule below.
 */

export const ComplaintCategory = z.enum(['service_attitude', 'lateness', 'repair_quality', 'parts_shortage', 'product_quality', 'fees']);
export type ComplaintCategory = z.infer<typeof ComplaintCategory>;

export const ComplaintSeverity = z.enum(['normal', 'serious', 'critical']);
export type ComplaintSeverity = z.infer<typeof ComplaintSeverity>;

export const ComplaintChannel = z.enum(['phone', 'wechat', 'email', 'outlet', 'social_media', 'letter']);
export type ComplaintChannel = z.infer<typeof ComplaintChannel>;

export const ComplaintStatus = z.enum(['received', 'acknowledged', 'investigating', 'resolved', 'confirmed', 'reopened']);
export type ComplaintStatus = z.infer<typeof ComplaintStatus>;

/** Who has the complaint on their desk beyond the agent: the branch supervisor, then headquarters. */
export const ComplaintEscalation = z.enum(['none', 'supervisor', 'headquarters']);
export type ComplaintEscalation = z.infer<typeof ComplaintEscalation>;

export const CompensationKind = z.enum(['none', 'coupon', 'fee_waived', 'replacement']);
export type CompensationKind = z.infer<typeof CompensationKind>;

/** Longest customer's words and resolution kept (characters). */
const COMPLAINT_TEXT_MAX = 2000;

/** Longest reason for reopening kept (characters). */
const COMPLAINT_STEP_REASON_MAX = 1000;

const CustomerWords = z.string().trim().min(1, 'write down what the customer said').max(COMPLAINT_TEXT_MAX);
const CompensationYuan = z.number().int('whole yuan').min(1, 'at least 1 yuan').max(100_000, 'at most 100,000 yuan');

export const Complaint = z.object({
  ...syncedRowFields,
  branchId: z.string().uuid(),
  customerId: z.string().uuid(),
  /** What the complaint is about, when known: an order, the outlet that served it, its technician. */
  orderId: z.string().uuid().nullable(),
  outletId: z.string().uuid().nullable(),
  technicianName: z.string().trim().min(1).max(60).nullable(),
  category: ComplaintCategory,
  severity: ComplaintSeverity,
  channel: ComplaintChannel,
  customerWords: CustomerWords,
  customerWants: z.string().trim().max(1000),
  status: ComplaintStatus,
  /** The agent who took the complaint. */
  takenBy: z.string().uuid(),
  receivedAt: IsoTimestamp,
  /** A time promised to the customer, if any: the resolve deadline is never later (complaintDeadlines). */
  promisedBy: IsoTimestamp.nullable(),
  acknowledgeDueAt: IsoTimestamp,
  resolveDueAt: IsoTimestamp,
  acknowledgedAt: IsoTimestamp.nullable(),
  resolvedAt: IsoTimestamp.nullable(),
  confirmedAt: IsoTimestamp.nullable(),
  reopenCount: z.number().int().nonnegative(),
  /** Set by the backend only (escalateOverdueComplaints), from complaintEscalationDue. */
  escalation: ComplaintEscalation,
  escalatedAt: IsoTimestamp.nullable(),
  resolution: z.string().trim().max(COMPLAINT_TEXT_MAX),
  compensationKind: CompensationKind,
  compensationYuan: CompensationYuan.nullable(),
  createdAt: IsoTimestamp,
  updatedAt: IsoTimestamp,
});
export type Complaint = z.infer<typeof Complaint>;

/** What the agent fills in on a call (the seat or the server adds ids, branch, agent, times and deadlines). */
export const NewComplaint = z.object({
  id: z.string().uuid('id must be a UUID').optional(),
  customerId: z.string().uuid('customerId must be a UUID'),
  orderId: z.string().uuid('orderId must be a UUID').nullable().default(null),
  outletId: z.string().uuid('outletId must be a UUID').nullable().default(null),
  technicianName: z.string().trim().max(60).transform((name) => name || null).nullable().default(null),
  category: ComplaintCategory,
  severity: ComplaintSeverity,
  channel: ComplaintChannel,
  customerWords: CustomerWords,
  customerWants: z.string().trim().max(1000).default(''),
  promisedBy: IsoTimestamp.nullable().default(null),
});
export type NewComplaint = z.input<typeof NewComplaint>;
export type NewComplaintParsed = z.output<typeof NewComplaint>;

/** One step of the workflow, as the agent takes it; `resolve` records the resolution and compensation. */
export const ComplaintStep = z.discriminatedUnion('to', [
  z.object({ to: z.literal('acknowledged') }),
  z.object({ to: z.literal('investigating') }),
  z.object({
    to: z.literal('resolved'),
    resolution: z.string().trim().min(1, 'say how the complaint was resolved').max(COMPLAINT_TEXT_MAX),
    compensationKind: CompensationKind.default('none'),
    compensationYuan: CompensationYuan.nullable().default(null),
  }),
  z.object({ to: z.literal('confirmed') }),
  /** The customer is not satisfied with the resolution: why, in their words or the agent's. */
  z.object({ to: z.literal('reopened'), reason: z.string().trim().min(1, 'say why the complaint is reopened').max(COMPLAINT_STEP_REASON_MAX) }),
]);
export type ComplaintStep = z.input<typeof ComplaintStep>;
export type ComplaintStepParsed = z.output<typeof ComplaintStep>;

/**
 * One recorded step of a complaint (docs/architecture.md §5): received, each workflow step, and each
 * escalation, with its time and who took it, in an append-only list. The complaint row keeps only
 * its current state (a second reopen overwrites the first resolution); the list keeps every step
 * with what it recorded, so a customer's history shows them all. A step is written with its
 * complaint change in one seat transaction (offline too) and pushed after it; the backend takes it
 * only when it follows the complaint's last recorded step (complaintStepRecordRefusal). Escalations
 * are the backend's own steps (`agentId` null), written in the sweep's transaction.
 */
export const ComplaintStepKind = z.enum(['received', 'acknowledged', 'investigating', 'resolved', 'confirmed', 'reopened', 'escalated']);
export type ComplaintStepKind = z.infer<typeof ComplaintStepKind>;

export const ComplaintStepRecord = z.object({
  ...syncedRowFields,
  branchId: z.string().uuid(),
  customerId: z.string().uuid(),
  complaintId: z.string().uuid(),
  /** The complaint's order, when it names one (the history links it). */
  orderId: z.string().uuid().nullable(),
  kind: ComplaintStepKind,
  /** The status before a workflow step; null for `received` and `escalated`. */
  fromStatus: ComplaintStatus.nullable(),
  /** When it was taken: the seat's clock (a step taken offline keeps its time), the backend's for an escalation. */
  at: IsoTimestamp,
  /** Who took it; null for the backend's own (escalation). */
  agentId: z.string().uuid().nullable(),
  /** What the step recorded in words: the customer's words (received), the resolution, the reason for reopening. */
  text: z.string().max(COMPLAINT_TEXT_MAX),
  /** Set for `resolved`. */
  compensationKind: CompensationKind.nullable(),
  compensationYuan: CompensationYuan.nullable(),
  /** Set for `escalated`: to whom. */
  escalation: ComplaintEscalation.nullable(),
});
export type ComplaintStepRecord = z.infer<typeof ComplaintStepRecord>;

/** The step record of a workflow step the seat took (or of the complaint's receipt), without its id and version. */
export function complaintStepRecordOf(
  complaint: Complaint,
  step: ComplaintStepParsed | { to: 'received' },
  from: ComplaintStatus | null,
  agentId: string,
  at: string,
): Omit<ComplaintStepRecord, 'id' | 'version' | 'deleted'> {
  const text = step.to === 'received' ? complaint.customerWords : step.to === 'resolved' ? step.resolution : step.to === 'reopened' ? step.reason : '';
  return {
    branchId: complaint.branchId,
    customerId: complaint.customerId,
    complaintId: complaint.id,
    orderId: complaint.orderId,
    kind: step.to,
    fromStatus: from,
    at,
    agentId,
    text,
    compensationKind: step.to === 'resolved' ? step.compensationKind : null,
    compensationYuan: step.to === 'resolved' ? step.compensationYuan : null,
    escalation: null,
  };
}

/**
 * Why a pushed step record does not belong in the complaint's list; null when it does. `complaint`
 * is the backend's row as it stands (its own change pushed just before), `lastKind` the kind of the
 * complaint's last recorded workflow step (escalations aside; null: none recorded). A step follows
 * only the step it was taken after, so two seats taking the same step leave one record.
 */
export function complaintStepRecordRefusal(step: ComplaintStepRecord, complaint: Complaint, lastKind: ComplaintStepKind | null): Refusal | null {
  const outOfOrder = () => refusal('complaint_step_out_of_order', { step: step.kind, after: lastKind }, 'status');
  // Received: the first step, by whoever took the complaint.
  if (step.kind === 'received') return lastKind === null && step.fromStatus === null && step.agentId === complaint.takenBy ? null : outOfOrder();
  if (step.kind === 'escalated' || step.fromStatus === null) return outOfOrder();
  if (complaint.status !== step.kind) return outOfOrder();
  // A complaint taken before its steps were recorded has none: its status is what the step follows.
  if (lastKind !== null && lastKind !== step.fromStatus) return outOfOrder();
  if (complaintTransitionRefusal(step.fromStatus, step.kind)) return outOfOrder();
  if (step.kind === 'resolved') {
    // The resolution it records is the one the complaint now has (not another seat's).
    if (step.text !== complaint.resolution || step.compensationKind !== complaint.compensationKind || step.compensationYuan !== complaint.compensationYuan) return outOfOrder();
  }
  if (step.kind === 'reopened' && step.text.trim() === '') return outOfOrder();
  return null;
}

// ---- the workflow ----

/**
 * received → acknowledged → investigating → resolved → confirmed (with the customer), or
 * resolved → reopened → investigating again. confirmed is final.
 */
const NEXT: Record<ComplaintStatus, readonly ComplaintStatus[]> = {
  received: ['acknowledged'],
  acknowledged: ['investigating'],
  investigating: ['resolved'],
  resolved: ['confirmed', 'reopened'],
  reopened: ['investigating'],
  confirmed: [],
};

/** The statuses a complaint may move to next (empty once confirmed). */
export function nextComplaintStatuses(from: ComplaintStatus): readonly ComplaintStatus[] {
  return NEXT[from];
}

/** Complaints still being worked on: their deadlines run and they can escalate. */
function complaintOpen(status: ComplaintStatus): boolean {
  return status !== 'resolved' && status !== 'confirmed';
}

/** Why a complaint cannot move from `from` to `to`; null when it can. */
export function complaintTransitionRefusal(from: ComplaintStatus, to: ComplaintStatus): Refusal | null {
  if (NEXT[from].includes(to)) return null;
  if (from === to) return refusal('complaint_already_in_status', { status: from }, 'status');
  if (NEXT[from].length === 0) return refusal('complaint_final', { status: from }, 'status');
  return refusal('complaint_next_status_not_allowed', { from, to, allowed: [...NEXT[from]] }, 'status');
}

/** Why a compensation cannot be recorded as given: coupons and waived fees name their amount, the others none. */
function compensationRefusal(kind: CompensationKind, yuan: number | null): Refusal | null {
  const needsAmount = kind === 'coupon' || kind === 'fee_waived';
  if (needsAmount && yuan === null) return refusal('complaint_compensation_amount_missing', { kind }, 'compensationYuan');
  if (!needsAmount && yuan !== null) return refusal('complaint_compensation_amount_unexpected', { kind }, 'compensationYuan');
  return null;
}

/**
 * The fields one step writes, taken at `now` (the seat's clock: a step taken offline keeps its
 * time), or the refusal. The server checks the same (complaintChangeRefusal) on push.
 */
export function complaintStepChanges(current: Complaint, step: ComplaintStepParsed, now: Date): { changes: Partial<Complaint> } | { refusal: Refusal } {
  const refused = complaintTransitionRefusal(current.status, step.to);
  if (refused) return { refusal: refused };
  const at = now.toISOString();
  switch (step.to) {
    case 'acknowledged':
      return { changes: { status: 'acknowledged', acknowledgedAt: at } };
    case 'investigating':
      return { changes: { status: 'investigating' } };
    case 'resolved': {
      const compensation = compensationRefusal(step.compensationKind, step.compensationYuan);
      if (compensation) return { refusal: compensation };
      return { changes: { status: 'resolved', resolvedAt: at, resolution: step.resolution, compensationKind: step.compensationKind, compensationYuan: step.compensationYuan } };
    }
    case 'confirmed':
      return { changes: { status: 'confirmed', confirmedAt: at } };
    case 'reopened':
      return { changes: { status: 'reopened', resolvedAt: null, reopenCount: current.reopenCount + 1 } };
  }
}

/** Why a pushed change of a complaint (its merged row `after`) breaks the workflow; null when it keeps it. */
export function complaintChangeRefusal(before: Complaint, after: Complaint): Refusal | null {
  if (after.status !== before.status) {
    const refused = complaintTransitionRefusal(before.status, after.status);
    if (refused) return refused;
  }
  if (after.status === 'resolved' || after.status === 'confirmed') {
    if (after.resolution === '') return refusal('complaint_resolution_missing', {}, 'resolution');
    return compensationRefusal(after.compensationKind, after.compensationYuan);
  }
  return null;
}

// ---- deadlines and escalation ----

/** Hours to acknowledge and to resolve, per severity; headquarters takes over this long after a missed resolve deadline. */
const COMPLAINT_SLA: Readonly<Record<ComplaintSeverity, { acknowledgeHours: number; resolveHours: number; headquartersAfterHours: number }>> = {
  normal: { acknowledgeHours: 4, resolveHours: 72, headquartersAfterHours: 24 },
  serious: { acknowledgeHours: 2, resolveHours: 48, headquartersAfterHours: 12 },
  critical: { acknowledgeHours: 1, resolveHours: 24, headquartersAfterHours: 4 },
};

const HOUR_MS = 3_600_000;

/** Why `promisedBy` cannot be promised at `now`; null when it can (or none is given). */
export function promisedByRefusal(promisedBy: string | null, now: Date): Refusal | null {
  return promisedBy !== null && Date.parse(promisedBy) <= now.getTime() ? refusal('complaint_deadline_in_past', {}, 'promisedBy') : null;
}

/** A complaint's deadlines: its severity's, the resolve one brought forward to a time promised to the customer. */
export function complaintDeadlines(severity: ComplaintSeverity, receivedAt: string, promisedBy: string | null): { acknowledgeDueAt: string; resolveDueAt: string } {
  const received = Date.parse(receivedAt);
  const sla = COMPLAINT_SLA[severity];
  const byRule = received + sla.resolveHours * HOUR_MS;
  const resolveBy = promisedBy === null ? byRule : Math.min(byRule, Date.parse(promisedBy));
  return { acknowledgeDueAt: new Date(received + sla.acknowledgeHours * HOUR_MS).toISOString(), resolveDueAt: new Date(resolveBy).toISOString() };
}

const ESCALATION_ORDER: readonly ComplaintEscalation[] = ComplaintEscalation.options;

/**
 * The escalation a complaint should have at `now`: the supervisor once a deadline passed while it
 * was open (not acknowledged in time, or not resolved in time), headquarters once the resolve
 * deadline is `headquartersAfterHours` behind. Never lower than it already is: an escalation stays.
 */
export function complaintEscalationDue(complaint: Pick<Complaint, 'status' | 'severity' | 'acknowledgeDueAt' | 'resolveDueAt' | 'escalation'>, now: Date): ComplaintEscalation {
  let due: ComplaintEscalation = 'none';
  if (complaintOpen(complaint.status)) {
    const t = now.getTime();
    const resolveDue = Date.parse(complaint.resolveDueAt);
    const missedAcknowledge = complaint.status === 'received' && t > Date.parse(complaint.acknowledgeDueAt);
    if (t > resolveDue + COMPLAINT_SLA[complaint.severity].headquartersAfterHours * HOUR_MS) due = 'headquarters';
    else if (missedAcknowledge || t > resolveDue) due = 'supervisor';
  }
  return ESCALATION_ORDER.indexOf(due) > ESCALATION_ORDER.indexOf(complaint.escalation) ? due : complaint.escalation;
}

/** The deadline a complaint works towards now (acknowledge, then resolve), and whether it has passed; null once resolved. */
export function complaintNextDeadline(complaint: Pick<Complaint, 'status' | 'acknowledgeDueAt' | 'resolveDueAt'>, now: Date): { kind: 'acknowledge' | 'resolve'; dueAt: string; overdue: boolean } | null {
  if (!complaintOpen(complaint.status)) return null;
  const kind = complaint.status === 'received' ? 'acknowledge' : 'resolve';
  const dueAt = kind === 'acknowledge' ? complaint.acknowledgeDueAt : complaint.resolveDueAt;
  return { kind, dueAt, overdue: now.getTime() > Date.parse(dueAt) };
}

// ---- complaint rate ----

/** The one complaint-rate rule: complaints per 1,000 orders, two decimals; null when there were no orders. */
export function complaintsPerThousandOrders(complaints: number, orders: number): number | null {
  if (orders === 0) return null;
  return Math.round((complaints * 1000 * 100) / orders) / 100;
}

export const ComplaintRateDimension = z.enum(['branch', 'outlet', 'technician']);
export type ComplaintRateDimension = z.infer<typeof ComplaintRateDimension>;

export const ComplaintRateRow = z.object({
  /** The branch's or outlet's id, or the technician's name. */
  key: z.string(),
  complaints: z.number().int().nonnegative(),
  /** Orders in the period; null where orders do not record it (technicians: orders name no technician yet). */
  orders: z.number().int().nonnegative().nullable(),
  perThousandOrders: z.number().nonnegative().nullable(),
});
export type ComplaintRateRow = z.infer<typeof ComplaintRateRow>;

/**
 * Complaint rates by group: complaints and orders counted per key (complaints received, orders
 * made, in the same period), each group's rate by complaintsPerThousandOrders. Groups with orders
 * but no complaint have rate 0; complaints without the key (no outlet named) are not grouped.
 * Sorted by rate, highest first, then key.
 */
export function complaintRates(complaintsByKey: ReadonlyMap<string, number>, ordersByKey: ReadonlyMap<string, number> | null): ComplaintRateRow[] {
  const keys = new Set([...complaintsByKey.keys(), ...(ordersByKey?.keys() ?? [])]);
  const rows = [...keys].map((key) => {
    const complaints = complaintsByKey.get(key) ?? 0;
    const orders = ordersByKey ? (ordersByKey.get(key) ?? 0) : null;
    return { key, complaints, orders, perThousandOrders: orders === null ? null : complaintsPerThousandOrders(complaints, orders) };
  });
  return rows.sort((a, b) => (b.perThousandOrders ?? -1) - (a.perThousandOrders ?? -1) || b.complaints - a.complaints || a.key.localeCompare(b.key));
}
