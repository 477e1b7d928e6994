import { complaintNextDeadline } from '../../shared/domain/complaint.js';
import type { MethodOutput } from '../../shared/workstationApi.js';
import type { LocalCache } from './localCache/localCache.js';

/** Open complaints the cache holds at most (a branch's open complaints are few; the list is bounded). */
const OPEN_READ = 500;

/**
 * The branch's open complaints escalated past the agent who took them (shared/domain/complaint.ts:
 * the backend escalates to the supervisor, then headquarters, as deadlines pass), for the
 * supervisor's desk: headquarters' first, then the soonest deadline that runs.
 */
export function escalatedComplaints(cache: LocalCache, now: Date, limit: number): MethodOutput<'complaints.escalated'> {
  const rank = { headquarters: 0, supervisor: 1, none: 2 } as const;
  const due = (c: Parameters<typeof complaintNextDeadline>[0]) => Date.parse(complaintNextDeadline(c, now)?.dueAt ?? '9999-12-31T00:00:00Z');
  return cache.complaints
    .open(OPEN_READ)
    .filter((c) => c.escalation !== 'none')
    .sort((a, b) => rank[a.escalation] - rank[b.escalation] || due(a) - due(b) || a.id.localeCompare(b.id))
    .slice(0, limit)
    .map((complaint) => ({ complaint, customerName: cache.customers.get(complaint.customerId)?.name ?? null }));
}
