import { beforeAll, describe, expect, it } from 'vitest';
import type { SyncEntity } from '../../shared/api/rest.js';
import { Complaint } from '../../shared/domain/complaint.js';
import { Customer } from '../../shared/domain/customer.js';
import { FollowUp } from '../../shared/domain/followUp.js';
import { Interaction } from '../../shared/domain/interaction.js';
import { KpiOrderPage, KpiPage, type KpiRow } from '../../shared/domain/kpis.js';
import { OrderEvent } from '../../shared/domain/orderEvent.js';
import { PartsRequest } from '../../shared/domain/partsRequest.js';
import { Product } from '../../shared/domain/product.js';
import { ServiceOrder } from '../../shared/domain/serviceOrder.js';
import { writeSyncedRows } from '../../server/db/writeSyncedRows.js';
import { hotlineWeekStart, withWorkload } from '../../main/services/teamPresence.js';
import type { SyncedRowWrite } from '../../server/db/syncedRecords.js';
import { testEngines } from './support/testDatabase.js';
import { agentIdOf, branchIdOf, useTestBackend, type TestBackend } from './support/testBackend.js';

/**
 * The figures (shared/domain/kpis.ts) against a fixture worked out by hand: a demo backend with no
 * customers of its own, and the rows below written straight into its tables. Times are UTC; the
 * hotline's days are UTC+8 (O3 made at 16:30Z on 3 November is a 4 November order). Every figure
 * the fixture reaches is asserted exactly; the comments give the sums.
 */
const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const C1 = id(1);
const C2 = id(2);
const C3 = id(3);
const P1 = id(11);
const P2 = id(12);
const P3 = id(13);
const O1 = id(21);
const O2 = id(22);
const O3 = id(23);
const O4 = id(24);
const O5 = id(25);
const O6 = id(26);
const FIXTURE_TIME = '2026-10-01T00:00:00.000Z';

interface People {
  bj: string;
  gz: string;
  a1: string;
  a2: string;
  g1: string;
  outletBj: string;
  outletGz: string;
}

async function writeFixture(backend: TestBackend, p: People): Promise<void> {
  const db = backend.database.db;
  const write = async <E extends SyncEntity>(entity: E, rows: unknown[]) => {
    await writeSyncedRows(db, entity, rows as SyncedRowWrite<E>[]);
  };
  const row = { version: 0, deleted: false };
  const strip = <T extends { version: number }>(r: T) => {
    const { version: _v, ...rest } = r;
    return rest;
  };
  const customer = (cid: string, branchId: string, province: string, phone: string) =>
    strip(Customer.parse({ ...row, id: cid, branchId, name: '客户', phone, altPhone: null, vipTier: 'none', province, city: province, provinceCode: null, cityCode: null, districtCode: null, samePhoneReason: null, address: '某路1号', createdAt: FIXTURE_TIME, updatedAt: FIXTURE_TIME }));
  await write('customer', [customer(C1, p.bj, '北京市', '+8613800000001'), customer(C2, p.bj, '河北省', '+8613800000002'), customer(C3, p.gz, '广东省', '+8613800000003')]);
  const product = (pid: string, customerId: string, branchId: string, category: string, serial: string) =>
    strip(Product.parse({ ...row, id: pid, customerId, branchId, serialNumber: serial, model: 'M1', category, purchaseDate: '2026-01-01', warrantyMonths: 36 }));
  await write('product', [product(P1, C1, p.bj, 'tv', 'SNTV000001'), product(P2, C2, p.bj, 'refrigerator', 'SNRF000002'), product(P3, C3, p.gz, 'tv', 'SNTV000003')]);

  const order = (oid: string, n: number, o: { customerId: string; productId: string | null; branchId: string; owner: string; status: string; createdAt: string; dispatchedAt?: string; outletId?: string; type?: string }) =>
    strip(
      ServiceOrder.parse({
        ...row,
        id: oid,
        orderNumber: `${o.branchId === p.bj ? 'BJ01' : 'GZ01'}-01-20261101-${String(n).padStart(4, '0')}`,
        customerId: o.customerId,
        productId: o.productId,
        branchId: o.branchId,
        type: o.type ?? 'repair',
        status: o.status,
        fault: '',
        ownerAgentId: o.owner,
        createdAt: o.createdAt,
        updatedAt: o.createdAt,
        outletId: o.outletId ?? null,
        dispatchedAt: o.dispatchedAt ?? null,
      }),
    );
  await write('serviceOrder', [
    // O1: every stage in time (dispatch 1 h, accept 1.5 h, on site 23 h, complete 28 h); O2 is a second order for P1 three days later: O1 is not resolved at first contact.
    order(O1, 1, { customerId: C1, productId: P1, branchId: p.bj, owner: p.a1, status: 'completed', createdAt: '2026-11-02T01:00:00.000Z', dispatchedAt: '2026-11-02T02:00:00.000Z', outletId: p.outletBj }),
    // O2: never dispatched, long overdue: dispatch and complete missed; accept and on site not waited for. Resolved (no later order or answered call of C1 within 7 days).
    order(O2, 2, { customerId: C1, productId: P1, branchId: p.bj, owner: p.a2, status: 'new', createdAt: '2026-11-05T01:00:00.000Z' }),
    // O3 (hotline day 4 November): dispatch 5.5 h (missed), accept 2.5 h (missed), on site 12 h (met), not completed and past 72 h (missed). C2 called back (I3): not resolved.
    order(O3, 3, { customerId: C2, productId: P2, branchId: p.bj, owner: p.a1, status: 'in_service', createdAt: '2026-11-03T16:30:00.000Z', dispatchedAt: '2026-11-03T22:00:00.000Z', outletId: p.outletBj }),
    // O4 (Guangzhou): never dispatched; resolved.
    order(O4, 4, { customerId: C3, productId: P3, branchId: p.gz, owner: p.g1, status: 'new', createdAt: '2026-11-02T01:00:00.000Z' }),
    // O5: an inquiry without a product, cancelled: in no figure but none.
    order(O5, 5, { customerId: C2, productId: null, branchId: p.bj, owner: p.a2, status: 'cancelled', createdAt: '2026-11-10T02:00:00.000Z', type: 'inquiry' }),
    // O6: installation without a product, every stage in time; low score (2).
    order(O6, 6, { customerId: C2, productId: null, branchId: p.bj, owner: p.a2, status: 'completed', createdAt: '2026-11-12T01:00:00.000Z', dispatchedAt: '2026-11-12T01:30:00.000Z', outletId: p.outletBj, type: 'installation' }),
  ]);

  let seq = 1;
  const event = (orderId: string, branchId: string, fromStatus: string, toStatus: string, at: string) =>
    strip(OrderEvent.parse({ ...row, id: id(100 + seq), orderId, branchId, seq: seq++, kind: 'status_changed', fromStatus, toStatus, fromOwnerAgentId: null, toOwnerAgentId: null, outletId: null, appointmentStart: null, appointmentEnd: null, agentId: null, seatId: null, at }));
  await write('orderEvent', [
    event(O1, p.bj, 'dispatched', 'accepted', '2026-11-02T03:30:00.000Z'),
    event(O1, p.bj, 'accepted', 'in_service', '2026-11-03T01:00:00.000Z'),
    event(O1, p.bj, 'in_service', 'completed', '2026-11-03T05:00:00.000Z'),
    event(O3, p.bj, 'dispatched', 'accepted', '2026-11-04T00:30:00.000Z'),
    event(O3, p.bj, 'accepted', 'in_service', '2026-11-04T10:00:00.000Z'),
    event(O6, p.bj, 'dispatched', 'accepted', '2026-11-12T02:00:00.000Z'),
    event(O6, p.bj, 'accepted', 'in_service', '2026-11-12T10:00:00.000Z'),
    event(O6, p.bj, 'in_service', 'completed', '2026-11-12T12:00:00.000Z'),
  ]);

  const call = (n: number, c: { agentId: string; branchId: string; customerId: string | null; direction?: string; startedAt: string; talk: number; wrap: number; disposition: string }) =>
    strip(
      Interaction.parse({
        ...row,
        id: id(200 + n),
        branchId: c.branchId,
        agentId: c.agentId,
        customerId: c.customerId,
        direction: c.direction ?? 'inbound',
        remoteNumber: null,
        startedAt: c.startedAt,
        ringSeconds: 5,
        talkSeconds: c.talk,
        wrapUpSeconds: c.wrap,
        disposition: c.disposition,
        notes: '',
      }),
    );
  await write('interaction', [
    call(1, { agentId: p.a1, branchId: p.bj, customerId: C1, startedAt: '2026-11-02T00:50:00.000Z', talk: 300, wrap: 60, disposition: 'order_created' }),
    // Exactly at the hotline's midnight: a 4 November call.
    call(2, { agentId: p.a1, branchId: p.bj, customerId: C2, startedAt: '2026-11-03T16:00:00.000Z', talk: 200, wrap: 40, disposition: 'order_created' }),
    call(3, { agentId: p.a2, branchId: p.bj, customerId: C2, startedAt: '2026-11-05T03:00:00.000Z', talk: 100, wrap: 20, disposition: 'resolved' }),
    call(4, { agentId: p.a2, branchId: p.bj, customerId: null, startedAt: '2026-11-05T04:00:00.000Z', talk: 0, wrap: 0, disposition: 'missed' }),
    call(5, { agentId: p.a1, branchId: p.bj, customerId: C1, startedAt: '2026-11-05T00:30:00.000Z', talk: 0, wrap: 0, disposition: 'turned_away' }),
    call(6, { agentId: p.a1, branchId: p.bj, customerId: C1, direction: 'outbound', startedAt: '2026-11-20T02:00:00.000Z', talk: 60, wrap: 0, disposition: 'follow_up_needed' }),
    call(7, { agentId: p.g1, branchId: p.gz, customerId: C3, startedAt: '2026-11-02T00:40:00.000Z', talk: 100, wrap: 10, disposition: 'order_created' }),
  ]);

  const followUp = (n: number, orderId: string, customerId: string, doneAt: string, satisfaction: number, doneBy: string) =>
    strip(FollowUp.parse({ ...row, id: id(300 + n), orderId, customerId, branchId: p.bj, dueAt: doneAt, status: 'done', satisfaction, remarks: '', doneAt, doneBy, createdAt: doneAt }));
  await write('followUp', [followUp(1, O1, C1, '2026-11-04T02:00:00.000Z', 5, p.a1), followUp(2, O6, C2, '2026-11-14T01:00:00.000Z', 2, p.a2)]);

  const parts = (n: number, orderId: string, status: string, createdAt: string, updatedAt: string) =>
    strip(PartsRequest.parse({ ...row, id: id(400 + n), branchId: p.bj, orderId, partNumber: 'PART-1', quantity: 1, status, note: '', requestedBy: p.a1, createdAt, updatedAt }));
  await write('partsRequest', [
    // 5 days = 432,000 s; 18 h = 64,800 s (received on hotline day 3 November); R3 not received: no cycle.
    parts(1, O3, 'received', '2026-11-04T12:00:00.000Z', '2026-11-09T12:00:00.000Z'),
    parts(2, O1, 'received', '2026-11-02T10:00:00.000Z', '2026-11-03T04:00:00.000Z'),
    parts(3, O3, 'requested', '2026-11-05T12:00:00.000Z', '2026-11-05T12:00:00.000Z'),
  ]);

  // K1: C2 complains about O3 (its outlet); taken by a1 on hotline day 6 November. K2: deleted, nowhere.
  const complaint = (n: number, o: { orderId: string | null; outletId: string | null; receivedAt: string; deleted?: boolean }) =>
    strip(
      Complaint.parse({
        ...row,
        deleted: o.deleted ?? false,
        id: id(600 + n),
        branchId: p.bj,
        customerId: C2,
        orderId: o.orderId,
        outletId: o.outletId,
        technicianName: null,
        category: 'lateness',
        severity: 'normal',
        channel: 'phone',
        customerWords: '师傅迟到',
        customerWants: '',
        status: 'received',
        takenBy: p.a1,
        receivedAt: o.receivedAt,
        promisedBy: null,
        acknowledgeDueAt: o.receivedAt,
        resolveDueAt: o.receivedAt,
        acknowledgedAt: null,
        resolvedAt: null,
        confirmedAt: null,
        reopenCount: 0,
        escalation: 'none',
        escalatedAt: null,
        resolution: '',
        compensationKind: 'none',
        compensationYuan: null,
        createdAt: o.receivedAt,
        updatedAt: o.receivedAt,
      }),
    );
  await write('complaint', [
    complaint(1, { orderId: O3, outletId: p.outletBj, receivedAt: '2026-11-06T02:00:00.000Z' }),
    complaint(2, { orderId: O1, outletId: p.outletBj, receivedAt: '2026-11-06T03:00:00.000Z', deleted: true }),
  ]);
}

const zeroStage = { met: 0, missed: 0 };
const noFigures = (calls: KpiRow['calls']): Omit<KpiRow, 'period' | 'key' | 'label'> => ({
  calls,
  firstContact: { orders: 0, resolved: 0 },
  satisfaction: { rated: 0, scoreSum: 0, byScore: [0, 0, 0, 0, 0] },
  sla: { dispatch: zeroStage, accept: zeroStage, onSite: zeroStage, complete: zeroStage },
  parts: { received: 0, cycleSeconds: 0 },
  complaints: { received: 0, orders: 0 },
});

describe.each(testEngines())('KPIs on %s', (engine) => {
  const { backend, auth } = useTestBackend({ customers: 0, engine }, { a1: 'bj.agent1', bjSuper: 'bj.super', bjParts: 'bj.parts', gzSuper: 'gz.super', hq: 'hq.admin' });
  let p: People;
  beforeAll(async () => {
    const bj = branchIdOf(backend, 'BJ01');
    const gz = branchIdOf(backend, 'GZ01');
    p = {
      bj,
      gz,
      a1: agentIdOf(backend, 'bj.agent1'),
      a2: agentIdOf(backend, 'bj.agent2'),
      g1: agentIdOf(backend, 'gz.agent1'),
      outletBj: backend.demo.outlets.find((o) => o.branchId === bj)!.id,
      outletGz: backend.demo.outlets.find((o) => o.branchId === gz)!.id,
    };
    await writeFixture(backend, p);
  });

  const get = (url: string, authorization: string) => backend.app.inject({ method: 'GET', url, headers: { authorization } });
  const figures = async (query: string, authorization: string) => {
    const response = await get(`/kpis?${query}`, authorization);
    expect(response.statusCode, response.body).toBe(200);
    return KpiPage.parse(response.json());
  };
  const drill = async (query: string, authorization: string) => {
    const response = await get(`/kpis/orders?${query}`, authorization);
    expect(response.statusCode, response.body).toBe(200);
    return KpiOrderPage.parse(response.json()).items.map((o) => o.id);
  };

  it("a supervisor's month by agent: every figure of the branch's two agents, nothing of Guangzhou", async () => {
    const page = await figures('period=month&by=agent&from=2026-11-01&to=2026-11-30', auth.bjSuper);
    const byAgent = new Map(page.items.map((r) => [r.key, r]));
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toBeNull();
    expect(byAgent.get(p.a1)).toEqual({
      period: '2026-11-01',
      key: p.a1,
      label: '李娜',
      // I1 360 + I2 240 + I6 (outbound) 60; I5 turned away.
      calls: { answered: 3, missed: 1, handleSeconds: 660 },
      // O1 (second order O2), O3 (call back I3).
      firstContact: { orders: 2, resolved: 0 },
      satisfaction: { rated: 1, scoreSum: 5, byScore: [0, 0, 0, 0, 1] },
      sla: { dispatch: { met: 1, missed: 1 }, accept: { met: 1, missed: 1 }, onSite: { met: 2, missed: 0 }, complete: { met: 1, missed: 1 } },
      // R1 432,000 + R2 64,800.
      parts: { received: 2, cycleSeconds: 496_800 },
      // K1 (K2 deleted); O1, O3 made.
      complaints: { received: 1, orders: 2 },
    });
    expect(byAgent.get(p.a2)).toEqual({
      period: '2026-11-01',
      key: p.a2,
      label: '王强',
      calls: { answered: 1, missed: 1, handleSeconds: 120 },
      firstContact: { orders: 1, resolved: 1 },
      satisfaction: { rated: 1, scoreSum: 2, byScore: [0, 1, 0, 0, 0] },
      sla: { dispatch: { met: 1, missed: 1 }, accept: { met: 1, missed: 0 }, onSite: { met: 1, missed: 0 }, complete: { met: 1, missed: 1 } },
      parts: { received: 0, cycleSeconds: 0 },
      // O2, O5, O6: every order made counts, with or without a product.
      complaints: { received: 0, orders: 3 },
    });
  });

  it('days are the hotline’s (UTC+8): a call and an order just after its midnight count on the next day', async () => {
    const page = await figures('period=day&by=agent&from=2026-11-03&to=2026-11-04', auth.bjSuper);
    expect(page.items).toEqual([
      { period: '2026-11-03', key: p.a1, label: '李娜', ...noFigures({ answered: 0, missed: 0, handleSeconds: 0 }), parts: { received: 1, cycleSeconds: 64_800 } },
      {
        period: '2026-11-04',
        key: p.a1,
        label: '李娜',
        calls: { answered: 1, missed: 0, handleSeconds: 240 },
        firstContact: { orders: 1, resolved: 0 },
        satisfaction: { rated: 1, scoreSum: 5, byScore: [0, 0, 0, 0, 1] },
        sla: { dispatch: { met: 0, missed: 1 }, accept: { met: 0, missed: 1 }, onSite: { met: 1, missed: 0 }, complete: { met: 0, missed: 1 } },
        parts: { received: 0, cycleSeconds: 0 },
        complaints: { received: 0, orders: 1 },
      },
    ]);
  });

  it('by region (the customer’s province) and by outlet; calls have no outlet', async () => {
    const regions = new Map((await figures('period=month&by=region&from=2026-11-01&to=2026-11-30', auth.bjSuper)).items.map((r) => [r.key, r]));
    expect([...regions.keys()].sort()).toEqual(['北京市', '河北省']);
    expect(regions.get('北京市')!.calls).toEqual({ answered: 2, missed: 1, handleSeconds: 420 });
    expect(regions.get('河北省')!.calls).toEqual({ answered: 2, missed: 0, handleSeconds: 360 });
    expect(regions.get('北京市')!.firstContact).toEqual({ orders: 2, resolved: 1 });
    const outlets = (await figures('period=month&by=outlet&from=2026-11-01&to=2026-11-30', auth.bjSuper)).items;
    expect(outlets).toHaveLength(1);
    expect(outlets[0]).toMatchObject({ key: p.outletBj, calls: null, firstContact: { orders: 2, resolved: 0 }, satisfaction: { rated: 2, scoreSum: 7 }, parts: { received: 2, cycleSeconds: 496_800 } });
    expect(outlets[0]!.label).toBe(backend.demo.outlets.find((o) => o.id === p.outletBj)!.name);
  });

  it('headquarters reads every branch; by category and week', async () => {
    const branches = new Map((await figures('period=month&by=branch&from=2026-11-01&to=2026-11-30', auth.hq)).items.map((r) => [r.key, r]));
    expect(branches.get(p.bj)).toEqual({
      period: '2026-11-01',
      key: p.bj,
      label: 'BJ01 北京分公司',
      calls: { answered: 4, missed: 2, handleSeconds: 780 },
      firstContact: { orders: 3, resolved: 1 },
      satisfaction: { rated: 2, scoreSum: 7, byScore: [0, 1, 0, 0, 1] },
      sla: { dispatch: { met: 2, missed: 2 }, accept: { met: 2, missed: 1 }, onSite: { met: 3, missed: 0 }, complete: { met: 2, missed: 2 } },
      parts: { received: 2, cycleSeconds: 496_800 },
      complaints: { received: 1, orders: 5 },
    });
    expect(branches.get(p.gz)).toEqual({
      ...noFigures({ answered: 1, missed: 0, handleSeconds: 110 }),
      period: '2026-11-01',
      key: p.gz,
      label: 'GZ01 广州分公司',
      firstContact: { orders: 1, resolved: 1 },
      sla: { dispatch: { met: 0, missed: 1 }, accept: zeroStage, onSite: zeroStage, complete: { met: 0, missed: 1 } },
      complaints: { received: 0, orders: 1 },
    });
    const weeks = (await figures('period=week&by=category&from=2026-11-01&to=2026-11-30', auth.hq)).items.map((r) => [r.period, r.key, r.firstContact.orders, r.firstContact.resolved]);
    // 1 November 2026 is a Sunday: its week began on 26 October. O1, O2, O4 (tv) in the week of 2 November, O3 (refrigerator) too.
    expect(weeks).toEqual([
      ['2026-11-02', 'refrigerator', 1, 0],
      ['2026-11-02', 'tv', 3, 2],
      // R1 (for O3) was received in the week of 9 November: a group with its parts cycle alone.
      ['2026-11-09', 'refrigerator', 0, 0],
    ]);
    // Headquarters narrows to one branch; a supervisor may not look at another's.
    expect((await figures(`period=month&by=branch&from=2026-11-01&to=2026-11-30&branchId=${p.gz}`, auth.hq)).items.map((r) => r.key)).toEqual([p.gz]);
    expect((await get(`/kpis?period=month&by=branch&from=2026-11-01&to=2026-11-30&branchId=${p.gz}`, auth.bjSuper)).statusCode).toBe(403);
  });

  it("the team board's low-score follow-ups of the week: the week's satisfaction figure by agent (the order's owner), from Monday", async () => {
    // The query the supervisor's seat sends on Saturday 14 November (hotline date), and its join (main/services/teamPresence.ts).
    const onTheBoard = async (today: string) => {
      const week = await figures(`period=week&by=agent&from=${hotlineWeekStart(today)}&to=${today}`, auth.bjSuper);
      const row = (agent: string) => ({ agent: { id: agent, login: agent, displayName: agent, branchId: p.bj }, presence: null, unreachableSince: null });
      const board = withWorkload({ asOf: `${today}T04:00:00.000Z`, rows: [row(p.a1), row(p.a2)] }, [], [], new Date(`${today}T04:00:00.000Z`), week.items);
      return board.rows.map((r) => r.workload?.lowScoresThisWeek);
    };
    // F2 (score 2, O6 owned by 王强) was done on the 14th; F1 (score 5, 李娜's O1) on the 4th.
    expect(hotlineWeekStart('2026-11-14')).toBe('2026-11-09');
    expect(await onTheBoard('2026-11-14')).toEqual([0, 1]);
    // The week before holds F1 only (a 5): no low score for anyone.
    expect(await onTheBoard('2026-11-08')).toEqual([0, 0]);
  });

  it('pages of groups, bounded ranges, and who may read figures', async () => {
    const first = await figures('period=month&by=agent&from=2026-11-01&to=2026-11-30&limit=1', auth.bjSuper);
    expect(first.items).toHaveLength(1);
    const second = await figures(`period=month&by=agent&from=2026-11-01&to=2026-11-30&limit=1&cursor=${first.nextCursor}`, auth.bjSuper);
    expect(second.nextCursor).toBeNull();
    expect([first.items[0]!.key, second.items[0]!.key].sort()).toEqual([p.a1, p.a2].sort());
    expect((await get('/kpis?period=day&by=agent&from=2026-01-01&to=2027-01-05', auth.bjSuper)).statusCode).toBe(400);
    expect((await get('/kpis?period=day&by=agent&from=2026-11-05&to=2026-11-01', auth.bjSuper)).statusCode).toBe(400);
    expect((await get('/kpis?period=month&by=agent&from=2026-11-01&to=2026-11-30', auth.a1)).statusCode).toBe(403);
    // The parts desk reads its branch's figures (the parts cycle is its own).
    expect((await figures('period=month&by=branch&from=2026-11-01&to=2026-11-30', auth.bjParts)).items.map((r) => r.key)).toEqual([p.bj]);
    expect((await figures('period=month&by=branch&from=2026-11-01&to=2026-11-30', auth.gzSuper)).items.map((r) => r.key)).toEqual([p.gz]);
  });

  it('drills down from a figure to the orders behind it', async () => {
    const month = 'period=month&start=2026-11-01&by=agent';
    expect(await drill(`figure=sla_missed_dispatch&${month}&key=${p.a1}`, auth.bjSuper)).toEqual([O3]);
    expect(await drill(`figure=sla_missed_dispatch&${month}&key=${p.a2}`, auth.bjSuper)).toEqual([O2]);
    expect(await drill(`figure=not_resolved&${month}&key=${p.a1}`, auth.bjSuper)).toEqual([O1, O3]);
    expect(await drill(`figure=orders&${month}&key=${p.a2}`, auth.bjSuper)).toEqual([O2]);
    expect(await drill(`figure=low_rated&${month}&key=${p.a2}`, auth.bjSuper)).toEqual([O6]);
    expect(await drill(`figure=rated&${month}&key=${p.a1}`, auth.bjSuper)).toEqual([O1]);
    expect(await drill(`figure=parts_received&${month}&key=${p.a1}`, auth.bjSuper)).toEqual([O1, O3]);
    // The orders complained about: K1's (K2 is deleted); by outlet and by category as well.
    expect(await drill(`figure=complained&${month}&key=${p.a1}`, auth.bjSuper)).toEqual([O3]);
    expect(await drill(`figure=complained&period=month&start=2026-11-01&by=outlet&key=${p.outletBj}`, auth.bjSuper)).toEqual([O3]);
    expect(await drill(`figure=complained&period=month&start=2026-11-01&by=category&key=refrigerator`, auth.hq)).toEqual([O3]);
    expect(await drill(`figure=sla_missed_complete&period=month&start=2026-11-01&by=branch&key=${p.gz}`, auth.hq)).toEqual([O4]);
    // Outside the supervisor's branch: nothing behind the figure, and no other branch by name.
    expect(await drill(`figure=sla_missed_complete&period=month&start=2026-11-01&by=branch&key=${p.gz}`, auth.bjSuper)).toEqual([]);
    expect((await get(`/kpis/orders?figure=orders&${month}&key=${p.a1}`, auth.a1)).statusCode).toBe(403);
    // Pages.
    const first = KpiOrderPage.parse((await get(`/kpis/orders?figure=not_resolved&${month}&key=${p.a1}&limit=1`, auth.bjSuper)).json());
    expect(first.items.map((o) => o.id)).toEqual([O1]);
    expect(await drill(`figure=not_resolved&${month}&key=${p.a1}&limit=1&cursor=${first.nextCursor}`, auth.bjSuper)).toEqual([O3]);
  });
});

