import type { Kysely } from 'kysely';
import type { OrderList } from '../../shared/api/rest.js';
import type { ServiceOrderStatus } from '../../shared/domain/serviceOrder.js';
import type { ServerSchema } from '../db/schema.js';
import { serviceOrderFromRecord } from '../db/syncedRecords.js';
import { decodePageCursor, encodePageCursor } from '../http/pageCursor.js';

export interface OrderFilter {
  status?: ServiceOrderStatus;
  customerId?: string;
  cursor?: string;
  limit: number;
}

/** A branch's live service orders, newest first, by keyset pages (stable while orders are added). */
export async function listOrders(db: Kysely<ServerSchema>, branchId: string, filter: OrderFilter): Promise<OrderList> {
  const after = filter.cursor === undefined ? undefined : decodePageCursor(filter.cursor);
  let query = db.selectFrom('serviceOrders').selectAll().where('branchId', '=', branchId).where('deleted', '=', 0);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.customerId) query = query.where('customerId', '=', filter.customerId);
  if (after) {
    query = query.where((eb) =>
      eb.or([eb('createdAt', '<', after.key), eb.and([eb('createdAt', '=', after.key), eb('id', '<', after.id)])]),
    );
  }
  const records = await query.orderBy('createdAt', 'desc').orderBy('id', 'desc').limit(filter.limit + 1).execute();
  const page = records.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map(serviceOrderFromRecord),
    nextCursor: records.length > filter.limit && last ? encodePageCursor({ key: last.createdAt, id: last.id }) : null,
  };
}
