import type { AgentRole } from './branch.js';

/**
 * What each role does (docs/architecture.md §6, "Roles"). The rows a role reads and changes are
 * always its scope (server/scope/agentScope.ts: its branch, plus the rows it owns); this table
 * says which acts it may take on them. The server enforces it; the renderer shows the desk by it.
 *
 * - servesCustomers: creates and changes customers, products, orders, calls, follow-ups, parts
 *   requests (push and REST writes). The parts desk and headquarters read, they do not serve.
 * - figures: the KPIs the role reads: none, its branch's, or every branch's.
 * - decidesPartsRequests: approves or rejects parts requests and moves them on (the parts desk of
 *   the branch's region).
 * - leadsTeam: ends an agent's sessions, reassigns the team's orders, puts an agent of the branch
 *   to not ready.
 * - watchesPresence: whose presence (shared/domain/agentPresence.ts) the role reads live on the team
 *   board: none, its branch's agents, or every branch's.
 * - managesCampaigns: whose campaign target lists the role imports and assigns to agents
 *   (shared/domain/campaignImport.ts): none, its branch's, or every branch's.
 * - plansOutletNetwork: reads the outlet network's volume, capacity and gaps across every branch
 *   (shared/domain/outletNetwork.ts): headquarters alone.
 */
export interface RoleDuties {
  servesCustomers: boolean;
  figures: 'none' | 'branch' | 'all_branches';
  decidesPartsRequests: boolean;
  leadsTeam: boolean;
  watchesPresence: 'none' | 'branch' | 'all_branches';
  managesCampaigns: 'none' | 'branch' | 'all_branches';
  plansOutletNetwork: boolean;
}

export const ROLE_DUTIES: Readonly<Record<AgentRole, RoleDuties>> = {
  agent: { servesCustomers: true, figures: 'none', decidesPartsRequests: false, leadsTeam: false, watchesPresence: 'none', managesCampaigns: 'none', plansOutletNetwork: false },
  supervisor: { servesCustomers: true, figures: 'branch', decidesPartsRequests: false, leadsTeam: true, watchesPresence: 'branch', managesCampaigns: 'branch', plansOutletNetwork: false },
  parts_desk: { servesCustomers: false, figures: 'branch', decidesPartsRequests: true, leadsTeam: false, watchesPresence: 'none', managesCampaigns: 'none', plansOutletNetwork: false },
  headquarters: { servesCustomers: false, figures: 'all_branches', decidesPartsRequests: false, leadsTeam: false, watchesPresence: 'all_branches', managesCampaigns: 'all_branches', plansOutletNetwork: true },
};

/** Who may own (hold) service orders: the roles that serve customers. The others never work an order. */
export function mayHoldOrders(role: AgentRole): boolean {
  return ROLE_DUTIES[role].servesCustomers;
}
