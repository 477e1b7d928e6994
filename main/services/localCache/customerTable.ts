import type { Customer } from '../../../shared/domain/customer.js';
import { customerEntity } from '../../../shared/entities/syncedEntities.js';
import type { LocalCacheDb } from './openLocalCache.js';
import { cacheRowMapping, syncedTableStatements, type CacheRow } from './syncedTableStatements.js';
import { ftsPhrase } from './searchText.js';

/** All SQL touching the cache's `customers` table. */

/** Customers ↔ the cache's columns (shared/entities); also the snapshot reader thread's packing (rowParams.ts). */
export const customerRows = cacheRowMapping(customerEntity);

type CustomerRow = CacheRow<typeof customerEntity>;

export function customerTable(db: LocalCacheDb) {
  const rows = syncedTableStatements(db, 'customers', customerRows);
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
  const contactsOf = db.prepare('SELECT id, name, phone FROM customers WHERE id IN (SELECT value FROM json_each(?))');

  const toCustomer = customerRows.fromRow;

  return {
    upsert: rows.upsert,
    upsertParams: rows.upsertParams,
    find: rows.find,
    get: rows.get,
    discard: rows.discard,
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
    count(): number {
      return (count.get() as { n: number }).n;
    },
    /** Name and phone of these customers (a list naming whom each row is about), by id. */
    contactsOf(ids: readonly string[]): Map<string, { name: string; phone: string }> {
      const found = new Map<string, { name: string; phone: string }>();
      if (ids.length === 0) return found;
      for (const r of contactsOf.all(JSON.stringify([...new Set(ids)])) as Array<{ id: string; name: string; phone: string }>) found.set(r.id, { name: r.name, phone: r.phone });
      return found;
    },
  };
}
