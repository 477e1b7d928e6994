import { localToday, warrantyStatus } from '../../shared/domain/warranty.js';
import { looksLikePhone, normalisePhone, phoneDigits } from '../../shared/phone.js';
import type { CustomerCard, CustomerSummary } from '../../shared/workstationApi.js';
import type { Customer } from '../../shared/domain/customer.js';
import { identifierSearch, type IdentifierHit, type IdentifierSearch } from './localCache/identifierSearch.js';
import type { LocalCache } from './localCache/localCache.js';

/** What an order, serial or model number can look like: letters, digits and - / . in one word. */
const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9\-/.]{2,}$/;

/**
 * Finding customers in the seat's cache: the screen pop by the caller's number, the agent's
 * free search (order, serial, model and phone numbers, names, addresses), and the customer card. Never touches the
 * network, so it works with the backend unreachable.
 */
export class CustomerLookup {
  private readonly identifiers: IdentifierSearch;

  constructor(
    private readonly cache: LocalCache,
    private readonly today: () => string = () => localToday(),
  ) {
    this.identifiers = identifierSearch(cache.db);
  }

  card(customerId: string): CustomerCard | null {
    const customer = this.cache.customers.get(customerId);
    return customer ? this.cardOf(customer) : null;
  }

  /** The caller's number in any accepted format → the customer's card, or null if unknown. */
  screenPop(rawPhone: string): { phone: string | null; card: CustomerCard | null } {
    const phone = normalisePhone(rawPhone);
    if (!phone) return { phone: null, card: null };
    const [customer] = this.cache.customers.findByPhone(phone, 1);
    return { phone, card: customer ? this.cardOf(customer) : null };
  }

  /**
   * The agent's free search, best match first: an exact order number, serial number or phone;
   * then the ends of those (a serial's tail read off a label ranks before phone numbers that
   * merely contain the digits); then parts of order, serial and model numbers; then phone
   * fragments; then names and addresses.
   */
  search(rawQuery: string, limit: number): CustomerSummary[] {
    const query = rawQuery.trim();
    const results = new Map<string, CustomerSummary>();
    const add = (customer: Customer | null, matchedOn: CustomerSummary['matchedOn']) => {
      if (!customer || results.size >= limit || results.has(customer.id)) return;
      results.set(customer.id, {
        id: customer.id,
        name: customer.name,
        phone: customer.phone,
        vipTier: customer.vipTier,
        city: customer.city,
        address: customer.address,
        matchedOn,
      });
    };

    const identifiers = IDENTIFIER.test(query) ? this.identifiers.find(query, limit) : [];
    const addIdentifiers = (match: IdentifierHit['match']) => {
      for (const hit of identifiers) if (hit.match === match) add(this.cache.customers.get(hit.customerId), hit.kind);
    };
    const phones = looksLikePhone(query) ? this.phoneMatches(query, limit) : { exact: [], tails: [], parts: [] };

    addIdentifiers('exact');
    for (const c of phones.exact) add(c, 'phone');
    addIdentifiers('tail');
    for (const c of phones.tails) add(c, 'phone');
    addIdentifiers('part');
    for (const c of phones.parts) add(c, 'phone');
    for (const { customer, matchedOn } of this.cache.customers.findByNameOrAddress(query, limit)) add(customer, matchedOn);
    return [...results.values()];
  }

  /** Customers by a phone number typed whole (exact), or by digits at the end of a number or inside one. */
  private phoneMatches(query: string, limit: number): { exact: Customer[]; tails: Customer[]; parts: Customer[] } {
    const canonical = normalisePhone(query);
    if (canonical) return { exact: this.cache.customers.findByPhone(canonical, limit), tails: [], parts: [] };
    const typed = phoneDigits(query);
    if (typed.length < 3) return { exact: [], tails: [], parts: [] };
    const found = new Map(this.cache.customers.findByPhoneDigits(typed, limit).map((c) => [c.id, c]));
    // A trunk 0 as typed ("010 6234…") is not in the stored E.164 form; only one is, never "000…".
    const withoutTrunk = typed.replace(/^0/, '');
    if (withoutTrunk !== typed && withoutTrunk.length >= 3 && found.size < limit) {
      for (const c of this.cache.customers.findByPhoneDigits(withoutTrunk, limit)) if (!found.has(c.id)) found.set(c.id, c);
    }
    const endsWithTyped = (c: Customer) => [c.phone, c.altPhone].some((p) => p !== null && phoneDigits(p).endsWith(typed));
    const all = [...found.values()];
    return { exact: [], tails: all.filter(endsWithTyped), parts: all.filter((c) => !endsWithTyped(c)) };
  }

  private cardOf(customer: Customer): CustomerCard {
    const today = this.today();
    return {
      customer,
      products: this.cache.products
        .ofCustomer(customer.id)
        .map((p) => ({ ...p, warranty: warrantyStatus(p.purchaseDate, p.warrantyMonths, today) })),
      orders: this.cache.serviceOrders.ofCustomer(customer.id),
    };
  }
}
