/**
 * Whose seats a synced row goes to (DESIGN.md §3): the agent's branch, plus records the agent
 * owns. Generic over entities: any row with an `ownerAgentId` has an owner.
 */
export interface PullScope {
  branchId: string;
  /** Absent: the branch alone (a server-side reader with no agent). */
  agentId?: string;
}

interface ScopedRow {
  branchId: string;
}

export function ownerOf(row: ScopedRow): string | null {
  const owner = (row as { ownerAgentId?: unknown }).ownerAgentId;
  return typeof owner === 'string' ? owner : null;
}

export function inScope(row: ScopedRow, scope: PullScope): boolean {
  return row.branchId === scope.branchId || (scope.agentId !== undefined && ownerOf(row) === scope.agentId);
}

/** What a change-log entry records about scope: the row's scope now, and any scope it left. */
export function scopeColumns(row: ScopedRow, previous: ScopedRow | undefined) {
  const owner = ownerOf(row);
  const previousOwner = previous ? ownerOf(previous) : null;
  return {
    branchId: row.branchId,
    ownerAgentId: owner,
    exitedBranchId: previous && previous.branchId !== row.branchId ? previous.branchId : null,
    exitedOwnerAgentId: previousOwner !== null && previousOwner !== owner ? previousOwner : null,
  };
}
