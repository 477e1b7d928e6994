import type { Kysely } from 'kysely';
import type { ProductDetail } from '../../shared/api/rest.js';
import type { Agent } from '../../shared/domain/branch.js';
import type { Product } from '../../shared/domain/product.js';
import { localToday, warrantyStatus } from '../../shared/domain/warranty.js';
import type { ServerSchema } from '../db/schema.js';
import { productFromRecord } from '../db/syncedRecords.js';
import { ApiFailure } from '../http/apiFailure.js';

/** A product with its warranty status today; 404 if absent, 403 if another branch's. */
export async function productDetail(db: Kysely<ServerSchema>, agent: Agent, productId: string, now = new Date()): Promise<ProductDetail> {
  const record = await db.selectFrom('products').selectAll().where('id', '=', productId).where('deleted', '=', 0).executeTakeFirst();
  if (!record) throw ApiFailure.notFound('product');
  if (record.branchId !== agent.branchId) throw ApiFailure.forbidden('this product');
  return withWarranty(productFromRecord(record), now);
}

export function withWarranty(product: Product, now: Date): ProductDetail {
  return { ...product, warranty: warrantyStatus(product.purchaseDate, product.warrantyMonths, localToday(now)) };
}
