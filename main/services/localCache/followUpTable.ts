import type { FollowUp } from '../../../shared/domain/followUp.js';
import { followUpEntity } from '../../../shared/entities/syncedEntities.js';
import type { LocalCacheDb } from './openLocalCache.js';
import { cacheRowMapping, syncedTableStatements } from './syncedTableStatements.js';

/** All SQL touching the cache's `follow_ups` table (call backs after completed orders). */

/** `done_ms`: when it was done, as epoch ms, for the agent's figures over a time range. */
const followUpRows = cacheRowMapping(followUpEntity, { done_ms: (f) => (f.doneAt === null ? null : Date.parse(f.doneAt)) });

export function followUpTable(db: LocalCacheDb) {
  const rows = syncedTableStatements(db, 'follow_ups', followUpRows);
  const open = db.prepare("SELECT * FROM follow_ups WHERE status = 'open' AND deleted = 0 ORDER BY due_at, id");
  const doneBy = db.prepare(
    "SELECT count(*) AS n FROM follow_ups WHERE status = 'done' AND done_by = @agentId AND done_ms >= @fromMs AND done_ms < @toMs AND deleted = 0",
  );

  return {
    upsert: rows.upsert,
    find: rows.find,
    /** Follow-ups are made by the server: only a refused local change could ask for this. */
    discard: rows.discard,
    /** The branch's open follow-ups, soonest due first. */
    open(): FollowUp[] {
      return rows.rows(open.all());
    },
    /** How many follow-ups one agent completed in [from, to). */
    doneCount(agentId: string, from: Date, to: Date): number {
      return (doneBy.get({ agentId, fromMs: from.getTime(), toMs: to.getTime() }) as { n: number }).n;
    },
  };
}
