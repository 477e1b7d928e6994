import type { Product } from '../../../shared/domain/product.js';
import { productEntity } from '../../../shared/entities/syncedEntities.js';
import type { LocalCacheDb } from './openLocalCache.js';
import { cacheRowMapping, syncedTableStatements, type CacheRow } from './syncedTableStatements.js';
import { ftsPhrase } from './searchText.js';

/** All SQL touching the cache's `products` table (the install base). */

/** Products ↔ the cache's columns (shared/entities); also the snapshot reader thread's packing (rowParams.ts). */
export const productRows = cacheRowMapping(productEntity);

type ProductRow = CacheRow<typeof productEntity>;

export function productTable(db: LocalCacheDb) {
  const rows = syncedTableStatements(db, 'products', productRows);
  const toProduct = productRows.fromRow;
  const byCustomer = db.prepare('SELECT * FROM products WHERE customer_id = ? AND deleted = 0 ORDER BY purchase_date DESC');
  // Any part of a serial number (3+ characters), through the trigram index; serials are upper-case.
  const customersBySerialFragment = db.prepare(`
    SELECT DISTINCT p.customer_id FROM product_serial_fts f JOIN products p ON p.rowid = f.rowid
    WHERE product_serial_fts MATCH @phrase AND p.deleted = 0 LIMIT @limit`);
  const count = db.prepare('SELECT count(*) AS n FROM products WHERE deleted = 0');
  const bySerial = db.prepare('SELECT * FROM products WHERE serial_number = ? AND deleted = 0 LIMIT 1');

  return {
    upsert: rows.upsert,
    upsertParams: rows.upsertParams,
    find: rows.find,
    discard: rows.discard,
    ofCustomer(customerId: string): Product[] {
      return (byCustomer.all(customerId) as ProductRow[]).map(toProduct);
    },
    /** The live unit with exactly this serial number, if any. */
    bySerial(serialNumber: string): Product | null {
      const row = bySerial.get(serialNumber) as ProductRow | undefined;
      return row ? toProduct(row) : null;
    },
    customerIdsBySerialFragment(fragment: string, limit: number): string[] {
      return (customersBySerialFragment.all({ phrase: ftsPhrase(fragment.toUpperCase()), limit }) as Array<{ customer_id: string }>).map((r) => r.customer_id);
    },
    count(): number {
      return (count.get() as { n: number }).n;
    },
  };
}
