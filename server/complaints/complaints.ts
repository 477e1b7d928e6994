import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { ComplaintList, ComplaintListQuery, ComplaintRateQuery, ComplaintRateReport } from '../../shared/api/rest.js';
import type { Agent } from '../../shared/domain/branch.js';
import { complaintDeadlines, complaintRates, type Complaint, type NewComplaintParsed } from '../../shared/domain/complaint.js';
import type { ServerSchema } from '../db/schema.js';
import { complaintFromRecord } from '../db/syncedRecords.js';
import { createAsAgent } from '../http/agentWrites.js';
import { scopeOf, type AgentScope, type FiguresScope } from '../scope/agentScope.js';
import { readable, scopedPage } from '../scope/scopedReads.js';
import type { ScopedChange } from '../sync/changeNotifier.js';

/** The complaints in the agent's scope, newest first, by keyset pages. */
export async function listComplaints(db: Kysely<ServerSchema>, scope: AgentScope, filter: z.output<typeof ComplaintListQuery>): Promise<ComplaintList> {
  return scopedPage(db, 'complaints', scope, {
    equal: { customerId: filter.customerId, status: filter.status, escalation: filter.escalation },
    order: { column: 'createdAt', direction: 'desc' },
    page: filter,
    item: complaintFromRecord,
  });
}

/** One complaint; 404 if absent, 403 if outside the agent's scope. */
export async function complaintDetail(db: Kysely<ServerSchema>, agent: Agent, id: string): Promise<Complaint> {
  const record = await db.selectFrom('complaints').selectAll().where('id', '=', id).where('deleted', '=', 0).executeTakeFirst();
  return complaintFromRecord(readable(record, scopeOf(agent), 'complaint'));
}

/** An agent takes a complaint through REST, as a seat's pushed create does (complaintRules.ts: the same checks and refusals). */
export async function createComplaint(db: Kysely<ServerSchema>, agent: Agent, input: NewComplaintParsed): Promise<{ row: Complaint; changes: ScopedChange[] }> {
  const now = new Date().toISOString();
  const patch = {
    branchId: agent.branchId,
    customerId: input.customerId,
    orderId: input.orderId,
    outletId: input.outletId,
    technicianName: input.technicianName,
    category: input.category,
    severity: input.severity,
    channel: input.channel,
    customerWords: input.customerWords,
    customerWants: input.customerWants,
    status: 'received',
    takenBy: agent.id,
    receivedAt: now,
    promisedBy: input.promisedBy,
    ...complaintDeadlines(input.severity, now, input.promisedBy),
    acknowledgedAt: null,
    resolvedAt: null,
    confirmedAt: null,
    reopenCount: 0,
    escalation: 'none',
    escalatedAt: null,
    resolution: '',
    compensationKind: 'none',
    compensationYuan: null,
    createdAt: now,
    updatedAt: now,
  };
  return createAsAgent(db, agent, 'complaint', input.id ?? randomUUID(), patch);
}

/**
 * Complaint rates in the branches whose figures the caller reads (figuresScopeOf: a supervisor's
 * branch, every branch for headquarters), by the one rule (complaintRates): complaints received
 * and orders made in [from, to), counted by the database per branch, outlet or technician. Orders
 * record no technician yet, so technicians get their complaint counts without a rate.
 */
export async function complaintRateReport(db: Kysely<ServerSchema>, scope: FiguresScope, query: z.output<typeof ComplaintRateQuery>): Promise<ComplaintRateReport> {
  const from = new Date(query.from).toISOString();
  const to = new Date(query.to).toISOString();
  const column = query.by === 'branch' ? 'branchId' : query.by === 'outlet' ? 'outletId' : 'technicianName';
  const { branchIds } = scope;
  const complaintCounts = await db
    .selectFrom('complaints')
    .select([column, (eb) => eb.fn.countAll<number | string>().as('n')])
    .$if(branchIds !== null, (q) => q.where('branchId', 'in', branchIds ?? []))
    .where('deleted', '=', 0)
    .where('receivedAt', '>=', from)
    .where('receivedAt', '<', to)
    .where(column, 'is not', null)
    .groupBy(column)
    .execute();
  let orders: Map<string, number> | null = null;
  if (query.by !== 'technician') {
    const orderColumn = query.by === 'branch' ? 'branchId' : 'outletId';
    const orderCounts = await db
      .selectFrom('serviceOrders')
      .select([orderColumn, (eb) => eb.fn.countAll<number | string>().as('n')])
      .$if(branchIds !== null, (q) => q.where('branchId', 'in', branchIds ?? []))
      .where('deleted', '=', 0)
      .where('createdAt', '>=', from)
      .where('createdAt', '<', to)
      .where(orderColumn, 'is not', null)
      .groupBy(orderColumn)
      .execute();
    orders = new Map(orderCounts.map((r) => [String(r[orderColumn]), Number(r.n)]));
  }
  const complaints = new Map(complaintCounts.map((r) => [String(r[column]), Number(r.n)]));
  return { by: query.by, from, to, rows: complaintRates(complaints, orders) };
}
