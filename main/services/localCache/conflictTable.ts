import type { Conflict } from '../../../shared/domain/conflict.js';
import type { LocalCacheDb } from './openLocalCache.js';

/** All SQL touching the cache's `conflicts` table (conflict records pulled from the backend). */

interface ConflictRow {
  id: string;
  entity: string;
  entity_id: string;
  branch_id: string;
  field: string;
  mine: string;
  theirs: string;
  mutation_id: string;
  seat_id: string;
  agent_id: string;
  created_at: string;
  resolved: number;
  version: number;
  deleted: number;
}

function toConflict(r: ConflictRow): Conflict {
  return {
    id: r.id,
    entity: r.entity as Conflict['entity'],
    entityId: r.entity_id,
    branchId: r.branch_id,
    field: r.field,
    mine: JSON.parse(r.mine) as unknown,
    theirs: JSON.parse(r.theirs) as unknown,
    mutationId: r.mutation_id,
    seatId: r.seat_id,
    agentId: r.agent_id,
    createdAt: r.created_at,
    resolved: r.resolved === 1,
    version: r.version,
    deleted: r.deleted === 1,
  };
}

export function conflictTable(db: LocalCacheDb) {
  const upsert = db.prepare(`
    INSERT INTO conflicts (id, entity, entity_id, branch_id, field, mine, theirs, mutation_id, seat_id, agent_id, created_at, resolved, version, deleted)
    VALUES (@id, @entity, @entityId, @branchId, @field, @mine, @theirs, @mutationId, @seatId, @agentId, @createdAt, @resolved, @version, @deleted)
    ON CONFLICT(id) DO UPDATE SET
      resolved = excluded.resolved, mine = excluded.mine, theirs = excluded.theirs, version = excluded.version, deleted = excluded.deleted
    WHERE excluded.version >= conflicts.version`);
  const open = db.prepare('SELECT * FROM conflicts WHERE resolved = 0 AND deleted = 0 ORDER BY created_at');
  const anyById = db.prepare('SELECT * FROM conflicts WHERE id = ?');
  const discard = db.prepare('DELETE FROM conflicts WHERE id = ?');

  return {
    upsert(c: Conflict): void {
      upsert.run({ ...c, mine: JSON.stringify(c.mine ?? null), theirs: JSON.stringify(c.theirs ?? null), resolved: c.resolved ? 1 : 0, deleted: c.deleted ? 1 : 0 });
    },
    find(id: string): Conflict | null {
      const row = anyById.get(id) as ConflictRow | undefined;
      return row ? toConflict(row) : null;
    },
    discard(id: string): void {
      discard.run(id);
    },
    /** Conflicts waiting for an agent, oldest first. */
    open(): Conflict[] {
      return (open.all() as ConflictRow[]).map(toConflict);
    },
  };
}
export type ConflictTable = ReturnType<typeof conflictTable>;
