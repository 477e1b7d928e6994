import type { Agent, Branch } from '../../shared/domain/branch.js';
import type { Customer, VipTier } from '../../shared/domain/customer.js';
import { CustomerTag } from '../../shared/domain/customerTags.js';
import type { FollowUp } from '../../shared/domain/followUp.js';
import type { Interaction } from '../../shared/domain/interaction.js';
import type { Outlet } from '../../shared/domain/outlet.js';
import { CATEGORY_WARRANTY_MONTHS, type Product } from '../../shared/domain/product.js';
import type { ServiceOrder, ServiceOrderStatus, ServiceOrderType } from '../../shared/domain/serviceOrder.js';
import { normalisePhone } from '../../shared/phone.js';
import { branchCovering } from '../branches/branchCovering.js';
import { CATEGORY_PLANS, GIVEN_NAME_CHARACTERS, MOBILE_PREFIXES, REQUESTS_BY_TYPE, SURNAMES } from './demoCatalogue.js';
import { DEMO_BRANCHES, DEMO_CITIES, HOUSING_ESTATES, STREETS, type DemoCity } from './demoGeography.js';
import { DemoLifecycles, dispatchable, type DemoOrderEvent } from './demoLifecycle.js';
import { decideWarranty } from '../../shared/domain/warranty.js';
import { DEMO_LOGINS } from './demoLogins.js';
import { demoOutlets } from './demoOutlets.js';
import { SeededRandom } from './random.js';
import { shippedRegionIndex } from '../regions/regionTable.js';

export const DEFAULT_DEMO_SEED = 20_261_101;
/**
 * Demo dates are relative to a reference day (its 00:00 UTC, 08:00 in China: the start of the
 * working day), so the same seed and day give the same data. Tests use this fixed one; the seeding
 * commands use today (demoReferenceDate), so a demo day has the last hours' orders open.
 */
export const DEFAULT_REFERENCE_DATE = '2026-11-01';

/** Today in China as YYYY-MM-DD: the reference day of the seeding commands. */
export function demoReferenceDate(now: Date = new Date()): string {
  return new Date(now.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

export interface DemoDataOptions {
  customers: number;
  seed?: number;
  /** YYYY-MM-DD; purchases reach back ~8 years from it, open orders are from its last days. */
  referenceDate?: string;
  /**
   * Average service orders per customer, a whole number ≥ 2 (default 2: 0–5 each). More shifts
   * every customer's count up (the initial-sync benchmark seeds 3: 600k orders for 200k customers).
   */
  ordersPerCustomer?: number;
  /**
   * Nothing happens after this instant (the seeding commands pass now). The reference day starts
   * at 08:00 in China; seeded between midnight and 08:00 China time, the day's "last hours" would
   * otherwise lie in the future and count in today's figures.
   */
  notAfter?: Date;
}

/** One customer with everything they own, every order they placed and its history, and their calls. */
export interface DemoHousehold {
  customer: Customer;
  products: Product[];
  orders: ServiceOrder[];
  /** Every step of every order (created, dispatched, each status change), oldest first per order. */
  orderEvents: DemoOrderEvent[];
  /** One per completed order: open until the call back, then done with a score and a remark. */
  followUps: FollowUp[];
  /** The calls that opened orders, the follow-up calls, and calls nobody answered. */
  interactions: Interaction[];
}

export interface DemoData {
  branches: Branch[];
  agents: Agent[];
  /** A handful of authorised service outlets per branch. */
  outlets: Outlet[];
  /**
   * The customers, generated lazily so 200,000 of them need not sit in memory. Every call starts
   * over and yields the same sequence; the first N households do not depend on the total.
   */
  households(): Generator<DemoHousehold>;
}

const DAY_MS = 86_400_000;
const CHINA_OFFSET_MS = 8 * 3_600_000;
const YEARS_OF_PURCHASES = 8;
/** How far back the reference day's open work reaches. */
const RECENT_MS = 3 * DAY_MS;
const CITY_CHOICES = DEMO_CITIES.map((city) => [city, city.weight] as const);
const CATEGORY_CHOICES = CATEGORY_PLANS.map((plan) => [plan, plan.weight] as const);

/** Deterministic demo data: same options → identical rows, ids and dates included. */
export function generateDemoData({ customers, seed = DEFAULT_DEMO_SEED, referenceDate = DEFAULT_REFERENCE_DATE, ordersPerCustomer = 2, notAfter }: DemoDataOptions): DemoData {
  const dayStart = Date.parse(`${referenceDate}T00:00:00Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(referenceDate) || Number.isNaN(dayStart)) throw new Error(`reference date must be YYYY-MM-DD: ${referenceDate}`);
  const reference = notAfter ? Math.min(dayStart, notAfter.getTime()) : dayStart;
  if (!Number.isInteger(customers) || customers < 0) throw new Error(`customers must be a whole number ≥ 0: ${customers}`);
  if (!Number.isInteger(ordersPerCustomer) || ordersPerCustomer < 2) throw new Error(`orders per customer must be a whole number ≥ 2: ${ordersPerCustomer}`);

  const orgRandom = new SeededRandom(seed, 0);
  const branches: Branch[] = DEMO_BRANCHES.map((plan) => ({ id: orgRandom.uuid(), code: plan.code, name: plan.name, regions: [...plan.regions] }));
  const agents: Agent[] = DEMO_LOGINS.map((demo) => ({
    id: orgRandom.uuid(),
    login: demo.login,
    displayName: demo.displayName,
    branchId: branchByCode(branches, demo.branchCode).id,
    role: demo.role,
  }));

  // Their own random stream: adding outlets changed none of the other demo rows.
  const outlets = demoOutlets(branches, new SeededRandom(seed, 2));
  return {
    branches,
    agents,
    outlets,
    *households() {
      const household = new HouseholdGenerator(new SeededRandom(seed, 1), new SeededRandom(seed, 3), branches, agents, outlets, reference, ordersPerCustomer - 2);
      for (let i = 0; i < customers; i++) yield household.next();
    },
  };
}

function branchByCode(branches: readonly Branch[], code: string): Branch {
  const branch = branches.find((b) => b.code === code);
  if (!branch) throw new Error(`no demo branch ${code}`);
  return branch;
}

/** Makes households one after another; holds the counters that keep serial and order numbers unique. */
class HouseholdGenerator {
  private serialCounter = 0;
  private readonly orderCounters = new Map<string, number>();
  /** Orders are owned by the agents (not supervisors) of the customer's branch. */
  private readonly ownersByBranch: Map<string, Agent[]>;
  /** Rising UUIDv7 timestamps: rows get ids in the order they are made. */
  private idClock: number;
  private readonly lifecycles: DemoLifecycles;

  constructor(
    private readonly random: SeededRandom,
    lifecycleRandom: SeededRandom,
    private readonly branches: readonly Branch[],
    agents: readonly Agent[],
    outlets: readonly Outlet[],
    private readonly reference: number,
    private readonly extraOrders: number,
  ) {
    this.idClock = reference - YEARS_OF_PURCHASES * 365 * DAY_MS;
    this.ownersByBranch = new Map(branches.map((b) => [b.id, agents.filter((a) => a.branchId === b.id && a.role === 'agent')]));
    this.lifecycles = new DemoLifecycles(lifecycleRandom, outlets, agents, reference, () => this.nextId());
  }

  private nextId(): string {
    this.idClock += 1;
    return this.random.uuidV7(this.idClock);
  }

  next(): DemoHousehold {
    const r = this.random;
    const city = r.weighted(CITY_CHOICES);
    const branch = branchCovering(this.branches, city.province);
    if (!branch) throw new Error(`no demo branch serves ${city.province}`);

    const customerId = this.nextId();
    const purchases = Array.from({ length: r.weighted([[1, 60], [2, 30], [3, 10]] as const) }, () =>
      this.dayWithin(YEARS_OF_PURCHASES * 365, 7),
    ).sort((a, b) => a - b);
    const createdAt = (purchases[0] ?? this.reference) + r.int(0, 12 * 3_600_000);
    const products = purchases.map((day) => this.product(customerId, branch, day));

    const orderCount = r.weighted([[0, 15], [1, 25], [2, 25], [3, 20], [4, 10], [5, 5]] as const) + this.extraOrders;
    const orders = Array.from({ length: orderCount }, () => this.order(customerId, branch, products, createdAt)).sort((a, b) =>
      a.createdAt.localeCompare(b.createdAt),
    );
    const lastActivity = Math.max(createdAt, ...orders.map((o) => Date.parse(o.createdAt)));

    // Drawn in this order (the address last): the same seed gives the same people.
    const name = this.personName();
    const phone = canonical(`${r.pick(MOBILE_PREFIXES)}${r.digits(8)}`);
    const altPhone = r.chance(0.3) ? canonical(this.landline(city)) : null;
    const vipTier = r.weighted<VipTier>([['none', 85], ['silver', 9], ['gold', 4], ['platinum', 2]]);
    const address = this.address(city);
    const customer: Customer = {
      id: customerId,
      version: 0,
      deleted: false,
      branchId: branch.id,
      name,
      phone,
      altPhone,
      vipTier,
      ...demoRegion(city, address),
      address,
      samePhoneReason: null,
      tags: demoTags(name, vipTier),
      createdAt: new Date(createdAt).toISOString(),
      updatedAt: new Date(r.chance(0.3) ? lastActivity : createdAt).toISOString(),
    };
    const histories = orders.map((o) => this.lifecycles.history(o, customer, products.find((p) => p.id === o.productId)));
    return {
      customer,
      products,
      orders: histories.map((h) => h.order),
      orderEvents: histories.flatMap((h) => h.events),
      followUps: histories.flatMap((h) => (h.followUp ? [h.followUp] : [])),
      interactions: [...histories.flatMap((h) => h.interactions), ...this.lifecycles.missedCalls(customer, createdAt)].sort((a, b) =>
        a.startedAt.localeCompare(b.startedAt),
      ),
    };
  }

  /** Midnight UTC of a random day between `maxDaysAgo` and `minDaysAgo` before the reference date. */
  private dayWithin(maxDaysAgo: number, minDaysAgo: number): number {
    return this.reference - this.random.int(minDaysAgo, maxDaysAgo) * DAY_MS;
  }

  private personName(): string {
    const r = this.random;
    // Squaring favours the head of the list, as real surname frequencies do.
    const surname = SURNAMES[Math.floor(r.next() ** 2 * SURNAMES.length)] ?? '王';
    const given = r.chance(0.7) ? r.pick(GIVEN_NAME_CHARACTERS) + r.pick(GIVEN_NAME_CHARACTERS) : r.pick(GIVEN_NAME_CHARACTERS);
    return surname + given;
  }

  /** A landline as written locally: area code, dash, 7 or 8 digits starting 2–7 (0, 1, 8, 9 lead to special numbers). */
  private landline(city: DemoCity): string {
    return `${city.areaCode}-${this.random.int(2, 7)}${this.random.digits(city.localDigits - 1)}`;
  }

  private address(city: DemoCity): string {
    const r = this.random;
    return (
      `${r.pick(city.districts)}${r.pick(STREETS)}${r.int(1, 399)}号` +
      `${r.pick(HOUSING_ESTATES)}${r.int(1, 30)}栋${r.int(1, 6)}单元${r.int(1, 33)}${String(r.int(1, 6)).padStart(2, '0')}室`
    );
  }

  private product(customerId: string, branch: Branch, purchaseDay: number): Product {
    const r = this.random;
    const plan = r.weighted(CATEGORY_CHOICES);
    // Made up to three months before it was sold: the serial carries the factory's year and month.
    const made = new Date(purchaseDay - r.int(0, 90) * DAY_MS).toISOString();
    const yymm = made.slice(2, 4) + made.slice(5, 7);
    this.serialCounter += 1;
    return {
      id: this.nextId(),
      version: 0,
      deleted: false,
      customerId,
      branchId: branch.id,
      serialNumber: `${plan.serialPrefix}${yymm}${r.pick(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'K'])}${String(this.serialCounter).padStart(7, '0')}`,
      model: r.pick(plan.models),
      category: plan.category,
      purchaseDate: new Date(purchaseDay).toISOString().slice(0, 10),
      warrantyMonths: CATEGORY_WARRANTY_MONTHS[plan.category],
    };
  }

  private order(customerId: string, branch: Branch, products: readonly Product[], customerSince: number): ServiceOrder {
    const r = this.random;
    const type = r.weighted<ServiceOrderType>([
      ['repair', 50], ['installation', 15], ['maintenance', 12], ['inquiry', 10], ['complaint', 8], ['suggestion', 5],
    ]);
    const aboutProduct = products.length > 0 && (type === 'repair' || type === 'installation' || type === 'maintenance' || r.chance(0.5));
    const product = aboutProduct ? r.pick(products) : undefined;
    const since = Math.max(product ? Date.parse(product.purchaseDate) : 0, customerSince);
    // One order in eight from the last three days, so the reference day has its open work.
    const recent = r.chance(0.125) && since < this.reference - RECENT_MS;
    const created =
      type === 'installation'
        ? Math.min(since + r.int(1, 7 * 24) * 3_600_000, this.reference - 3_600_000)
        : recent
          ? r.int(this.reference - RECENT_MS, this.reference - 10 * 60_000)
          : r.int(since, this.reference - 3_600_000);
    const status = this.statusForAge(type, dispatchable({ type, productId: product?.id ?? null }), (this.reference - created) / 3_600_000);
    const plan = product && CATEGORY_PLANS.find((p) => p.category === product.category);
    const warranty = decideWarranty(product, product?.id ?? null, new Date(created));

    return {
      id: this.nextId(),
      version: 0,
      deleted: false,
      orderNumber: this.orderNumber(branch.code, created),
      customerId,
      productId: product?.id ?? null,
      branchId: branch.id,
      type,
      status,
      fault: type === 'repair' ? r.pick(plan?.faults ?? ['故障待确认']) : r.pick(REQUESTS_BY_TYPE[type]),
      ownerAgentId: r.pick(this.ownersByBranch.get(branch.id) ?? []).id,
      createdAt: new Date(created).toISOString(),
      // Set with the rest of the order's history (demoLifecycle.ts).
      updatedAt: new Date(created).toISOString(),
      outletId: null, appointmentStart: null, appointmentEnd: null, dispatchedAt: null,
      warranty,
      // Out of warranty the customer agreed to an estimate when calling (orderLifecycle.ts).
      feeConsent: warranty?.status === 'out_of_warranty' ? { estimate: 200, consentedAt: new Date(created).toISOString() } : null,
      duplicateReason: null, duplicateReview: null, completion: null, cancelReason: null, handoverNote: null,
    };
  }

  /**
   * The status an order has reached at its age, so that the service-level timers see what a real
   * day shows: the last hours' orders waiting for dispatch or the technician, the last days' in
   * service or completed, older ones followed up and closed, a few late at every stage.
   */
  private statusForAge(type: ServiceOrderType, toOutlet: boolean, ageHours: number): ServiceOrderStatus {
    const r = this.random;
    if (!toOutlet) {
      if (ageHours < 24) return r.weighted<ServiceOrderStatus>([['new', 60], ['closed', 35], ['cancelled', 5]]);
      return type === 'complaint' ? r.weighted<ServiceOrderStatus>([['closed', 90], ['cancelled', 10]]) : 'closed';
    }
    if (ageHours < 3) return r.weighted<ServiceOrderStatus>([['new', 60], ['dispatched', 35], ['cancelled', 5]]);
    if (ageHours < 24) {
      return r.weighted<ServiceOrderStatus>([['new', 5], ['dispatched', 10], ['accepted', 25], ['in_service', 40], ['completed', 15], ['cancelled', 5]]);
    }
    if (ageHours < 72) {
      return r.weighted<ServiceOrderStatus>([['in_service', 25], ['parts_pending', 15], ['completed', 40], ['visited', 15], ['cancelled', 5]]);
    }
    if (ageHours < 30 * 24) {
      return r.weighted<ServiceOrderStatus>([['parts_pending', 2], ['completed', 6], ['visited', 20], ['closed', 64], ['cancelled', 8]]);
    }
    return r.weighted<ServiceOrderStatus>([['closed', 80], ['visited', 5], ['cancelled', 15]]);
  }

  /** BJ01-07-20260312-0042: branch, seat, the day in China, that seat's sequence that day. */
  private orderNumber(branchCode: string, created: number): string {
    const seat = String(this.random.int(1, 12)).padStart(2, '0');
    const day = new Date(created + CHINA_OFFSET_MS).toISOString().slice(0, 10).replaceAll('-', '');
    const key = `${branchCode}-${seat}-${day}`;
    const sequence = (this.orderCounters.get(key) ?? 0) + 1;
    this.orderCounters.set(key, sequence);
    return `${key}-${String(sequence).padStart(4, '0')}`;
  }
}

/** Every generated number must normalise: a demo number the screen pop could not find is a bug. */
function canonical(number: string): string {
  const e164 = normalisePhone(number);
  if (!e164) throw new Error(`demo data made a phone number that does not normalise: ${number}`);
  return e164;
}

/** A demo customer's region by code (the city's, and the district the address starts with), named from the table. */
function demoRegion(city: DemoCity, address: string): Pick<Customer, 'province' | 'city' | 'provinceCode' | 'cityCode' | 'districtCode'> {
  const regions = shippedRegionIndex();
  const provinceCode = `${city.cityCode.slice(0, 2)}0000`;
  const district = regions.children(city.cityCode).find((d) => address.startsWith(d.name));
  const names = regions.names({ provinceCode, cityCode: city.cityCode, districtCode: null });
  return { province: names.province ?? city.province, city: names.city ?? city.city, provinceCode, cityCode: city.cityCode, districtCode: district?.code ?? null };
}

/**
 * A few demo customers carry tags (about one in eight), decided from the name and tier rather than
 * drawn from the seeded random sequence: adding tags changed none of the people the seed made.
 */
function demoTags(name: string, tier: VipTier): CustomerTag[] {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.codePointAt(0)!) >>> 0;
  if (h % 8 !== 0) return [];
  const first = CustomerTag.options[(h >>> 3) % CustomerTag.options.length]!;
  const second = tier !== 'none' && (h >>> 7) % 2 === 0 ? CustomerTag.options[(h >>> 8) % CustomerTag.options.length]! : first;
  return CustomerTag.options.filter((tag) => tag === first || tag === second);
}
