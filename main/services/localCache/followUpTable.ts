import type { FollowUp } from '../../../shared/domain/followUp.js';
import { followUpEntity } from '../../../shared/entities/syncedEntities.js';
import type { LocalCacheDb } from './openLocalCache.js';
import { cacheRowMapping, syncedTableStatements } from './syncedTableStatements.js';

/** All SQL touching the cache's `follow_ups` table (call backs after completed orders). */

/** `done_ms`: when it was done, as epoch ms, for the agent's figures over a time range. */
const followUpRows = cacheRowMapping(followUpEntity, { done_ms: (f) => (f.doneAt === null ? null : Date.parse(f.doneAt)) });

export function followUpTable(db: LocalCacheDb) {
  const rows = syncedTableStatements(db, 'follow_ups', followUpRows);
  // A follow-up the customer asked to be called back on stays out of the list until then.
  const open = db.prepare(
    "SELECT * FROM follow_ups WHERE status = 'open' AND deleted = 0 AND (last_outcome IS NOT 'call_back' OR due_at <= @now) ORDER BY due_at, id",
  );
  const ofOrder = db.prepare('SELECT * FROM follow_ups WHERE order_id = ? AND deleted = 0 ORDER BY created_at, id');
  // An open follow-up belongs to a completed order (a done one makes it visited, a refused one lets it close):
  // the owner's completed orders lead to them (indexes service_orders_owner, follow_ups_order, migration 19).
  const dueOnOrdersOf = db.prepare(`
    SELECT f.*, o.order_number AS joined_order_number FROM service_orders o
    JOIN follow_ups f ON f.order_id = o.id AND f.deleted = 0 AND f.status = 'open'
    WHERE o.owner_agent_id = @agentId AND o.deleted = 0 AND o.status = 'completed' AND f.due_at < @before
    ORDER BY f.due_at, f.id LIMIT @limit`);
  const ofOrders = db.prepare("SELECT * FROM follow_ups WHERE order_id IN (SELECT value FROM json_each(?)) AND deleted = 0 ORDER BY created_at, id");
  // Newest step first: the last call's outcome, or when it was made.
  const ofCustomer = db.prepare('SELECT * FROM follow_ups WHERE customer_id = ? AND deleted = 0 ORDER BY coalesce(last_attempt_at, created_at) DESC, id DESC LIMIT ?');
  const lowScores = db.prepare("SELECT * FROM follow_ups WHERE status = 'done' AND satisfaction <= @max AND done_ms >= @sinceMs AND deleted = 0 ORDER BY done_ms DESC, id");
  const doneBy = db.prepare(
    "SELECT count(*) AS n FROM follow_ups WHERE status = 'done' AND done_by = @agentId AND done_ms >= @fromMs AND done_ms < @toMs AND deleted = 0",
  );

  return {
    upsert: rows.upsert,
    find: rows.find,
    /** Follow-ups are made by the server: only a refused local change could ask for this. */
    discard: rows.discard,
    /** The branch's open follow-ups to call now, soonest due first (a requested call back from its time on). */
    open(now: Date): FollowUp[] {
      return rows.rows(open.all({ now: now.toISOString() }));
    },
    /** Open follow-ups of the orders `agentId` owns, due before `before` (a call back at its time), soonest first. */
    dueOnOrdersOf(agentId: string, before: Date, limit: number): Array<{ followUp: FollowUp; orderNumber: string }> {
      return (dueOnOrdersOf.all({ agentId, before: before.toISOString(), limit }) as Array<{ joined_order_number: string }>).map((r) => ({
        followUp: followUpRows.fromRow(r),
        orderNumber: r.joined_order_number,
      }));
    },
    /** The order's follow-up (one per order), or null. */
    ofOrder(orderId: string): FollowUp | null {
      return rows.rows(ofOrder.all(orderId))[0] ?? null;
    },
    /** The follow-ups of these orders (for a customer card). */
    ofOrders(orderIds: readonly string[]): FollowUp[] {
      return rows.rows(ofOrders.all(JSON.stringify(orderIds)));
    },
    /** A customer's follow-ups, the one with the newest step first (their contact history). */
    ofCustomer(customerId: string, limit: number): FollowUp[] {
      return rows.rows(ofCustomer.all(customerId, limit));
    },
    /** Done follow-ups scored `max` or lower since `since`, newest first: the supervisor's flags. */
    lowScores(max: number, since: Date): FollowUp[] {
      return rows.rows(lowScores.all({ max, sinceMs: since.getTime() }));
    },
    /** How many follow-ups one agent completed in [from, to). */
    doneCount(agentId: string, from: Date, to: Date): number {
      return (doneBy.get({ agentId, fromMs: from.getTime(), toMs: to.getTime() }) as { n: number }).n;
    },
  };
}
