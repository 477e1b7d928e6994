import { describe, expect, it } from 'vitest';
import { Agent, Branch } from '../../shared/domain/branch.js';
import { Customer } from '../../shared/domain/customer.js';
import { CATEGORY_WARRANTY_MONTHS, Product } from '../../shared/domain/product.js';
import { ORDER_NUMBER_PATTERN, ServiceOrder, ServiceOrderStatus } from '../../shared/domain/serviceOrder.js';
import { warrantyStatus } from '../../shared/domain/warranty.js';
import { normalisePhone } from '../../shared/phone.js';
import { branchCovering } from '../../server/branches/branchCovering.js';
import { generateDemoData } from '../../server/seed/demoData.js';
import { DEMO_CITIES } from '../../server/seed/demoGeography.js';
import { DEMO_LOGINS } from '../../server/seed/demoLogins.js';

const CUSTOMERS = 600;
const demo = generateDemoData({ customers: CUSTOMERS });
const households = [...demo.households()];
const customers = households.map((h) => h.customer);
const products = households.flatMap((h) => h.products);
const orders = households.flatMap((h) => h.orders);

describe('demo data', () => {
  it('is deterministic: the same seed gives identical rows, ids and dates', () => {
    const again = generateDemoData({ customers: CUSTOMERS });
    expect(again.branches).toEqual(demo.branches);
    expect(again.agents).toEqual(demo.agents);
    expect([...again.households()]).toEqual(households);
    // Iterating twice starts over, and a smaller data set is a prefix of a larger one.
    expect([...demo.households()]).toEqual(households);
    expect([...generateDemoData({ customers: 50 }).households()]).toEqual(households.slice(0, 50));
  });

  it('changes with the seed', () => {
    const other = [...generateDemoData({ customers: 20, seed: 7 }).households()];
    expect(other.map((h) => h.customer.id)).not.toEqual(households.slice(0, 20).map((h) => h.customer.id));
  });

  it('passes the shared schemas, row by row', () => {
    for (const branch of demo.branches) expect(Branch.parse(branch)).toEqual(branch);
    for (const agent of demo.agents) expect(Agent.parse(agent)).toEqual(agent);
    for (const row of customers) expect(Customer.safeParse(row).error).toBeUndefined();
    for (const row of products) expect(Product.safeParse(row).error).toBeUndefined();
    for (const row of orders) expect(ServiceOrder.safeParse(row).error).toBeUndefined();
  });

  it('has the two branches and the documented demo logins', () => {
    expect(demo.branches.map((b) => [b.code, b.name])).toEqual([
      ['BJ01', '北京分公司'],
      ['GZ01', '广州分公司'],
    ]);
    expect(demo.agents.map((a) => a.login)).toEqual(DEMO_LOGINS.map((l) => l.login));
    for (const login of DEMO_LOGINS) {
      const agent = demo.agents.find((a) => a.login === login.login);
      expect(demo.branches.find((b) => b.id === agent?.branchId)?.code).toBe(login.branchCode);
    }
  });

  it('puts every customer in the branch serving their province, with some in each branch', () => {
    for (const c of customers) expect(branchCovering(demo.branches, c.province)?.id).toBe(c.branchId);
    for (const branch of demo.branches) expect(customers.filter((c) => c.branchId === branch.id).length).toBeGreaterThan(CUSTOMERS / 5);
  });

  it('makes realistic Chinese names and canonical phone numbers', () => {
    for (const c of customers) {
      expect(c.name).toMatch(/^[\u4e00-\u9fff]{2,3}$/);
      expect(normalisePhone(c.phone)).toBe(c.phone);
      expect(c.phone).toMatch(/^\+861(3\d|5\d|7\d|8\d|9\d)\d{8}$/);
    }
    expect(new Set(customers.map((c) => c.name)).size).toBeGreaterThan(CUSTOMERS / 2);
  });

  it('gives about 30% a landline with their own city’s area code', () => {
    const withLandline = customers.filter((c) => c.altPhone !== null);
    expect(withLandline.length / CUSTOMERS).toBeGreaterThan(0.22);
    expect(withLandline.length / CUSTOMERS).toBeLessThan(0.38);
    for (const c of withLandline) {
      const city = DEMO_CITIES.find((d) => d.city === c.city);
      expect(city).toBeDefined();
      // +86 then the area code without its trunk 0, then 7 or 8 local digits.
      const national = c.altPhone?.slice(3) ?? '';
      expect(national.startsWith(city?.areaCode.slice(1) ?? '?')).toBe(true);
      expect(national.length).toBe((city?.areaCode.length ?? 0) - 1 + (city?.localDigits ?? 0));
    }
  });

  it('mostly has no VIP tier', () => {
    const none = customers.filter((c) => c.vipTier === 'none').length;
    expect(none / CUSTOMERS).toBeGreaterThan(0.75);
    expect(new Set(customers.map((c) => c.vipTier)).size).toBeGreaterThan(2);
  });

  it('gives 1–3 products per customer (about 1.5 on average) with unique serial numbers and category warranties', () => {
    for (const h of households) {
      expect(h.products.length).toBeGreaterThanOrEqual(1);
      expect(h.products.length).toBeLessThanOrEqual(3);
      for (const p of h.products) {
        expect(p.customerId).toBe(h.customer.id);
        expect(p.branchId).toBe(h.customer.branchId);
        expect(p.warrantyMonths).toBe(CATEGORY_WARRANTY_MONTHS[p.category]);
      }
    }
    expect(products.length / CUSTOMERS).toBeGreaterThan(1.35);
    expect(products.length / CUSTOMERS).toBeLessThan(1.65);
    expect(new Set(products.map((p) => p.serialNumber)).size).toBe(products.length);
    expect(new Set(products.map((p) => p.category)).size).toBe(7);
    const statuses = new Set(products.map((p) => warrantyStatus(p.purchaseDate, p.warrantyMonths, '2026-11-01').status));
    expect(statuses).toEqual(new Set(['in_warranty', 'out_of_warranty']));
  });

  it('gives about 2 service orders per customer, in many statuses, numbered uniquely, owned in the branch', () => {
    expect(orders.length / CUSTOMERS).toBeGreaterThan(1.7);
    expect(orders.length / CUSTOMERS).toBeLessThan(2.3);
    expect(new Set(orders.map((o) => o.orderNumber)).size).toBe(orders.length);
    const statuses = new Set(orders.map((o) => o.status));
    expect(statuses.size).toBeGreaterThanOrEqual(ServiceOrderStatus.options.length - 1);
    for (const h of households) {
      for (const o of h.orders) {
        expect(o.orderNumber).toMatch(ORDER_NUMBER_PATTERN);
        const branch = demo.branches.find((b) => b.id === h.customer.branchId);
        expect(o.orderNumber.startsWith(`${branch?.code}-`)).toBe(true);
        const owner = demo.agents.find((a) => a.id === o.ownerAgentId);
        expect(owner?.branchId).toBe(h.customer.branchId);
        expect(o.branchId).toBe(h.customer.branchId);
        if (o.productId !== null) expect(h.products.map((p) => p.id)).toContain(o.productId);
        expect(o.updatedAt >= o.createdAt).toBe(true);
        expect(o.createdAt < '2026-11-01').toBe(true);
      }
    }
  });

  it('never repeats an id', () => {
    const ids = [...demo.branches, ...demo.agents, ...customers, ...products, ...orders].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
