import type { ComplaintStepRecord } from '../../../shared/domain/complaint.js';
import { complaintStepEntity } from '../../../shared/entities/syncedEntities.js';
import type { LocalCacheDb } from './openLocalCache.js';
import { cacheRowMapping, syncedTableStatements } from './syncedTableStatements.js';

/** All SQL touching the cache's `complaint_steps` table (append-only). */

const complaintStepRows = cacheRowMapping(complaintStepEntity);

export function complaintStepTable(db: LocalCacheDb) {
  // The row never changes after its create; only the server's version (and a tombstone) move.
  const rows = syncedTableStatements(db, 'complaint_steps', complaintStepRows, { replace: ['version', 'deleted'] });
  // Index complaint_steps_customer (cache migration 23).
  const ofCustomer = db.prepare('SELECT * FROM complaint_steps WHERE customer_id = ? AND deleted = 0 ORDER BY at DESC, id DESC LIMIT ?');
  const ofComplaint = db.prepare('SELECT * FROM complaint_steps WHERE complaint_id = ? AND deleted = 0 ORDER BY at, id');
  const recordedOf = db.prepare('SELECT DISTINCT complaint_id FROM complaint_steps WHERE customer_id = ? AND deleted = 0');

  return {
    upsert: rows.upsert,
    find: rows.find,
    discard: rows.discard,
    /** A customer's complaint steps, newest first. */
    ofCustomer(customerId: string, limit: number): ComplaintStepRecord[] {
      return rows.rows(ofCustomer.all(customerId, limit));
    },
    /** A complaint's steps, oldest first. */
    ofComplaint(complaintId: string): ComplaintStepRecord[] {
      return rows.rows(ofComplaint.all(complaintId));
    },
    /** The customer's complaints that have recorded steps. */
    complaintsWithStepsOf(customerId: string): Set<string> {
      return new Set((recordedOf.all(customerId) as Array<{ complaint_id: string }>).map((r) => r.complaint_id));
    },
  };
}
