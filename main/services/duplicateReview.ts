import type { Agent } from '../../shared/domain/branch.js';
import { awaitsDuplicateReview } from '../../shared/domain/duplicateReview.js';
import { refusal } from '../../shared/domain/refusal.js';
import { ROLE_DUTIES } from '../../shared/domain/roles.js';
import { WorkstationError, type MethodOutput } from '../../shared/workstationApi.js';
import type { LocalCache } from './localCache/localCache.js';

/**
 * The supervisor's list of duplicate orders awaiting a decision (orders.awaitingDuplicateReview):
 * the branch's open orders made as possible duplicates with nobody's decision yet, oldest first,
 * with the customer's and the owner's names, from the cache (offline too). A decision taken here
 * leaves the list at once (the order's review is written locally, then pushed).
 */
export function awaitingDuplicateReview(cache: LocalCache, me: Agent, branchAgents: readonly Agent[], limit: number): MethodOutput<'orders.awaitingDuplicateReview'> {
  if (!ROLE_DUTIES[me.role].leadsTeam) throw WorkstationError.refused('not_permitted', refusal('duplicate_review_not_team_lead', {}));
  const names = new Map(branchAgents.map((a) => [a.id, a.displayName]));
  // The cache's query selects by the shared rule's columns; the rule itself has the last word.
  return cache.serviceOrders.awaitingDuplicateReview(me.branchId, limit).filter(awaitsDuplicateReview).map((order) => ({
    order,
    customerName: cache.customers.get(order.customerId)?.name ?? null,
    ownerName: names.get(order.ownerAgentId) ?? null,
  }));
}
