import type { Product } from '../../../shared/domain/product.js';
import type { LocalCacheDb } from './openLocalCache.js';
import { rowOf } from './rowParams.js';
import { ftsPhrase } from './searchText.js';

/** All SQL touching the cache's `products` table (the install base). */

interface ProductRow {
  id: string;
  customer_id: string;
  branch_id: string;
  serial_number: string;
  model: string;
  category: string;
  purchase_date: string;
  warranty_months: number;
  version: number;
  deleted: number;
}

function toProduct(r: ProductRow): Product {
  return {
    id: r.id,
    customerId: r.customer_id,
    branchId: r.branch_id,
    serialNumber: r.serial_number,
    model: r.model,
    category: r.category as Product['category'],
    purchaseDate: r.purchase_date,
    warrantyMonths: r.warranty_months,
    version: r.version,
    deleted: r.deleted === 1,
  };
}

/** The upsert's columns, in the order of its parameters (productParams). */
const COLUMNS = ['id', 'customer_id', 'branch_id', 'serial_number', 'model', 'category', 'purchase_date', 'warranty_months', 'version', 'deleted'] as const;

/** A product as the upsert's parameters, in COLUMNS order (see customerParams). */
export function productParams(p: Product): unknown[] {
  return [p.id, p.customerId, p.branchId, p.serialNumber, p.model, p.category, p.purchaseDate, p.warrantyMonths, p.version, p.deleted ? 1 : 0];
}

export function productFromParams(params: readonly unknown[]): Product {
  return toProduct(rowOf(COLUMNS, params) as unknown as ProductRow);
}

export function productTable(db: LocalCacheDb) {
  const upsert = db.prepare(`
    INSERT INTO products (id, customer_id, branch_id, serial_number, model, category, purchase_date, warranty_months, version, deleted)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(id) DO UPDATE SET
      customer_id = excluded.customer_id, branch_id = excluded.branch_id, serial_number = excluded.serial_number,
      model = excluded.model, category = excluded.category, purchase_date = excluded.purchase_date,
      warranty_months = excluded.warranty_months, version = excluded.version, deleted = excluded.deleted
    WHERE excluded.version >= products.version`);
  const anyById = db.prepare('SELECT * FROM products WHERE id = ?');
  const byCustomer = db.prepare('SELECT * FROM products WHERE customer_id = ? AND deleted = 0 ORDER BY purchase_date DESC');
  // Any part of a serial number (3+ characters), through the trigram index; serials are upper-case.
  const customersBySerialFragment = db.prepare(`
    SELECT DISTINCT p.customer_id FROM product_serial_fts f JOIN products p ON p.rowid = f.rowid
    WHERE product_serial_fts MATCH @phrase AND p.deleted = 0 LIMIT @limit`);
  const count = db.prepare('SELECT count(*) AS n FROM products WHERE deleted = 0');
  const bySerial = db.prepare('SELECT * FROM products WHERE serial_number = ? AND deleted = 0 LIMIT 1');
  const discard = db.prepare('DELETE FROM products WHERE id = ?');

  return {
    upsert(p: Product): void {
      // Positional parameters: a quarter cheaper than named ones, which an initial sync feels.
      upsert.run(productParams(p));
    },
    /** A row already in upsert parameters (productParams). */
    upsertParams(params: readonly unknown[]): void {
      upsert.run(params);
    },
    /** The row whatever its state, tombstones included (for sync bookkeeping). */
    find(id: string): Product | null {
      const row = anyById.get(id) as ProductRow | undefined;
      return row ? toProduct(row) : null;
    },
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
    /** Removes a row the server never had (a local create it refused). */
    discard(id: string): void {
      discard.run(id);
    },
    count(): number {
      return (count.get() as { n: number }).n;
    },
  };
}
export type ProductTable = ReturnType<typeof productTable>;
