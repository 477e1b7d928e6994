import type { Kysely } from 'kysely';
import type { ProductDetail } from '../../shared/api/rest.js';
import type { Agent } from '../../shared/domain/branch.js';
import type { Product } from '../../shared/domain/product.js';
import { localToday, warrantyStatus } from '../../shared/domain/warranty.js';
import type { ServerSchema } from '../db/schema.js';
import { productFromRecord } from '../db/syncedRecords.js';
import { scopeOf } from '../scope/agentScope.js';
import { readable } from '../scope/scopedReads.js';

/** A product with its warranty status today; 404 if absent, 403 if outside the agent's scope. */
export async function productDetail(db: Kysely<ServerSchema>, agent: Agent, productId: string, now = new Date()): Promise<ProductDetail> {
  const record = await db.selectFrom('products').selectAll().where('id', '=', productId).where('deleted', '=', 0).executeTakeFirst();
  return withWarranty(productFromRecord(readable(record, scopeOf(agent), 'product')), now);
}

export function withWarranty(product: Product, now: Date): ProductDetail {
  return { ...product, warranty: warrantyStatus(product.purchaseDate, product.warrantyMonths, localToday(now)) };
}
