import type { Interaction } from '../../../shared/domain/interaction.js';
import type { LocalCacheDb } from './openLocalCache.js';

/** All SQL touching the cache's `interactions` table (calls saved at wrap-up; append-only). */

interface InteractionRow {
  id: string;
  branch_id: string;
  agent_id: string;
  customer_id: string | null;
  direction: string;
  remote_number: string | null;
  started_at: string;
  ring_seconds: number;
  talk_seconds: number;
  wrap_up_seconds: number;
  disposition: string;
  notes: string;
  version: number;
  deleted: number;
}

function toInteraction(r: InteractionRow): Interaction {
  return {
    id: r.id,
    branchId: r.branch_id,
    agentId: r.agent_id,
    customerId: r.customer_id,
    direction: r.direction as Interaction['direction'],
    remoteNumber: r.remote_number,
    startedAt: r.started_at,
    ringSeconds: r.ring_seconds,
    talkSeconds: r.talk_seconds,
    wrapUpSeconds: r.wrap_up_seconds,
    disposition: r.disposition as Interaction['disposition'],
    notes: r.notes,
    version: r.version,
    deleted: r.deleted === 1,
  };
}

/** Calls and summed handle time (talk + wrap-up) of some interactions. */
export interface HandleTotals {
  calls: number;
  handleSeconds: number;
}

export function interactionTable(db: LocalCacheDb) {
  // The row never changes after its create; only the server's version (and a tombstone) move.
  const upsert = db.prepare(`
    INSERT INTO interactions (id, branch_id, agent_id, customer_id, direction, remote_number, started_at, started_ms,
      ring_seconds, talk_seconds, wrap_up_seconds, disposition, notes, version, deleted)
    VALUES (@id, @branchId, @agentId, @customerId, @direction, @remoteNumber, @startedAt, @startedMs,
      @ringSeconds, @talkSeconds, @wrapUpSeconds, @disposition, @notes, @version, @deleted)
    ON CONFLICT(id) DO UPDATE SET version = excluded.version, deleted = excluded.deleted
    WHERE excluded.version >= interactions.version`);
  const anyById = db.prepare('SELECT * FROM interactions WHERE id = ?');
  const discard = db.prepare('DELETE FROM interactions WHERE id = ?');
  const byCustomer = db.prepare('SELECT * FROM interactions WHERE customer_id = ? AND deleted = 0 ORDER BY started_ms DESC LIMIT ?');
  const totals = db.prepare(`
    SELECT count(*) AS calls, coalesce(sum(talk_seconds + wrap_up_seconds), 0) AS handleSeconds
    FROM interactions WHERE agent_id = @agentId AND started_ms >= @fromMs AND started_ms < @toMs AND deleted = 0
      AND disposition NOT IN ('missed', 'turned_away')`);

  return {
    upsert(i: Interaction): void {
      upsert.run({ ...i, startedMs: Date.parse(i.startedAt), deleted: i.deleted ? 1 : 0 });
    },
    /** The row whatever its state, tombstones included (for sync bookkeeping). */
    find(id: string): Interaction | null {
      const row = anyById.get(id) as InteractionRow | undefined;
      return row ? toInteraction(row) : null;
    },
    /** Removes a row the server never had (a local create it refused). */
    discard(id: string): void {
      discard.run(id);
    },
    /** A customer's contacts, newest first. */
    ofCustomer(customerId: string, limit: number): Interaction[] {
      return (byCustomer.all(customerId, limit) as InteractionRow[]).map(toInteraction);
    },
    /** One agent's handled calls started in [from, to) (missed and turned-away calls were never handled). */
    totalsOf(agentId: string, from: Date, to: Date): HandleTotals {
      return totals.get({ agentId, fromMs: from.getTime(), toMs: to.getTime() }) as HandleTotals;
    },
  };
}
export type InteractionTable = ReturnType<typeof interactionTable>;
