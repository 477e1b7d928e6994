import type { MutationEntity } from '../../shared/api/syncPush.js';
import type { Agent, Branch } from '../../shared/domain/branch.js';
import { WorkstationError, describeIssues } from '../../shared/workstationApi.js';
import { LocalChangeError, type LocalCache, type LocalChange, type SyncedRowOf } from './localCache/localCache.js';

/** What a change made at the seat needs: the cache, who makes it, and the sync to wake. */
export interface SeatChangeContext {
  cache: LocalCache;
  agent: Agent;
  branch: Branch;
  /** Called after a change is committed locally, to push it. */
  onChange: () => void;
  now?: () => Date;
}

interface RowSchema {
  safeParse(row: unknown): { success: true } | { success: false; error: Parameters<typeof describeIssues>[0] };
}

/**
 * Writes one change and its outbox entry (LocalCache.recordLocalChange), refusing a row that
 * fails the entity's shared schema — the same check the server makes on push — then wakes the sync.
 */
export function recordLocalRow<E extends MutationEntity>(ctx: SeatChangeContext, change: LocalChange<E>, schema: RowSchema): SyncedRowOf[E] {
  let row: SyncedRowOf[E];
  try {
    row = ctx.cache.recordLocalChange(change, nowOf(ctx).toISOString(), (candidate) => {
      const checked = schema.safeParse(candidate);
      if (!checked.success) throw new WorkstationError('bad_input', describeIssues(checked.error));
    });
  } catch (error) {
    if (error instanceof LocalChangeError) throw new WorkstationError('not_found', error.message);
    throw error;
  }
  ctx.onChange();
  return row;
}

export function nowOf(ctx: SeatChangeContext): Date {
  return ctx.now ? ctx.now() : new Date();
}
