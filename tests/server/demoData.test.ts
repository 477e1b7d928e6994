import { describe, expect, it } from 'vitest';
import { Agent, Branch } from '../../shared/domain/branch.js';
import { Customer } from '../../shared/domain/customer.js';
import { outletServes } from '../../shared/domain/orderDispatch.js';
import { CATEGORY_WARRANTY_MONTHS, Product } from '../../shared/domain/product.js';
import { ORDER_NUMBER_PATTERN, ServiceOrder, ServiceOrderStatus } from '../../shared/domain/serviceOrder.js';
import { warrantyStatus } from '../../shared/domain/warranty.js';
import { normalisePhone } from '../../shared/phone.js';
import { branchCovering } from '../../server/branches/branchCovering.js';
import { demoReferenceDate, generateDemoData } from '../../server/seed/demoData.js';
import { dispatchable } from '../../server/seed/demoLifecycle.js';
import { FollowUp } from '../../shared/domain/followUp.js';
import { Interaction } from '../../shared/domain/interaction.js';
import { OrderEvent } from '../../shared/domain/orderEvent.js';
import { isOverdue } from '../../shared/domain/orderSla.js';
import { OPEN_ORDER_STATUSES } from '../../shared/domain/serviceOrder.js';
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

describe('a demo day (relative to its reference day)', () => {
  const referenceDate = '2026-12-07';
  const reference = Date.parse(`${referenceDate}T00:00:00Z`);
  const day = generateDemoData({ customers: 800, referenceDate });
  const homes = [...day.households()];
  const dayOrders = homes.flatMap((h) => h.orders);
  const events = homes.flatMap((h) => h.orderEvents);
  const followUps = homes.flatMap((h) => h.followUps);
  const calls = homes.flatMap((h) => h.interactions);

  it('is deterministic for a seed and a day, and moves with the day', () => {
    expect([...generateDemoData({ customers: 50, referenceDate }).households()]).toEqual(homes.slice(0, 50));
    const dayLater = [...generateDemoData({ customers: 50, referenceDate: '2026-12-08' }).households()];
    expect(dayLater.map((h) => h.orders.map((o) => o.createdAt))).not.toEqual(homes.slice(0, 50).map((h) => h.orders.map((o) => o.createdAt)));
    // The seeding commands use today in China (UTC+8).
    expect(demoReferenceDate(new Date('2026-12-06T16:30:00Z'))).toBe('2026-12-07');
    expect(demoReferenceDate(new Date('2026-12-06T15:30:00Z'))).toBe('2026-12-06');
  });

  it('seeded between midnight and 08:00 in China, nothing lies in the future (it would count in today’s figures)', () => {
    // 00:55 on 2026-12-08 in China: the reference day starts at its 08:00, seven hours ahead.
    const now = new Date('2026-12-07T16:55:00Z');
    const early = [...generateDemoData({ customers: 300, referenceDate: demoReferenceDate(now), notAfter: now }).households()];
    const times = early.flatMap((h) => [
      ...h.orders.flatMap((o) => [o.createdAt, o.updatedAt]),
      ...h.orderEvents.map((e) => e.at),
      ...h.interactions.map((c) => c.startedAt),
      ...h.followUps.flatMap((f) => (f.doneAt ? [f.doneAt] : [])),
    ]);
    expect(times.length).toBeGreaterThan(1000);
    expect(times.filter((t) => Date.parse(t) > now.getTime())).toEqual([]);
    // …and the last hours' work is still open, just before now.
    expect(early.flatMap((h) => h.orders).some((o) => OPEN_ORDER_STATUSES.includes(o.status) && now.getTime() - Date.parse(o.createdAt) < 12 * 3_600_000)).toBe(true);
  });

  it('spreads orders over the last months up to the day, with the last hours’ work open and most of it within its service levels', () => {
    for (const o of dayOrders) expect(Date.parse(o.updatedAt)).toBeLessThanOrEqual(reference);
    const lastThreeDays = dayOrders.filter((o) => Date.parse(o.createdAt) > reference - 3 * 86_400_000);
    expect(lastThreeDays.length).toBeGreaterThan(dayOrders.length / 20);
    const months = new Set(dayOrders.filter((o) => Date.parse(o.createdAt) > reference - 180 * 86_400_000).map((o) => o.createdAt.slice(0, 7)));
    expect(months.size).toBeGreaterThanOrEqual(6);
    const open = dayOrders.filter((o) => OPEN_ORDER_STATUSES.includes(o.status));
    expect(open.length).toBeGreaterThan(20);
    for (const status of OPEN_ORDER_STATUSES) expect(open.some((o) => o.status === status)).toBe(true);
    // Two hours into the working day, fewer than a third of the open orders are late.
    const overdue = open.filter((o) => isOverdue(o, new Date(reference + 2 * 3_600_000)));
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.length / open.length).toBeLessThan(1 / 3);
  });

  it('has every dispatched order at an outlet of its branch serving the product, with an appointment after the dispatch', () => {
    const products = new Map(homes.flatMap((h) => h.products).map((p) => [p.id, p]));
    const customersById = new Map(homes.map((h) => [h.customer.id, h.customer]));
    const sent = dayOrders.filter((o) => dispatchable(o) && o.status !== 'new' && o.status !== 'cancelled');
    expect(sent.length).toBeGreaterThan(dayOrders.length / 3);
    for (const o of sent) {
      const outlet = day.outlets.find((u) => u.id === o.outletId);
      const customer = customersById.get(o.customerId)!;
      expect(outlet?.branchId).toBe(o.branchId);
      expect(outlet?.categories).toContain(products.get(o.productId!)?.category);
      expect(outletServes(outlet!, customer, products.get(o.productId!)!.category)).toBe(true);
      expect(o.dispatchedAt! >= o.createdAt && o.dispatchedAt! <= o.updatedAt).toBe(true);
      expect(o.appointmentStart! > o.dispatchedAt! && o.appointmentEnd! > o.appointmentStart!).toBe(true);
    }
    for (const o of dayOrders.filter((x) => !sent.includes(x))) expect([o.outletId, o.dispatchedAt]).toEqual([null, null]);
  });

  it('records an event for each status step: created, dispatched, then each change, in time order, ending at the status', () => {
    for (const e of events) expect({ ...OrderEvent.parse({ ...e, seq: 1 }), seq: undefined }).toEqual({ ...e, seq: undefined });
    const byOrder = new Map<string, typeof events>();
    for (const e of events) byOrder.set(e.orderId, [...(byOrder.get(e.orderId) ?? []), e]);
    for (const o of dayOrders) {
      const mine = byOrder.get(o.id) ?? [];
      expect(mine[0]).toMatchObject({ kind: 'created', fromStatus: null, toStatus: 'new', at: o.createdAt });
      expect(mine.at(-1)!.toStatus).toBe(o.status);
      expect(mine.at(-1)!.at).toBe(o.updatedAt);
      for (let i = 1; i < mine.length; i++) {
        expect(mine[i]!.fromStatus).toBe(mine[i - 1]!.toStatus);
        expect(mine[i]!.at >= mine[i - 1]!.at).toBe(true);
      }
      const dispatch = mine.find((e) => e.kind === 'dispatched');
      if (o.dispatchedAt) expect(dispatch).toMatchObject({ outletId: o.outletId, appointmentStart: o.appointmentStart, at: o.dispatchedAt, toStatus: 'dispatched' });
      else expect(dispatch).toBeUndefined();
    }
  });

  it('gives every completed order its follow-up: open until the call back, done with a score and a remark after it', () => {
    for (const f of followUps) expect(FollowUp.parse(f)).toEqual(f);
    const byOrder = new Map(followUps.map((f) => [f.orderId, f]));
    expect(byOrder.size).toBe(followUps.length);
    for (const o of dayOrders) {
      const f = byOrder.get(o.id);
      if (o.status === 'completed') expect(f).toMatchObject({ status: 'open', satisfaction: null, doneAt: null });
      else if (dispatchable(o) && (o.status === 'visited' || o.status === 'closed')) {
        expect(f).toMatchObject({ status: 'done', doneBy: o.ownerAgentId });
        expect(f!.satisfaction).toBeGreaterThanOrEqual(1);
        expect(f!.remarks.length).toBeGreaterThan(0);
      } else expect(f).toBeUndefined();
    }
    expect(new Set(followUps.map((f) => f.satisfaction)).size).toBeGreaterThanOrEqual(5);
  });

  it('has the calls: each order’s opening call answered, follow-up calls, and some nobody answered', () => {
    for (const c of calls) expect(Interaction.parse(c)).toEqual(c);
    for (const o of dayOrders) expect(calls.some((c) => c.customerId === o.customerId && c.disposition === 'order_created' && c.notes === o.fault)).toBe(true);
    expect(calls.filter((c) => c.direction === 'outbound' && c.disposition === 'resolved').length).toBe(followUps.filter((f) => f.status === 'done').length);
    const unanswered = calls.filter((c) => c.disposition === 'missed' || c.disposition === 'turned_away');
    expect(unanswered.length).toBeGreaterThan(20);
    for (const c of unanswered) expect(c.talkSeconds).toBe(0);
    for (const c of calls) expect(Date.parse(c.startedAt)).toBeLessThan(reference);
    const ids = [...dayOrders, ...events, ...followUps, ...calls].map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
