import type { Kysely } from 'kysely';
import type { ProductList } from '../../shared/api/rest.js';
import type { ServerSchema } from '../db/schema.js';
import { productFromRecord } from '../db/syncedRecords.js';
import { decodePageCursor, encodePageCursor } from '../http/pageCursor.js';

export interface ProductFilter {
  customerId?: string;
  serial?: string;
  cursor?: string;
  limit: number;
}

/** A branch's install base by serial number, in keyset pages; `serial` is an exact serial number. */
export async function listProducts(db: Kysely<ServerSchema>, branchId: string, filter: ProductFilter): Promise<ProductList> {
  const after = filter.cursor === undefined ? undefined : decodePageCursor(filter.cursor);
  let query = db.selectFrom('products').selectAll().where('branchId', '=', branchId).where('deleted', '=', 0);
  if (filter.customerId) query = query.where('customerId', '=', filter.customerId);
  if (filter.serial) query = query.where('serialNumber', '=', filter.serial);
  if (after) {
    query = query.where((eb) => eb.or([eb('serialNumber', '>', after.key), eb.and([eb('serialNumber', '=', after.key), eb('id', '>', after.id)])]));
  }
  const records = await query.orderBy('serialNumber').orderBy('id').limit(filter.limit + 1).execute();
  const page = records.slice(0, filter.limit);
  const last = page.at(-1);
  return {
    items: page.map(productFromRecord),
    nextCursor: records.length > filter.limit && last ? encodePageCursor({ key: last.serialNumber, id: last.id }) : null,
  };
}
