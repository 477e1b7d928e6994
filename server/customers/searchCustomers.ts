import { sql, type Expression, type Kysely } from 'kysely';
import type { Customer } from '../../shared/domain/customer.js';
import { looksLikePhone, normalisePhone, phoneDigits } from '../../shared/phone.js';
import type { ServerSchema } from '../db/schema.js';
import { customerFromRecord } from '../db/syncedRecords.js';
import type { AgentScope } from '../scope/agentScope.js';
import { inScopeWhere } from '../scope/scopedReads.js';

/** Serial numbers are capital letters, digits and dashes; shorter fragments match too much. */
const SERIAL_FRAGMENT = /^[A-Za-z0-9-]{3,32}$/;

/**
 * Finds the customers in the agent's scope by what they type: a phone number in any accepted shape (exact
 * match on the canonical form; a fragment of digits when it is not a whole number), a product
 * serial number (or part of one), or part of the name. Best matches first: phone, serial, name.
 */
export async function searchCustomers(db: Kysely<ServerSchema>, scope: AgentScope, text: string, limit: number): Promise<Customer[]> {
  const query = text.trim();
  const customers = db.selectFrom('customers').selectAll().where(inScopeWhere('customers', scope)).where('deleted', '=', 0).limit(limit);
  const searches: Array<typeof customers> = [];

  const phoneLike = looksLikePhone(query);
  if (phoneLike) {
    const canonical = normalisePhone(query);
    if (canonical) {
      // A whole number: the indexed exact match is the answer; no table scan for fragments.
      searches.push(customers.where((eb) => eb.or([eb('phone', '=', canonical), eb('altPhone', '=', canonical)])));
    } else {
      const fragment = likePattern(nationalDigits(query));
      searches.push(customers.where((eb) => eb.or([containsLike(eb.ref('phone'), fragment), containsLike(eb.ref('altPhone'), fragment)])));
    }
  }
  if (SERIAL_FRAGMENT.test(query)) {
    const serial = likePattern(query.toUpperCase());
    searches.push(
      customers.where('id', 'in', (eb) =>
        eb
          .selectFrom('products')
          .select('products.customerId')
          .where(inScopeWhere('products', scope))
          .where('products.deleted', '=', 0)
          .where((products) => containsLike(products.ref('products.serialNumber'), serial)),
      ),
    );
  }
  // Names have no digits: a phone-shaped query cannot be part of one.
  if (!phoneLike) searches.push(customers.where((eb) => containsLike(eb.ref('name'), likePattern(query))).orderBy('name'));

  const found = new Map<string, Customer>();
  for (const search of searches) {
    if (found.size >= limit) break;
    for (const record of await search.execute()) {
      if (found.size < limit && !found.has(record.id)) found.set(record.id, customerFromRecord(record));
    }
  }
  return [...found.values()];
}

/** Stored numbers are E.164 (+86…): a typed 00 or trunk 0 prefix is not part of them. */
function nationalDigits(query: string): string {
  return phoneDigits(query).replace(/^00|^0/, '');
}

/** `%text%` with LIKE's wildcards in the text escaped, for `LIKE … ESCAPE '\'`. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function containsLike(column: Expression<string | null>, pattern: string) {
  return sql<boolean>`${column} like ${pattern} escape '\\'`;
}
