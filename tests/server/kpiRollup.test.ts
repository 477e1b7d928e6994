import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SyncEntity } from '../../shared/api/rest.js';
import { Complaint } from '../../shared/domain/complaint.js';
import { Customer } from '../../shared/domain/customer.js';
import { FollowUp } from '../../shared/domain/followUp.js';
import { Interaction } from '../../shared/domain/interaction.js';
import { hotlineToday, type KpiDimension, type KpiPeriod } from '../../shared/domain/kpis.js';
import { OrderEvent } from '../../shared/domain/orderEvent.js';
import { PartsRequest } from '../../shared/domain/partsRequest.js';
import { Product } from '../../shared/domain/product.js';
import { ServiceOrder } from '../../shared/domain/serviceOrder.js';
import type { SyncedRowWrite } from '../../server/db/syncedRecords.js';
import { writeSyncedRows } from '../../server/db/writeSyncedRows.js';
import { figuresPage } from '../../server/kpis/kpiFigures.js';
import { KPI_ROLLUP_LOCK, LIVE_DAYS, RECENT_REROLL_MS, rollUpFigures } from '../../server/kpis/kpiRollup.js';
import type { FiguresScope } from '../../server/scope/agentScope.js';
import { testEngines } from './support/testDatabase.js';
import { branchIdOf, useTestBackend } from './support/testBackend.js';

/**
 * The figures from the day cells (server/kpis/kpiRollup.ts) against the same figures computed from
 * the rows, for a generated data set of 60 days and two branches, on both engines: after the first
 * rollup, after late changes (a follow-up scored weeks later, an order closed late, a complaint
 * added about an old order, a call back within an old order's first-contact window, a customer
 * moving province) and the job's next run, and after an open stage's deadline passes without any
 * row changing. Every period, grouping and scope; pages of a few groups too.
 */
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const NOW = new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS);
const DAYS = 60;

function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const uuid = (kind: number, n: number) => `00000000-0000-4000-${String(8000 + kind)}-${String(n).padStart(12, '0')}`;
const iso = (ms: number) => new Date(ms).toISOString();
const strip = <T extends { version: number }>(r: T) => {
  const { version: _v, ...rest } = r;
  return rest;
};
const base = { version: 0, deleted: false };

interface World {
  branches: string[];
  agents: Map<string, string[]>;
  outlets: Map<string, string[]>;
}

interface Generated {
  customers: Array<ReturnType<typeof customerRow>>;
  orders: Array<ReturnType<typeof orderRow>>;
  followUps: Array<ReturnType<typeof followUpRow>>;
}

const customerRow = (cid: string, branchId: string, province: string, n: number) =>
  strip(Customer.parse({ ...base, id: cid, branchId, name: '客户', phone: `+86138${String(n).padStart(8, '0')}`, altPhone: null, vipTier: 'none', province, city: province, provinceCode: null, cityCode: null, districtCode: null, samePhoneReason: null, address: '某路1号', createdAt: iso(NOW.getTime() - 90 * DAY_MS), updatedAt: iso(NOW.getTime() - 90 * DAY_MS) }));

const orderRow = (o: { id: string; n: number; customerId: string; productId: string | null; branchId: string; owner: string; status: string; createdAt: string; dispatchedAt: string | null; outletId: string | null }) =>
  strip(ServiceOrder.parse({ ...base, id: o.id, orderNumber: `BJ01-01-20261101-${String(o.n).padStart(4, '0')}`, customerId: o.customerId, productId: o.productId, branchId: o.branchId, type: 'repair', status: o.status, fault: '', ownerAgentId: o.owner, createdAt: o.createdAt, updatedAt: o.createdAt, outletId: o.outletId, dispatchedAt: o.dispatchedAt }));

const followUpRow = (f: { id: string; orderId: string; customerId: string; branchId: string; doneAt: string | null; satisfaction: number | null; doneBy: string | null; createdAt: string }) =>
  strip(FollowUp.parse({ ...base, id: f.id, orderId: f.orderId, customerId: f.customerId, branchId: f.branchId, dueAt: f.createdAt, status: f.doneAt ? 'done' : 'open', satisfaction: f.satisfaction, remarks: '', doneAt: f.doneAt, doneBy: f.doneBy, createdAt: f.createdAt }));

const complaintRow = (k: { id: string; branchId: string; customerId: string; orderId: string | null; outletId: string | null; takenBy: string; receivedAt: string }) =>
  strip(
    Complaint.parse({
      ...base, id: k.id, branchId: k.branchId, customerId: k.customerId, orderId: k.orderId, outletId: k.outletId, technicianName: null, category: 'lateness', severity: 'normal', channel: 'phone',
      customerWords: '师傅迟到', customerWants: '', status: 'received', takenBy: k.takenBy, receivedAt: k.receivedAt, promisedBy: null, acknowledgeDueAt: k.receivedAt, resolveDueAt: k.receivedAt,
      acknowledgedAt: null, resolvedAt: null, confirmedAt: null, reopenCount: 0, escalation: 'none', escalatedAt: null, resolution: '', compensationKind: 'none', compensationYuan: null, createdAt: k.receivedAt, updatedAt: k.receivedAt,
    }),
  );

const PROVINCES = ['北京市', '河北省', '广东省', '天津市'];
const CATEGORIES = ['tv', 'refrigerator', 'air_conditioner'];
const STEPS = ['dispatched', 'accepted', 'in_service', 'completed'] as const;

async function generate(db: Parameters<typeof writeSyncedRows>[0], world: World): Promise<Generated> {
  const draw = random(12);
  const pick = <T,>(items: readonly T[]) => items[Math.floor(draw() * items.length)]!;
  const write = async <E extends SyncEntity>(entity: E, rows: unknown[]) => {
    for (let i = 0; i < rows.length; i += 200) await writeSyncedRows(db, entity, rows.slice(i, i + 200) as SyncedRowWrite<E>[]);
  };
  const customers: Generated['customers'] = [];
  const products: unknown[] = [];
  for (let n = 0; n < 60; n++) {
    const branchId = world.branches[n % 2]!;
    customers.push(customerRow(uuid(1, n), branchId, pick(PROVINCES), n));
    products.push(strip(Product.parse({ ...base, id: uuid(2, n), customerId: uuid(1, n), branchId, serialNumber: `SN${String(n).padStart(8, '0')}`, model: 'M1', category: pick(CATEGORIES), purchaseDate: '2026-01-01', warrantyMonths: 36 })));
  }
  await write('customer', customers);
  await write('product', products);
  const start = NOW.getTime() - DAYS * DAY_MS;
  const orders: Generated['orders'] = [];
  const events: unknown[] = [];
  const followUps: Generated['followUps'] = [];
  const parts: unknown[] = [];
  for (let n = 0; n < 320; n++) {
    const c = Math.floor(draw() * customers.length);
    const customer = customers[c]!;
    const createdMs = start + Math.floor(draw() * DAYS * DAY_MS);
    const steps = draw() < 0.1 ? -1 : Math.floor(draw() * 5);
    const late = () => (draw() < 0.25 ? 30 + draw() * 80 : draw() * 6) * HOUR_MS;
    let at = createdMs;
    const stepTimes: number[] = [];
    for (let s = 0; s < Math.max(0, steps); s++) stepTimes.push((at += late()));
    const visible = stepTimes.filter((t) => t < NOW.getTime());
    const status = steps === -1 ? 'cancelled' : visible.length === 0 ? 'new' : STEPS[visible.length - 1]!;
    const id = uuid(3, n);
    const owner = pick(world.agents.get(customer.branchId)!);
    const outletId = visible.length > 0 ? pick(world.outlets.get(customer.branchId)!) : null;
    orders.push(orderRow({ id, n, customerId: customer.id, productId: draw() < 0.85 ? uuid(2, c) : null, branchId: customer.branchId, owner, status, createdAt: iso(createdMs), dispatchedAt: visible[0] ? iso(visible[0]) : null, outletId }));
    visible.slice(1).forEach((t, i) =>
      events.push(strip(OrderEvent.parse({ ...base, id: uuid(4, n * 10 + i), orderId: id, branchId: customer.branchId, seq: i + 1, kind: 'status_changed', fromStatus: STEPS[i], toStatus: STEPS[i + 1], fromOwnerAgentId: null, toOwnerAgentId: null, outletId: null, appointmentStart: null, appointmentEnd: null, agentId: null, seatId: null, at: iso(t) }))),
    );
    const done = visible.at(-1);
    if (status === 'completed' && done !== undefined) {
      const doneAt = done + draw() * 4 * DAY_MS;
      const scored = doneAt < NOW.getTime() && draw() < 0.7;
      followUps.push(followUpRow({ id: uuid(5, n), orderId: id, customerId: customer.id, branchId: customer.branchId, doneAt: scored ? iso(doneAt) : null, satisfaction: scored ? 1 + Math.floor(draw() * 5) : null, doneBy: scored ? owner : null, createdAt: iso(done) }));
    }
    if (draw() < 0.12 && done !== undefined) {
      const received = draw() < 0.7 && done + 3 * DAY_MS < NOW.getTime();
      parts.push(strip(PartsRequest.parse({ ...base, id: uuid(6, n), branchId: customer.branchId, orderId: id, partNumber: 'PART-1', quantity: 1, status: received ? 'received' : 'requested', note: '', requestedBy: owner, createdAt: iso(done), updatedAt: iso(received ? done + draw() * 3 * DAY_MS : done) })));
    }
  }
  await write('serviceOrder', orders);
  await write('orderEvent', events);
  await write('followUp', followUps);
  await write('partsRequest', parts);
  const calls: unknown[] = [];
  const dispositions = ['resolved', 'order_created', 'follow_up_needed', 'missed', 'turned_away', 'no_answer'];
  for (let n = 0; n < 500; n++) {
    const customer = draw() < 0.9 ? pick(customers) : null;
    const branchId = customer?.branchId ?? pick(world.branches);
    calls.push(
      strip(Interaction.parse({
        ...base, id: uuid(7, n), branchId, agentId: pick(world.agents.get(branchId)!), customerId: customer?.id ?? null, direction: draw() < 0.85 ? 'inbound' : 'outbound', remoteNumber: null,
        startedAt: iso(start + Math.floor(draw() * DAYS * DAY_MS)), ringSeconds: 5, talkSeconds: Math.floor(draw() * 400), wrapUpSeconds: Math.floor(draw() * 60), disposition: pick(dispositions), notes: '',
      })),
    );
  }
  await write('interaction', calls);
  const complaints: unknown[] = [];
  for (let n = 0; n < 20; n++) {
    const order = pick(orders);
    complaints.push(complaintRow({ id: uuid(8, n), branchId: order.branchId, customerId: order.customerId, orderId: draw() < 0.8 ? order.id : null, outletId: order.outletId, takenBy: order.ownerAgentId, receivedAt: iso(Date.parse(order.createdAt) + draw() * 5 * DAY_MS) }));
  }
  await write('complaint', complaints);
  return { customers, orders, followUps };
}

describe.each(testEngines())('figures from the day cells on %s', (engine) => {
  const { backend } = useTestBackend({ customers: 0, engine }, {});
  let world: World;
  let data: Generated;
  beforeAll(async () => {
    const branches = [branchIdOf(backend, 'BJ01'), branchIdOf(backend, 'GZ01')];
    world = {
      branches,
      agents: new Map(branches.map((b) => [b, backend.demo.agents.filter((a) => a.branchId === b).map((a) => a.id)])),
      outlets: new Map(branches.map((b) => [b, backend.demo.outlets.filter((o) => o.branchId === b).map((o) => o.id)])),
    };
    data = await generate(backend.database.db, world);
  }, 120_000);

  const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
  const scopes = (): Array<[string, FiguresScope]> => [
    ['headquarters', { branchIds: null }],
    ['BJ01', { branchIds: [world.branches[0]!] }],
  ];

  /** Every period × grouping × scope over the whole data set, from the cells and from the rows; the pages must be equal. */
  async function expectCellsEqualRows(now: Date): Promise<void> {
    const db = backend.database.db;
    const to = hotlineToday(now);
    const from = addDays(to, -DAYS - 2);
    for (const period of ['day', 'week', 'month'] as KpiPeriod[]) {
      for (const by of ['branch', 'agent', 'outlet', 'category', 'region'] as KpiDimension[]) {
        for (const [name, scope] of scopes()) {
          const request = { period, by, from, to, limit: 200 };
          const rolled = await figuresPage(db, scope, request, now);
          const live = await figuresPage(db, scope, request, now, { dayCells: false });
          expect(rolled.items, `${period} by ${by}, ${name}`).toEqual(live.items);
          expect(rolled.items.length).toBeGreaterThan(0);
        }
      }
    }
    // Pages of a few groups: the same groups in the same order.
    const pages = async (dayCells: boolean) => {
      const keys: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await figuresPage(db, { branchIds: null }, { period: 'week', by: 'agent', from, to, limit: 7, ...(cursor ? { cursor } : {}) }, now, { dayCells });
        keys.push(...page.items.map((r) => `${r.period} ${r.key} ${r.firstContact.orders} ${r.calls?.answered}`));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return keys;
    };
    expect(await pages(true)).toEqual(await pages(false));
  }

  const heldDays = async () => Number((await sql<{ n: number }>`select count(*) as n from kpi_rolled_days`.execute(backend.database.db)).rows[0]!.n);

  it('rolls every day before the live window; the figures are those of the rows', async () => {
    const run = await rollUpFigures(backend.database.db, NOW, { budgetMs: 120_000 });
    expect(run).toMatchObject({ backlog: 0 });
    // From the first day with rows to the last day before the live window (today and the 7 days before).
    expect(run!.daysRolled).toBeGreaterThanOrEqual(DAYS - LIVE_DAYS);
    expect(await heldDays()).toBe(run!.daysRolled);
    const cells = Number((await sql<{ n: number }>`select count(*) as n from kpi_day_cells`.execute(backend.database.db)).rows[0]!.n);
    expect(cells).toBeGreaterThan(100);
    await expectCellsEqualRows(NOW);
    // Nothing changed: the next run reads no change and rolls nothing.
    expect(await rollUpFigures(backend.database.db, NOW)).toEqual({ changesRead: 0, daysDropped: 0, daysRolled: 0, backlog: 0 });
  }, 120_000);

  it('late changes drop the days they move and the next run rolls them again', async () => {
    const db = backend.database.db;
    const old = data.orders.filter((o) => Date.parse(o.createdAt) < NOW.getTime() - 30 * DAY_MS);
    // An order closed late: 3 weeks after it was made, completed today.
    const open = old.find((o) => o.status === 'in_service' && o.productId !== null)!;
    expect(open).toBeDefined();
    await writeSyncedRows(db, 'serviceOrder', [{ ...open, status: 'completed', updatedAt: iso(NOW.getTime() - HOUR_MS) }]);
    await writeSyncedRows(db, 'orderEvent', [
      strip(OrderEvent.parse({ ...base, id: uuid(9, 1), orderId: open.id, branchId: open.branchId, seq: 9, kind: 'status_changed', fromStatus: 'in_service', toStatus: 'completed', fromOwnerAgentId: null, toOwnerAgentId: null, outletId: null, appointmentStart: null, appointmentEnd: null, agentId: null, seatId: null, at: iso(NOW.getTime() - HOUR_MS) })),
    ]);
    // A follow-up scored weeks after its order, recorded (synced from a seat) with the day it was done, 20 days ago.
    const unscored = data.followUps.find((f) => f.doneAt === null)!;
    expect(unscored).toBeDefined();
    await writeSyncedRows(db, 'followUp', [{ ...unscored, status: 'done', satisfaction: 1, doneAt: iso(NOW.getTime() - 20 * DAY_MS), doneBy: world.agents.get(unscored.branchId)![0]! }]);
    // A complaint about an old order, received 25 days ago.
    const complained = old[3]!;
    await writeSyncedRows(db, 'complaint', [complaintRow({ id: uuid(9, 2), branchId: complained.branchId, customerId: complained.customerId, orderId: complained.id, outletId: complained.outletId, takenBy: complained.ownerAgentId, receivedAt: iso(NOW.getTime() - 25 * DAY_MS) })]);
    // A call back two days after an old order (synced late): the order is no longer resolved at first contact.
    const calledBack = old.find((o) => o.productId !== null)!;
    await writeSyncedRows(db, 'interaction', [
      strip(Interaction.parse({ ...base, id: uuid(9, 3), branchId: calledBack.branchId, agentId: calledBack.ownerAgentId, customerId: calledBack.customerId, direction: 'inbound', remoteNumber: null, startedAt: iso(Date.parse(calledBack.createdAt) + 2 * DAY_MS), ringSeconds: 5, talkSeconds: 99, wrapUpSeconds: 9, disposition: 'resolved', notes: '' })),
    ]);
    // A call back the day after an order of 3 to 5 days ago: within the last week, its first-contact figure moves too.
    const recent = data.orders.find((o) => o.productId !== null && Date.parse(o.createdAt) > NOW.getTime() - 5 * DAY_MS && Date.parse(o.createdAt) < NOW.getTime() - 3 * DAY_MS)!;
    expect(recent).toBeDefined();
    await writeSyncedRows(db, 'interaction', [
      strip(Interaction.parse({ ...base, id: uuid(9, 4), branchId: recent.branchId, agentId: recent.ownerAgentId, customerId: recent.customerId, direction: 'inbound', remoteNumber: null, startedAt: iso(Date.parse(recent.createdAt) + DAY_MS), ringSeconds: 5, talkSeconds: 42, wrapUpSeconds: 4, disposition: 'resolved', notes: '' })),
    ]);
    // A customer moves province: every figure of theirs by region moves.
    const moving = data.customers.find((c) => data.orders.some((o) => o.customerId === c.id && Date.parse(o.createdAt) < NOW.getTime() - 20 * DAY_MS))!;
    await writeSyncedRows(db, 'customer', [{ ...moving, province: '上海市', city: '上海市', updatedAt: iso(NOW.getTime()) }]);

    // Until the job reads the changes, the cells say what they said (a figure is as fresh as the job's last run).
    // Later than RECENT_REROLL_MS: the days of the last week the changes dropped are rolled again too.
    const later = new Date(NOW.getTime() + RECENT_REROLL_MS);
    const run = await rollUpFigures(db, later, { budgetMs: 120_000 });
    expect(run!.changesRead).toBeGreaterThanOrEqual(7);
    expect(run!.daysDropped).toBeGreaterThan(0);
    // The dropped days, and days before the first one with rows that a change's 7-day look-back reached.
    expect(run!.daysRolled).toBeGreaterThanOrEqual(run!.daysDropped);
    expect(run!.backlog).toBe(0);
    await expectCellsEqualRows(later);
  }, 120_000);

  it("an open stage's deadline passing on an old day: its cells stop holding, then are rolled again", async () => {
    const db = backend.database.db;
    // An old order dispatched only now: its acceptance is due in ACCEPT_WITHIN_HOURS, no row will change when it turns missed.
    const old = data.orders.find((o) => o.status === 'new' && Date.parse(o.createdAt) < NOW.getTime() - 20 * DAY_MS)!;
    expect(old).toBeDefined();
    const dispatchedMs = NOW.getTime() + 2 * RECENT_REROLL_MS;
    await writeSyncedRows(db, 'serviceOrder', [{ ...old, status: 'dispatched', dispatchedAt: iso(dispatchedMs), outletId: world.outlets.get(old.branchId)![0]!, updatedAt: iso(dispatchedMs) }]);
    const rolledAt = new Date(dispatchedMs + 60_000);
    await rollUpFigures(db, rolledAt, { budgetMs: 120_000 });
    const day = hotlineToday(new Date(old.createdAt));
    const { validUntil } = await db.selectFrom('kpiRolledDays').select('validUntil').where('day', '=', day).executeTakeFirstOrThrow();
    expect(validUntil).not.toBeNull();
    expect(Date.parse(validUntil!)).toBeGreaterThan(rolledAt.getTime());
    // Two days on, the stage is overdue: the figures (from the rows for that day) count it missed, as the rows say.
    const twoDaysOn = new Date(rolledAt.getTime() + 2 * DAY_MS);
    await expectCellsEqualRows(twoDaysOn);
    const run = await rollUpFigures(db, twoDaysOn, { budgetMs: 120_000 });
    expect(run!.daysRolled).toBeGreaterThanOrEqual(1);
    expect((await db.selectFrom('kpiRolledDays').select('validUntil').where('day', '=', day).executeTakeFirstOrThrow()).validUntil).toBeNull();
    await expectCellsEqualRows(twoDaysOn);
  }, 120_000);

  if (engine === 'postgres') it('one process rolls at a time: while another holds the lock a run does nothing', async () => {
    const db = backend.database.db;
    await db.connection().execute(async (other) => {
      await sql`select pg_advisory_lock(hashtextextended(${KPI_ROLLUP_LOCK}, 0))`.execute(other);
      try {
        expect(await rollUpFigures(db, NOW)).toBeNull();
      } finally {
        await sql`select pg_advisory_unlock(hashtextextended(${KPI_ROLLUP_LOCK}, 0))`.execute(other);
      }
    });
    expect(await rollUpFigures(db, NOW)).not.toBeNull();
  });
});
