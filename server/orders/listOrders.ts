import type { Kysely } from 'kysely';
import type { OrderList } from '../../shared/api/rest.js';
import type { ServiceOrderStatus } from '../../shared/domain/serviceOrder.js';
import type { ServerSchema } from '../db/schema.js';
import { serviceOrderFromRecord } from '../db/syncedRecords.js';
import { ApiFailure } from '../http/apiFailure.js';

export interface OrderFilter {
  status?: ServiceOrderStatus;
  customerId?: string;
  cursor?: string;
  limit: number;
}

/** Where a page ended: the last order's creation time and id (ties broken by id). */
interface PagePosition {
  createdAt: string;
  id: string;
}

/** A branch's live service orders, newest first, by keyset pages (stable while orders are added). */
export async function listOrders(db: Kysely<ServerSchema>, branchId: string, filter: OrderFilter): Promise<OrderList> {
  const after = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor);
  let query = db.selectFrom('serviceOrders').selectAll().where('branchId', '=', branchId).where('deleted', '=', 0);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.customerId) query = query.where('customerId', '=', filter.customerId);
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('createdAt', '<', after.createdAt), eb.and([eb('createdAt', '=', after.createdAt), eb('id', '<', after.id)])]),
    );
  }
  const records = await query.orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(filter.limit + 1).execute();
  const page = records.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map(serviceOrderFromRecord),
    nextCursor: records.length > filter.limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
  };
}

function encodeCursor(position: PagePosition): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.id])).toString('base64url');
}

function decodeCursor(cursor: string): PagePosition {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string') {
      return { createdAt: value[0], id: value[1] };
    }
  } catch {
    // not base64url JSON: refused below
  }
  throw new ApiFailure(400, 'bad_input', 'invalid query: cursor: not a cursor this server handed out');
}
