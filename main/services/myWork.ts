import type { Agent } from '../../shared/domain/branch.js';
import { complaintNextDeadline } from '../../shared/domain/complaint.js';
import { hotlineDayStartsAt, hotlineToday, periodEnd } from '../../shared/domain/kpis.js';
import { HANDOVER_LISTED_HOURS, HANDOVER_NEW_DAYS, type MyWork, type MyWorkHandover, type MyWorkOrder } from '../../shared/domain/myWork.js';
import { nextDeadline } from '../../shared/domain/orderSla.js';
import { knownAgents } from './branchAgents.js';
import type { LocalCache } from './localCache/localCache.js';

/** Where the seat keeps, per agent, the newest handover event they have looked at (survives a restart). */
const lastLookedKey = (agentId: string) => `myWork.lastLookedVersion.${agentId}`;
/** Parts requests that reached the end of their way stay listed this long. */
const PARTS_SETTLED_LISTED_MS = 24 * 3_600_000;
const HOUR_MS = 3_600_000;

function lastLookedVersion(cache: LocalCache, agentId: string): number {
  return Number(cache.readMeta(lastLookedKey(agentId)) ?? 0);
}

/**
 * The agent has looked at My work as it showed handovers up to `upToVersion`: those are no longer
 * new. Never moves back (a page showing older data cannot make seen handovers new again).
 */
export function markMyWorkLooked(cache: LocalCache, agentId: string, upToVersion: number): { lastLookedVersion: number } {
  const version = Math.max(lastLookedVersion(cache, agentId), upToVersion);
  cache.writeMeta(lastLookedKey(agentId), String(version));
  return { lastLookedVersion: version };
}

/**
 * The agent's My work from the seat's cache at `now` (docs/architecture.md §1, step 9): the open orders
 * they own (newest activity first, each with its SLA timer), orders handed to them (new since they
 * last looked, and those of the last shift), follow-ups of their orders due today and call backs at
 * their times, the complaints they took still open, their parts requests, and conflicts on their changes.
 */
export function myWork(cache: LocalCache, agent: Agent, now: Date, limit: number): MyWork {
  const lastLooked = lastLookedVersion(cache, agent.id);

  const owned = cache.serviceOrders.ownedOpen(agent.id);
  const orders: Omit<MyWorkOrder, 'customerName'>[] = owned.map(({ order, lastEventAt, lastEventKind }) => ({
    order,
    // A change made here is newer than any event the backend sent for the order.
    lastActivityAt: lastEventAt !== null && lastEventAt > order.updatedAt ? lastEventAt : order.updatedAt,
    lastEventKind,
    sla: nextDeadline(order, now),
  }));
  orders.sort((a, b) => Date.parse(b.lastActivityAt) - Date.parse(a.lastActivityAt) || (a.order.orderNumber < b.order.orderNumber ? -1 : 1));
  const overdueOrders = orders.filter((o) => o.sla !== null && o.sla.remainingMs < 0).length;
  const shownOrders = orders.slice(0, limit);

  // One line per order: its newest handover to me.
  const since = new Date(now.getTime() - HANDOVER_LISTED_HOURS * HOUR_MS).toISOString();
  const newSince = new Date(now.getTime() - HANDOVER_NEW_DAYS * 24 * HOUR_MS).toISOString();
  const handedTo = cache.orderEvents.handedTo(agent.id, lastLooked, since, newSince, limit);
  const agentNames = new Map(knownAgents(cache, agent).map((a) => [a.id, a.displayName]));
  const seenOrders = new Set<string>();
  const handovers: Omit<MyWorkHandover, 'customerName'>[] = [];
  for (const { event, orderNumber, customerId } of handedTo) {
    if (seenOrders.has(event.orderId)) continue;
    seenOrders.add(event.orderId);
    const fromAgentId = event.fromOwnerAgentId;
    // The handing agent's note travels on the handover's own event.
    const note = event.note;
    // Moved by someone who neither held it nor took it: a supervisor's reassignment.
    const reassignedBy = event.agentId !== fromAgentId && event.agentId !== agent.id ? event.agentId : null;
    handovers.push({
      eventId: event.id,
      eventVersion: event.version,
      orderId: event.orderId,
      orderNumber,
      customerId,
      fromAgentId,
      fromAgentName: fromAgentId === null ? null : (agentNames.get(fromAgentId) ?? null),
      byAgentId: reassignedBy,
      byAgentName: reassignedBy === null ? null : (agentNames.get(reassignedBy) ?? null),
      note,
      at: event.at,
      isNew: event.version > lastLooked,
    });
  }

  handovers.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));

  const endOfToday = new Date(hotlineDayStartsAt(periodEnd('day', hotlineToday(now))));
  const followUps = cache.followUps.dueOnOrdersOf(agent.id, endOfToday, limit);
  const callBacks = cache.campaignTargets.callBacksOf(agent.id, endOfToday, limit);
  const complaints = cache.complaints.openTakenBy(agent.id, limit);
  const partsRequests = cache.partsRequests.requestedBy(agent.id, new Date(now.getTime() - PARTS_SETTLED_LISTED_MS), limit);
  const conflicts = cache.conflicts.openOf(agent.id);

  const customers = cache.customers.contactsOf([
    ...shownOrders.map((o) => o.order.customerId),
    ...handovers.map((h) => h.customerId),
    ...followUps.map((f) => f.followUp.customerId),
    ...complaints.map((c) => c.customerId),
    ...callBacks.targets.map((t) => t.customerId),
    ...partsRequests.map((p) => p.customerId),
  ]);
  const nameOf = (customerId: string) => customers.get(customerId)?.name ?? '';

  return {
    asOf: now.toISOString(),
    counts: {
      openOrders: orders.length,
      overdueOrders,
      newHandovers: handovers.filter((h) => h.isNew).length,
      followUpsDue: followUps.length,
      campaignCallBacks: callBacks.count,
      complaints: complaints.length,
      conflicts: conflicts.length,
    },
    orders: shownOrders.map((o) => ({ ...o, customerName: nameOf(o.order.customerId) })),
    handovers: handovers.map((h) => ({ ...h, customerName: nameOf(h.customerId) })),
    followUps: followUps.map(({ followUp, orderNumber }) => ({
      followUp,
      orderNumber,
      customerName: nameOf(followUp.customerId),
      customerPhone: customers.get(followUp.customerId)?.phone ?? '',
      callBack: followUp.lastOutcome === 'call_back',
    })),
    campaignCallBacks: callBacks.targets.map((target) => ({
      target,
      campaignName: cache.campaigns.get(target.campaignId)?.name ?? '',
      customerName: nameOf(target.customerId),
    })),
    complaints: complaints.map((complaint) => ({ complaint, customerName: nameOf(complaint.customerId), deadline: complaintNextDeadline(complaint, now) })),
    partsRequests: partsRequests.map(({ request, orderNumber, customerId }) => ({
      id: request.id,
      orderId: request.orderId,
      orderNumber,
      customerId,
      customerName: nameOf(customerId),
      partNumber: request.partNumber,
      quantity: request.quantity,
      status: request.status,
      updatedAt: request.updatedAt,
    })),
    conflicts: conflicts.map(({ id, entity, entityId, field, createdAt }) => ({ id, entity, entityId, field, createdAt })),
    lastLookedVersion: lastLooked,
  };
}
