import type { Complaint } from '../../../shared/domain/complaint.js';
import { complaintEntity } from '../../../shared/entities/syncedEntities.js';
import type { LocalCacheDb } from './openLocalCache.js';
import { cacheRowMapping, syncedTableStatements } from './syncedTableStatements.js';

/** All SQL touching the cache's `complaints` table. */

const complaintRows = cacheRowMapping(complaintEntity);

export function complaintTable(db: LocalCacheDb) {
  const rows = syncedTableStatements(db, 'complaints', complaintRows);
  const ofCustomer = db.prepare('SELECT * FROM complaints WHERE customer_id = ? AND deleted = 0 ORDER BY received_at DESC, id DESC');
  // A complaint's newest step is its last change.
  const newestChangedOf = db.prepare('SELECT * FROM complaints WHERE customer_id = ? AND deleted = 0 ORDER BY updated_at DESC, id DESC LIMIT ?');
  // Index complaints_taken_by_open (migration 19).
  const openTakenBy = db.prepare(
    "SELECT * FROM complaints WHERE taken_by = ? AND status NOT IN ('resolved', 'confirmed') AND deleted = 0 ORDER BY resolve_due_at, id LIMIT ?",
  );
  const open = db.prepare("SELECT * FROM complaints WHERE status NOT IN ('resolved', 'confirmed') AND deleted = 0 ORDER BY resolve_due_at, id LIMIT ?");

  return {
    upsert: rows.upsert,
    find: rows.find,
    get: rows.get,
    discard: rows.discard,
    /** A customer's complaints, newest first. */
    ofCustomer(customerId: string): Complaint[] {
      return rows.rows(ofCustomer.all(customerId));
    },
    /** A customer's complaints, the last changed first (their contact history). */
    newestChangedOf(customerId: string, limit: number): Complaint[] {
      return rows.rows(newestChangedOf.all(customerId, limit));
    },
    /** The open complaints an agent took, soonest resolve deadline first. */
    openTakenBy(agentId: string, limit: number): Complaint[] {
      return rows.rows(openTakenBy.all(agentId, limit));
    },
    /** The complaints still being worked on, soonest resolve deadline first. */
    open(limit: number): Complaint[] {
      return rows.rows(open.all(limit));
    },
  };
}
