import type { Customer } from '../../../shared/domain/customer.js';
import type { LocalCacheDb } from './openLocalCache.js';

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

export function customerTable(db: LocalCacheDb) {
  const upsert = db.prepare(`
    INSERT INTO customers (id, branch_id, name, phone, alt_phone, vip_tier, province, city, address, created_at, updated_at, version, deleted)
    VALUES (@id, @branchId, @name, @phone, @altPhone, @vipTier, @province, @city, @address, @createdAt, @updatedAt, @version, @deleted)
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
  const byPhoneFragment = db.prepare(`
    SELECT * FROM customers WHERE deleted = 0 AND (instr(phone, @digits) > 0 OR instr(coalesce(alt_phone, ''), @digits) > 0)
    LIMIT @limit`);
  const byNameOrAddress = db.prepare(`
    SELECT *, CASE WHEN instr(name, @text) > 0 THEN 'name' ELSE 'address' END AS matched_on
    FROM customers WHERE deleted = 0 AND (instr(name, @text) > 0 OR instr(address, @text) > 0)
    ORDER BY (instr(name, @text) = 1) DESC, length(name) LIMIT @limit`);
  const count = db.prepare('SELECT count(*) AS n FROM customers WHERE deleted = 0');
  const discard = db.prepare('DELETE FROM customers WHERE id = ?');

  return {
    upsert(c: Customer): void {
      upsert.run({ ...c, deleted: c.deleted ? 1 : 0 });
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
    findByPhoneDigits(digits: string, limit: number): Customer[] {
      return (byPhoneFragment.all({ digits, limit }) as CustomerRow[]).map(toCustomer);
    },
    findByNameOrAddress(text: string, limit: number): Array<{ customer: Customer; matchedOn: 'name' | 'address' }> {
      return (byNameOrAddress.all({ text, limit }) as Array<CustomerRow & { matched_on: 'name' | 'address' }>).map((r) => ({
        customer: toCustomer(r),
        matchedOn: r.matched_on,
      }));
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
