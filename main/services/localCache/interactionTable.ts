import type { Interaction } from '../../../shared/domain/interaction.js';
import { interactionEntity } from '../../../shared/entities/syncedEntities.js';
import type { LocalCacheDb } from './openLocalCache.js';
import { cacheRowMapping, syncedTableStatements } from './syncedTableStatements.js';

/** All SQL touching the cache's `interactions` table (calls saved at wrap-up; append-only). */

/** `started_ms`: the start as epoch ms, for the agent's figures over a time range. */
const interactionRows = cacheRowMapping(interactionEntity, { started_ms: (i) => Date.parse(i.startedAt) });

/** Calls and summed handle time (talk + wrap-up) of some interactions. */
export interface HandleTotals {
  calls: number;
  handleSeconds: number;
}

export function interactionTable(db: LocalCacheDb) {
  // The row never changes after its create; only the server's version (and a tombstone) move.
  const rows = syncedTableStatements(db, 'interactions', interactionRows, { replace: ['version', 'deleted'] });
  // The card's calls list (the softphone's): contacts recorded by hand show in the contact history only.
  const byCustomer = db.prepare("SELECT * FROM interactions WHERE customer_id = ? AND deleted = 0 AND channel = 'phone' ORDER BY started_ms DESC LIMIT ?");
  const totals = db.prepare(`
    SELECT count(*) AS calls, coalesce(sum(talk_seconds + wrap_up_seconds), 0) AS handleSeconds
    FROM interactions WHERE agent_id = @agentId AND started_ms >= @fromMs AND started_ms < @toMs AND deleted = 0
      AND disposition NOT IN ('missed', 'turned_away') AND channel = 'phone'`);
  // The contact history: calls (phone), contacts recorded by hand (the other channels), or both.
  const historyOf = db.prepare(`
    SELECT * FROM interactions WHERE customer_id = @customerId AND deleted = 0
      AND ((@calls = 1 AND channel = 'phone') OR (@contacts = 1 AND channel <> 'phone'))
    ORDER BY started_ms DESC, id DESC LIMIT @limit`);

  return {
    upsert: rows.upsert,
    find: rows.find,
    discard: rows.discard,
    /** A customer's calls, newest first. */
    ofCustomer(customerId: string, limit: number): Interaction[] {
      return rows.rows(byCustomer.all(customerId, limit));
    },
    /** A customer's newest calls and/or contacts recorded by hand, for their contact history. */
    historyOf(customerId: string, which: { calls: boolean; contacts: boolean }, limit: number): Interaction[] {
      return rows.rows(historyOf.all({ customerId, calls: which.calls ? 1 : 0, contacts: which.contacts ? 1 : 0, limit }));
    },
    /** One agent's handled calls started in [from, to) (missed and turned-away calls were never handled). */
    totalsOf(agentId: string, from: Date, to: Date): HandleTotals {
      return totals.get({ agentId, fromMs: from.getTime(), toMs: to.getTime() }) as HandleTotals;
    },
  };
}
