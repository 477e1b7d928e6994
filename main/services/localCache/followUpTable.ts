import type { FollowUp } from '../../../shared/domain/followUp.js';
import type { LocalCacheDb } from './openLocalCache.js';

/** All SQL touching the cache's `follow_ups` table (call backs after completed orders). */

interface FollowUpRow {
  id: string;
  order_id: string;
  customer_id: string;
  branch_id: string;
  due_at: string;
  status: string;
  satisfaction: number | null;
  remarks: string;
  done_at: string | null;
  done_by: string | null;
  created_at: string;
  version: number;
  deleted: number;
}

function toFollowUp(r: FollowUpRow): FollowUp {
  return {
    id: r.id,
    orderId: r.order_id,
    customerId: r.customer_id,
    branchId: r.branch_id,
    dueAt: r.due_at,
    status: r.status as FollowUp['status'],
    satisfaction: r.satisfaction,
    remarks: r.remarks,
    doneAt: r.done_at,
    doneBy: r.done_by,
    createdAt: r.created_at,
    version: r.version,
    deleted: r.deleted === 1,
  };
}

export function followUpTable(db: LocalCacheDb) {
  const upsert = db.prepare(`
    INSERT INTO follow_ups (id, order_id, customer_id, branch_id, due_at, status, satisfaction, remarks, done_at, done_ms, done_by, created_at, version, deleted)
    VALUES (@id, @orderId, @customerId, @branchId, @dueAt, @status, @satisfaction, @remarks, @doneAt, @doneMs, @doneBy, @createdAt, @version, @deleted)
    ON CONFLICT(id) DO UPDATE SET
      due_at = excluded.due_at, status = excluded.status, satisfaction = excluded.satisfaction, remarks = excluded.remarks,
      done_at = excluded.done_at, done_ms = excluded.done_ms, done_by = excluded.done_by, version = excluded.version, deleted = excluded.deleted
    WHERE excluded.version >= follow_ups.version`);
  const anyById = db.prepare('SELECT * FROM follow_ups WHERE id = ?');
  const discard = db.prepare('DELETE FROM follow_ups WHERE id = ?');
  const open = db.prepare("SELECT * FROM follow_ups WHERE status = 'open' AND deleted = 0 ORDER BY due_at, id");
  const doneBy = db.prepare(
    "SELECT count(*) AS n FROM follow_ups WHERE status = 'done' AND done_by = @agentId AND done_ms >= @fromMs AND done_ms < @toMs AND deleted = 0",
  );

  return {
    upsert(f: FollowUp): void {
      upsert.run({ ...f, doneMs: f.doneAt === null ? null : Date.parse(f.doneAt), deleted: f.deleted ? 1 : 0 });
    },
    /** The row whatever its state, tombstones included (for sync bookkeeping). */
    find(id: string): FollowUp | null {
      const row = anyById.get(id) as FollowUpRow | undefined;
      return row ? toFollowUp(row) : null;
    },
    /** Follow-ups are made by the server: only a refused local change could ask for this. */
    discard(id: string): void {
      discard.run(id);
    },
    /** The branch's open follow-ups, soonest due first. */
    open(): FollowUp[] {
      return (open.all() as FollowUpRow[]).map(toFollowUp);
    },
    /** How many follow-ups one agent completed in [from, to). */
    doneCount(agentId: string, from: Date, to: Date): number {
      return (doneBy.get({ agentId, fromMs: from.getTime(), toMs: to.getTime() }) as { n: number }).n;
    },
  };
}
export type FollowUpTable = ReturnType<typeof followUpTable>;
