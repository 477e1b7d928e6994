import type { Agent } from '../../shared/domain/branch.js';
import { ROLE_DUTIES, type RoleDuties } from '../../shared/domain/roles.js';

/**
 * THE scope rule (docs/architecture.md, "Scope"): an agent reads, changes and is woken for exactly
 * the rows of their branch plus the rows they own (any row with an `ownerAgentId`, e.g. an order
 * handed to them from another branch). Pull, push, live events and every REST read ask this module;
 * none of them writes the rule again. Whatever the role (shared/domain/roles.ts), its rows are these;
 * the role decides which acts it may take on them (mayAct) and whose figures it reads (figuresScopeOf).
 */
export interface AgentScope {
  branchId: string;
  /** Absent: the branch alone (a server-side reader with no agent). */
  agentId?: string;
}

export function scopeOf(agent: Pick<Agent, 'id' | 'branchId'>): AgentScope {
  return { branchId: agent.branchId, agentId: agent.id };
}

interface ScopedRow {
  branchId: string;
}

/** The row's owner; generic over entities: any row with an `ownerAgentId` has one. */
function ownerOf(row: ScopedRow): string | null {
  const owner = (row as { ownerAgentId?: unknown }).ownerAgentId;
  return typeof owner === 'string' ? owner : null;
}

export function inScope(row: ScopedRow, scope: AgentScope): boolean {
  return row.branchId === scope.branchId || (scope.agentId !== undefined && ownerOf(row) === scope.agentId);
}

/** What a change-log entry records about scope: the row's scope now, and any scope it left. */
export interface ScopeEntry {
  branchId: string;
  ownerAgentId: string | null;
  exitedBranchId: string | null;
  exitedOwnerAgentId: string | null;
}

export function scopeColumns(row: ScopedRow, previous: ScopedRow | undefined | null): ScopeEntry {
  const owner = ownerOf(row);
  const previousOwner = previous ? ownerOf(previous) : null;
  return {
    branchId: row.branchId,
    ownerAgentId: owner,
    exitedBranchId: previous && previous.branchId !== row.branchId ? previous.branchId : null,
    exitedOwnerAgentId: previousOwner !== null && previousOwner !== owner ? previousOwner : null,
  };
}

/**
 * The ways a change-log entry concerns the scope, each a column equal to a value: the entry is of
 * a row in it now, or of a row that just left it (the seat must drop it: a removal).
 */
export function scopeWays(scope: AgentScope): Array<[keyof ScopeEntry, string]> {
  const ways: Array<[keyof ScopeEntry, string]> = [
    ['branchId', scope.branchId],
    ['exitedBranchId', scope.branchId],
  ];
  if (scope.agentId !== undefined) ways.push(['ownerAgentId', scope.agentId], ['exitedOwnerAgentId', scope.agentId]);
  return ways;
}

/**
 * The scope rule as keys: a branch (`b:<id>`) or an owning agent (`a:<id>`). An entry concerns a
 * scope exactly when they share a key (the same test as scopeWays); writers order themselves and
 * live events find their listeners by key (server/db/changeLogSeqs.ts, server/sync/changeNotifier.ts).
 */
export function entryKeys(entry: ScopeEntry): string[] {
  const keys = [`b:${entry.branchId}`];
  if (entry.exitedBranchId !== null) keys.push(`b:${entry.exitedBranchId}`);
  if (entry.ownerAgentId !== null) keys.push(`a:${entry.ownerAgentId}`);
  if (entry.exitedOwnerAgentId !== null) keys.push(`a:${entry.exitedOwnerAgentId}`);
  return keys;
}

/** The keys of an agent's scope: their branch and, for an agent, the rows they own. */
export function scopeKeys(scope: AgentScope): string[] {
  return scope.agentId === undefined ? [`b:${scope.branchId}`] : [`b:${scope.branchId}`, `a:${scope.agentId}`];
}

/** An act a role may or may not take in its scope (shared/domain/roles.ts). */
export type RoleAct = Exclude<keyof RoleDuties, 'figures' | 'watchesPresence' | 'managesCampaigns'>;

/** Whether the agent's role takes this act (writes outside it are refused: 403, or a push's `out_of_scope`). */
export function mayAct(agent: Pick<Agent, 'role'>, act: RoleAct): boolean {
  return ROLE_DUTIES[agent.role][act];
}

/**
 * The branches whose figures (KPIs, and the orders behind a figure) the agent reads: its own
 * branch, every branch (headquarters), or none (null: an agent reads their own figures at the seat).
 * `branchIds` null: every branch.
 */
export interface FiguresScope {
  branchIds: readonly string[] | null;
}

export function figuresScopeOf(agent: Pick<Agent, 'role' | 'branchId'>): FiguresScope | null {
  switch (ROLE_DUTIES[agent.role].figures) {
    case 'none':
      return null;
    case 'branch':
      return { branchIds: [agent.branchId] };
    case 'all_branches':
      return { branchIds: null };
  }
}

/**
 * The branches whose agents' presence the agent watches on the team board (shared/domain/roles.ts,
 * watchesPresence); `branchIds` null: every branch; null: none (agents, the parts desk).
 */
export function presenceScopeOf(agent: Pick<Agent, 'role' | 'branchId'>): FiguresScope | null {
  switch (ROLE_DUTIES[agent.role].watchesPresence) {
    case 'none':
      return null;
    case 'branch':
      return { branchIds: [agent.branchId] };
    case 'all_branches':
      return { branchIds: null };
  }
}

/**
 * The branches whose campaign target lists the agent imports and assigns (shared/domain/roles.ts,
 * managesCampaigns): its own (supervisor), every branch (headquarters; `branchIds` null), or none (null).
 */
export function campaignsScopeOf(agent: Pick<Agent, 'role' | 'branchId'>): FiguresScope | null {
  switch (ROLE_DUTIES[agent.role].managesCampaigns) {
    case 'none':
      return null;
    case 'branch':
      return { branchIds: [agent.branchId] };
    case 'all_branches':
      return { branchIds: null };
  }
}
