import type { Customer } from '../../../shared/domain/customer.js';
import type { LocalCacheDb } from './openLocalCache.js';
import { rowOf } from './rowParams.js';
import { ftsPhrase } from './searchText.js';

/** All SQL touching the cache's `customers` table. */

interface CustomerRow {
  id: string;
  branch_id: string;
  name: string;
  phone: string;
  alt_phone: string | null;
  vip_tier: string;
  province: string;
  city: string;
  address: string;
  created_at: string;
  updated_at: string;
  version: number;
  deleted: number;
}

function toCustomer(r: CustomerRow): Customer {
  return {
    id: r.id,
    branchId: r.branch_id,
    name: r.name,
    phone: r.phone,
    altPhone: r.alt_phone,
    vipTier: r.vip_tier as Customer['vipTier'],
    province: r.province,
    city: r.city,
    address: r.address,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    version: r.version,
    deleted: r.deleted === 1,
  };
}

/** The upsert's columns, in the order of its parameters (customerParams). */
const COLUMNS = ['id', 'branch_id', 'name', 'phone', 'alt_phone', 'vip_tier', 'province', 'city', 'address', 'created_at', 'updated_at', 'version', 'deleted'] as const;

/**
 * A customer as the upsert's parameters, in COLUMNS order: the form in which an initial sync's
 * reader thread hands rows to the thread that writes them (an array clones for a fraction of an object).
 */
export function customerParams(c: Customer): unknown[] {
  return [c.id, c.branchId, c.name, c.phone, c.altPhone, c.vipTier, c.province, c.city, c.address, c.createdAt, c.updatedAt, c.version, c.deleted ? 1 : 0];
}

export function customerFromParams(params: readonly unknown[]): Customer {
  return toCustomer(rowOf(COLUMNS, params) as unknown as CustomerRow);
}

export function customerTable(db: LocalCacheDb) {
  const upsert = db.prepare(`
    INSERT INTO customers (id, branch_id, name, phone, alt_phone, vip_tier, province, city, address, created_at, updated_at, version, deleted)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT(id) DO UPDATE SET
      branch_id = excluded.branch_id, name = excluded.name, phone = excluded.phone, alt_phone = excluded.alt_phone,
      vip_tier = excluded.vip_tier, province = excluded.province, city = excluded.city, address = excluded.address,
      created_at = excluded.created_at, updated_at = excluded.updated_at, version = excluded.version, deleted = excluded.deleted
    WHERE excluded.version >= customers.version`);
  const byId = db.prepare('SELECT * FROM customers WHERE id = ? AND deleted = 0');
  const anyById = db.prepare('SELECT * FROM customers WHERE id = ?');
  const byPhone = db.prepare(`
    SELECT * FROM customers WHERE phone = @phone AND deleted = 0
    UNION SELECT * FROM customers WHERE alt_phone = @phone AND deleted = 0
    ORDER BY updated_at DESC LIMIT @limit`);
  // Full-text indexes (migration 4): trigram over phone digits, per-character over names and addresses.
  const byPhoneFragment = db.prepare(`
    SELECT c.* FROM customer_phone_fts f JOIN customers c ON c.rowid = f.rowid
    WHERE customer_phone_fts MATCH @phrase AND c.deleted = 0 LIMIT @limit`);
  // Names starting with the text: the name index, the common case (surname, or surname + first character).
  const byNamePrefix = db.prepare(`
    SELECT * FROM customers WHERE name >= @text AND name < @text || char(1114111) AND deleted = 0 LIMIT @limit`);
  // 3+ characters anywhere in a name or an address: trigrams are rare, so this stays fast at 1M customers.
  const byNameTrigram = db.prepare(`
    SELECT c.* FROM customer_trigram_fts f JOIN customers c ON c.rowid = f.rowid
    WHERE customer_trigram_fts MATCH 'name : ' || @phrase AND c.deleted = 0 LIMIT @limit`);
  const byAddressTrigram = db.prepare(`
    SELECT c.* FROM customer_trigram_fts f JOIN customers c ON c.rowid = f.rowid
    WHERE customer_trigram_fts MATCH 'address : ' || @phrase AND c.deleted = 0 LIMIT @limit`);
  // 1–2 characters inside a name or an address: the per-character index.
  const byNameChars = db.prepare(`
    SELECT c.* FROM customer_text_fts f JOIN customers c ON c.rowid = f.rowid
    WHERE customer_text_fts MATCH 'name : ' || @phrase AND c.deleted = 0 LIMIT @limit`);
  const byAddressChars = db.prepare(`
    SELECT c.* FROM customer_text_fts f JOIN customers c ON c.rowid = f.rowid
    WHERE customer_text_fts MATCH 'address : ' || @phrase AND c.deleted = 0 LIMIT @limit`);
  const count = db.prepare('SELECT count(*) AS n FROM customers WHERE deleted = 0');
  const discard = db.prepare('DELETE FROM customers WHERE id = ?');

  return {
    upsert(c: Customer): void {
      // Positional parameters: a quarter cheaper than named ones, which an initial sync feels.
      upsert.run(customerParams(c));
    },
    /** A row already in upsert parameters (customerParams). */
    upsertParams(params: readonly unknown[]): void {
      upsert.run(params);
    },
    /** The row whatever its state, tombstones included (for sync bookkeeping). */
    find(id: string): Customer | null {
      const row = anyById.get(id) as CustomerRow | undefined;
      return row ? toCustomer(row) : null;
    },
    get(id: string): Customer | null {
      const row = byId.get(id) as CustomerRow | undefined;
      return row ? toCustomer(row) : null;
    },
    /** Exact match on a canonical (E.164) number, main or alternative phone. */
    findByPhone(phone: string, limit = 10): Customer[] {
      return (byPhone.all({ phone, limit }) as CustomerRow[]).map(toCustomer);
    },
    /** Customers whose number contains these digits (at least 3). */
    findByPhoneDigits(digits: string, limit: number): Customer[] {
      return (byPhoneFragment.all({ phrase: ftsPhrase(digits), limit }) as CustomerRow[]).map(toCustomer);
    },
    /** Names first (those starting with the text first), then addresses (province, city, street). */
    findByNameOrAddress(text: string, limit: number): Array<{ customer: Customer; matchedOn: 'name' | 'address' }> {
      const query = text.trim();
      if (!query) return [];
      // Trigram phrases need 3+ characters; shorter text goes to the per-character index.
      const short = [...query].length < 3;
      const phrase = short ? ftsPhrase(query) : `"${query.replaceAll('"', '""')}"`;
      const found = new Map<string, { customer: Customer; matchedOn: 'name' | 'address' }>();
      const take = (rows: CustomerRow[], matchedOn: 'name' | 'address') => {
        for (const r of rows) if (found.size < limit && !found.has(r.id)) found.set(r.id, { customer: toCustomer(r), matchedOn });
      };
      take(byNamePrefix.all({ text: query, limit }) as CustomerRow[], 'name');
      if (found.size < limit) take((short ? byNameChars : byNameTrigram).all({ phrase, limit }) as CustomerRow[], 'name');
      if (found.size < limit) take((short ? byAddressChars : byAddressTrigram).all({ phrase, limit }) as CustomerRow[], 'address');
      return [...found.values()];
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
export type CustomerTable = ReturnType<typeof customerTable>;
