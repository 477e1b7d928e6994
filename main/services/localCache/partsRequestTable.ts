import type { PartsRequest } from '../../../shared/domain/partsRequest.js';
import type { LocalCacheDb } from './openLocalCache.js';

/** All SQL touching the cache's `parts_requests` table (spare parts for orders). */

interface PartsRequestRow {
  id: string;
  branch_id: string;
  order_id: string;
  part_number: string;
  quantity: number;
  status: string;
  note: string;
  requested_by: string;
  created_at: string;
  updated_at: string;
  version: number;
  deleted: number;
}

function toPartsRequest(r: PartsRequestRow): PartsRequest {
  return {
    id: r.id,
    branchId: r.branch_id,
    orderId: r.order_id,
    partNumber: r.part_number,
    quantity: r.quantity,
    status: r.status as PartsRequest['status'],
    note: r.note,
    requestedBy: r.requested_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
    deleted: r.deleted === 1,
  };
}

export function partsRequestTable(db: LocalCacheDb) {
  const upsert = db.prepare(`
    INSERT INTO parts_requests (id, branch_id, order_id, part_number, quantity, status, note, requested_by, created_at, updated_at, version, deleted)
    VALUES (@id, @branchId, @orderId, @partNumber, @quantity, @status, @note, @requestedBy, @createdAt, @updatedAt, @version, @deleted)
    ON CONFLICT(id) DO UPDATE SET
      status = excluded.status, note = excluded.note, updated_at = excluded.updated_at, version = excluded.version, deleted = excluded.deleted
    WHERE excluded.version >= parts_requests.version`);
  const anyById = db.prepare('SELECT * FROM parts_requests WHERE id = ?');
  const ofOrder = db.prepare('SELECT * FROM parts_requests WHERE order_id = ? AND deleted = 0 ORDER BY created_at DESC, id DESC');
  const discard = db.prepare('DELETE FROM parts_requests WHERE id = ?');

  return {
    upsert(p: PartsRequest): void {
      upsert.run({ ...p, deleted: p.deleted ? 1 : 0 });
    },
    /** The row whatever its state, tombstones included (for sync bookkeeping). */
    find(id: string): PartsRequest | null {
      const row = anyById.get(id) as PartsRequestRow | undefined;
      return row ? toPartsRequest(row) : null;
    },
    /** An order's parts requests, newest first. */
    ofOrder(orderId: string): PartsRequest[] {
      return (ofOrder.all(orderId) as PartsRequestRow[]).map(toPartsRequest);
    },
    /** Removes a row the server never had (a local create it refused). */
    discard(id: string): void {
      discard.run(id);
    },
  };
}
export type PartsRequestTable = ReturnType<typeof partsRequestTable>;
