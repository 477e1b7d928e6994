import type { Agent } from '../../shared/domain/branch.js';
import { mayHoldOrders } from '../../shared/domain/roles.js';
import { handoverCounts, type HandoverAssignment, type ShiftHandoverResult } from '../../shared/domain/shiftHandover.js';
import { WorkstationError, type MethodOutput } from '../../shared/workstationApi.js';
import type { LocalCache } from './localCache/localCache.js';

/**
 * What the shift handover dialog starts from (orders.handoverDraft): my open orders, oldest first,
 * with their customers' names, and the branch's agents who may receive them (agents and
 * supervisors but me: shared/domain/roles.ts), each with the open orders they hold now.
 */
export function handoverDraft(cache: LocalCache, me: Agent, branchAgents: readonly Agent[]): MethodOutput<'orders.handoverDraft'> {
  const load = cache.serviceOrders.openCountsByOwner();
  return {
    orders: cache.serviceOrders.openOfOwner(me.id).map((order) => ({ order, customerName: cache.customers.get(order.customerId)?.name ?? null })),
    receivers: branchAgents
      .filter((agent) => agent.id !== me.id && agent.branchId === me.branchId && mayHoldOrders(agent.role))
      .map((agent) => ({ agent, openOrders: load.get(agent.id) ?? 0 })),
  };
}

/**
 * What the board's reassign dialog starts from (team.reassignDraft): the agent's open orders,
 * oldest first, with their customers' names, and the branch's agents who may receive them (who
 * hold orders, but that agent), each with the open orders they hold now. Reads the cache only.
 */
export function teamReassignDraft(cache: LocalCache, agentId: string, branchAgents: readonly Agent[]): MethodOutput<'team.reassignDraft'> {
  const agent = branchAgents.find((a) => a.id === agentId);
  if (!agent) throw new WorkstationError('not_found', `agent ${agentId} is not an agent of this branch known to the seat`);
  return { agent, ...handoverDraft(cache, agent, branchAgents) };
}

/** The handover's result: each order's new owner, and the receivers (as named) with their counts. */
export function handoverResult(assignments: HandoverAssignment[], receiverIds: readonly string[], branchAgents: readonly Agent[]): ShiftHandoverResult {
  return {
    assignments,
    receivers: handoverCounts(assignments, receiverIds).map(({ agentId, count }) => {
      const agent = branchAgents.find((a) => a.id === agentId);
      return { agentId, count, displayName: agent?.displayName ?? agentId, login: agent?.login ?? '' };
    }),
  };
}
