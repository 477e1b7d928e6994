import { localToday, warrantyStatus } from '../../shared/domain/warranty.js';
import { looksLikePhone, normalisePhone, phoneDigits } from '../../shared/phone.js';
import type { CustomerCard, CustomerSummary } from '../../shared/workstationApi.js';
import type { Customer } from '../../shared/domain/customer.js';
import type { LocalCache } from './localCache/localCache.js';

/**
 * Finding customers in the seat's cache: the screen pop by the caller's number, the agent's
 * free search (name, phone, serial number, address), and the customer card. Never touches the
 * network, so it works with the backend unreachable.
 */
export class CustomerLookup {
  constructor(
    private readonly cache: LocalCache,
    private readonly today: () => string = () => localToday(),
  ) {}

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

  search(rawQuery: string, limit: number): CustomerSummary[] {
    const query = rawQuery.trim();
    const results = new Map<string, CustomerSummary>();
    const add = (customer: Customer, matchedOn: CustomerSummary['matchedOn']) => {
      if (results.size >= limit || results.has(customer.id)) return;
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

    if (looksLikePhone(query)) {
      const canonical = normalisePhone(query);
      if (canonical) for (const c of this.cache.customers.findByPhone(canonical, limit)) add(c, 'phone');
      else {
        // A fragment as typed: a leading trunk 0 is not in the stored E.164 form.
        const digits = phoneDigits(query).replace(/^0+/, '');
        if (digits.length >= 3) for (const c of this.cache.customers.findByPhoneDigits(digits, limit)) add(c, 'phone');
      }
    }
    if (/^[A-Za-z0-9-]{3,}$/.test(query)) {
      for (const id of this.cache.products.customerIdsBySerialFragment(query, limit)) {
        const customer = this.cache.customers.get(id);
        if (customer) add(customer, 'serial');
      }
    }
    for (const { customer, matchedOn } of this.cache.customers.findByNameOrAddress(query, limit)) add(customer, matchedOn);
    return [...results.values()];
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
