import type { Agent } from '../../shared/domain/branch.js';
import type { Complaint, ComplaintStepRecord } from '../../shared/domain/complaint.js';
import {
  ContactHistoryKind,
  ContactHistoryQuery,
  type ContactHistoryEntry,
  type ContactHistoryPage,
} from '../../shared/domain/contactHistory.js';
import type { FollowUp } from '../../shared/domain/followUp.js';
import type { z } from 'zod';
import type { LocalCache } from './localCache/localCache.js';

type Entry = ContactHistoryEntry;
type Draft = Omit<Entry, 'agentName' | 'orderNumber'>;

/**
 * A customer's contact history from the seat's cache (works offline), newest first, one page.
 * Each source table gives its newest rows for the customer (theirs, bounded: the page's depth),
 * the entries they make are merged by time here, and the page is cut from the merge. A source row
 * can make several entries (a complaint's steps, a follow-up's scheduling and outcome), never
 * newer than the row's own sort key, so the top rows of each source hold the top entries.
 */
export function contactHistory(cache: LocalCache, agents: readonly Agent[], query: z.output<typeof ContactHistoryQuery>): ContactHistoryPage {
  const kinds = new Set(query.kinds.length === 0 ? ContactHistoryKind.options : query.kinds);
  const depth = query.offset + query.limit + 1;
  const { customerId } = query;
  const drafts: Draft[] = [];

  if (kinds.has('call') || kinds.has('contact')) {
    for (const i of cache.interactions.historyOf(customerId, { calls: kinds.has('call'), contacts: kinds.has('contact') }, depth)) {
      const manual = i.channel !== 'phone';
      drafts.push({
        key: `${manual ? 'contact' : 'call'}:${i.id}`,
        kind: manual ? 'contact' : 'call',
        step: manual ? i.channel : i.disposition === 'missed' || i.disposition === 'turned_away' ? i.disposition : 'answered',
        at: i.startedAt,
        agentId: i.agentId,
        byBackend: false,
        orderId: null,
        text: i.notes,
        facts: manual ? { direction: i.direction } : { direction: i.direction, disposition: i.disposition, talkSeconds: i.talkSeconds, ringSeconds: i.ringSeconds, remoteNumber: i.remoteNumber },
      });
    }
  }
  if (kinds.has('note')) {
    for (const n of cache.notes.ofCustomer(customerId, '', depth)) {
      drafts.push({ key: `note:${n.id}`, kind: 'note', step: n.orderId === null ? 'customer' : 'order', at: n.createdAt, agentId: n.authorId, byBackend: false, orderId: n.orderId, text: n.text, facts: {} });
    }
  }
  if (kinds.has('order')) {
    for (const e of cache.orderEvents.ofCustomer(customerId, depth)) {
      drafts.push({
        key: `order:${e.id}`,
        kind: 'order',
        step: e.kind,
        at: e.at,
        agentId: e.agentId,
        byBackend: e.agentId === null,
        orderId: e.orderId,
        text: e.note ?? '',
        facts: { fromStatus: e.fromStatus, toStatus: e.toStatus, toOwnerAgentId: e.toOwnerAgentId, outletId: e.outletId, appointmentStart: e.appointmentStart },
      });
    }
  }
  if (kinds.has('followUp')) {
    for (const f of cache.followUps.ofCustomer(customerId, depth)) drafts.push(...followUpEntries(f));
  }
  if (kinds.has('campaign')) {
    const names = new Map<string, string | null>();
    for (const t of cache.campaignTargets.calledOf(customerId, depth)) {
      if (!names.has(t.campaignId)) names.set(t.campaignId, cache.campaigns.get(t.campaignId)?.name ?? null);
      drafts.push({
        key: `campaign:${t.id}`,
        kind: 'campaign',
        step: t.status,
        at: t.calledAt!,
        agentId: t.calledBy,
        byBackend: false,
        orderId: null,
        text: t.outcomeNotes,
        facts: { campaignName: names.get(t.campaignId) ?? null },
      });
    }
  }
  if (kinds.has('complaint')) {
    // Every recorded step (complaint.ts ComplaintStepRecord), with its complaint's facts.
    const complaints = new Map<string, Complaint | null>();
    const complaintOf = (id: string) => {
      if (!complaints.has(id)) complaints.set(id, cache.complaints.get(id) ?? null);
      return complaints.get(id)!;
    };
    for (const s of cache.complaintSteps.ofCustomer(customerId, depth)) drafts.push(complaintStepEntry(s, complaintOf(s.complaintId)));
    // A complaint taken before its steps were recorded: the steps whose times its row keeps.
    const recorded = cache.complaintSteps.complaintsWithStepsOf(customerId);
    for (const c of cache.complaints.newestChangedOf(customerId, depth)) if (!recorded.has(c.id)) drafts.push(...complaintEntries(c));
  }

  drafts.sort(newestFirst);
  const page = drafts.slice(query.offset, query.offset + query.limit);
  const agentNames = new Map(agents.map((a) => [a.id, a.displayName]));
  const orderNumbers = new Map<string, string | null>();
  const numberOf = (orderId: string) => {
    if (!orderNumbers.has(orderId)) orderNumbers.set(orderId, cache.serviceOrders.find(orderId)?.orderNumber ?? null);
    return orderNumbers.get(orderId)!;
  };
  return {
    entries: page.map((d) => ({
      ...d,
      agentName: d.agentId === null ? null : (agentNames.get(d.agentId) ?? null),
      orderNumber: d.orderId === null ? null : numberOf(d.orderId),
    })),
    more: drafts.length > query.offset + query.limit,
  };
}

/** Newest first; entries of the same instant in a fixed order (by key). */
function newestFirst(a: Draft, b: Draft): number {
  return Date.parse(b.at) - Date.parse(a.at) || (a.key < b.key ? 1 : a.key > b.key ? -1 : 0);
}

/** A follow-up's steps: made (due then), and the last call's outcome. */
function followUpEntries(f: FollowUp): Draft[] {
  const base = { kind: 'followUp' as const, orderId: f.orderId };
  const entries: Draft[] = [{ ...base, key: `followUp:${f.id}:scheduled`, step: 'scheduled', at: f.createdAt, agentId: null, byBackend: true, text: '', facts: { dueAt: f.dueAt } }];
  const outcomeAt = f.lastAttemptAt ?? f.doneAt;
  const outcome = f.lastOutcome ?? (f.status === 'open' ? null : f.status);
  if (outcomeAt !== null && outcome !== null) {
    entries.push({ ...base, key: `followUp:${f.id}:outcome`, step: outcome, at: outcomeAt, agentId: f.doneBy, byBackend: false, text: f.remarks, facts: { satisfaction: f.satisfaction, attempts: f.attempts, dueAt: f.dueAt } });
  }
  return entries;
}

/** One recorded step of a complaint: who took it when, and what it recorded (words, compensation, to whom it escalated). */
function complaintStepEntry(s: ComplaintStepRecord, complaint: Complaint | null): Draft {
  return {
    kind: 'complaint',
    key: `complaint:${s.complaintId}:${s.id}`,
    step: s.kind,
    at: s.at,
    agentId: s.agentId,
    byBackend: s.agentId === null,
    orderId: s.orderId,
    text: s.text,
    facts: {
      category: complaint?.category ?? null,
      severity: complaint?.severity ?? null,
      channel: complaint?.channel ?? null,
      status: complaint?.status ?? null,
      fromStatus: s.fromStatus,
      escalation: s.escalation,
      compensationKind: s.compensationKind,
      compensationYuan: s.compensationYuan,
      ...(s.kind === 'received' && complaint ? { customerWants: complaint.customerWants } : {}),
    },
  };
}

/** A complaint's steps that its row keeps a time of (complaints taken before steps were recorded): received, acknowledged, escalated, resolved, confirmed. */
function complaintEntries(c: Complaint): Draft[] {
  const base = { kind: 'complaint' as const, orderId: c.orderId };
  const facts = { category: c.category, severity: c.severity, channel: c.channel, status: c.status };
  const entries: Draft[] = [{ ...base, key: `complaint:${c.id}:received`, step: 'received', at: c.receivedAt, agentId: c.takenBy, byBackend: false, text: c.customerWords, facts: { ...facts, customerWants: c.customerWants } }];
  if (c.acknowledgedAt) entries.push({ ...base, key: `complaint:${c.id}:acknowledged`, step: 'acknowledged', at: c.acknowledgedAt, agentId: null, byBackend: false, text: '', facts });
  if (c.escalatedAt && c.escalation !== 'none') entries.push({ ...base, key: `complaint:${c.id}:escalated`, step: 'escalated', at: c.escalatedAt, agentId: null, byBackend: true, text: '', facts: { ...facts, escalation: c.escalation } });
  if (c.resolvedAt) {
    entries.push({ ...base, key: `complaint:${c.id}:resolved`, step: 'resolved', at: c.resolvedAt, agentId: null, byBackend: false, text: c.resolution, facts: { ...facts, compensationKind: c.compensationKind, compensationYuan: c.compensationYuan } });
  }
  if (c.confirmedAt) entries.push({ ...base, key: `complaint:${c.id}:confirmed`, step: 'confirmed', at: c.confirmedAt, agentId: null, byBackend: false, text: '', facts });
  return entries;
}
