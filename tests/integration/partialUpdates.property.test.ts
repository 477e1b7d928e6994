import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalCache } from '../../main/services/localCache/localCache.js';
import { recordLocalRow } from '../../main/services/recordLocalRow.js';
import type { WorkstationService } from '../../main/services/workstationService.js';
import type { DialectName } from '../../server/db/openServerDatabase.js';
import { DEMO_LOGINS } from '../../server/seed/demoLogins.js';
import type { Agent } from '../../shared/domain/branch.js';
import { CampaignOutcome, CampaignTarget } from '../../shared/domain/campaign.js';
import { nextPartsRequestStatuses, type PartsRequestStatus } from '../../shared/domain/partsRequest.js';
import type { Conflict } from '../../shared/domain/conflict.js';
import { VipTier } from '../../shared/domain/customer.js';
import { CUSTOMER_TAGS_MAX, CustomerTag } from '../../shared/domain/customerTags.js';
import { nextStatuses } from '../../shared/domain/orderStatus.js';
import { Product, ProductCategory } from '../../shared/domain/product.js';
import { mayHoldOrders } from '../../shared/domain/roles.js';
import { OPEN_ORDER_STATUSES, ServiceOrder, ServiceOrderType, type ServiceOrderStatus } from '../../shared/domain/serviceOrder.js';
import type { DeadLetter, SessionInfo, SyncStatus } from '../../shared/workstationApi.js';
import { testEngines } from '../server/support/testDatabase.js';
import { DEMO_AGENT } from '../support/demo.js';
import { TEST_COMPLETION } from '../support/orderSteps.js';
import { dispatchAtSeat } from '../support/seatDispatch.js';
import { bearerOf, startSeatedBackend, type SeatedBackend } from '../support/seatedBackend.js';
import { ok } from '../support/seats.js';
import { makeTempDir } from '../support/tempDir.js';

/**
 * Partial updates change only what was sent (docs/architecture.md): for every entity a seat may
 * update, an update of any subset of its fields, made at seat A (through the contract where it
 * offers one, otherwise through the seat's own write path), leaves every other field identical in
 * seat A's cache, at the server (REST and the database row) after the push, and in seat B's cache
 * after its pull. Parts requests, which seats only create, are moved on by headquarters over REST:
 * that update is checked the same way from the server on. One backend per engine and two seats of
 * branch BJ01, reused across runs.
 */

/** The synced entities that are updated after their creation, and their server tables. */
const TABLES = {
  customer: 'customers',
  product: 'products',
  serviceOrder: 'serviceOrders',
  followUp: 'followUps',
  campaignTarget: 'campaignTargets',
  conflict: 'conflicts',
  partsRequest: 'partsRequests',
} as const;
type Updatable = keyof typeof TABLES;
type Row = Record<string, unknown>;

/** A changed field whose value the seat sets itself (a time, the agent): checked to be the same everywhere. */
const SET_BY_SEAT = Symbol('set by the seat');
type Changed = Record<string, unknown>;

/** Bumped by every write: the row's version, and the server's change stamp. */
const STAMPED = new Set(['version', 'updatedAt']);

const SECOND_AGENT = DEMO_LOGINS.find((l) => l.branchCode === DEMO_AGENT.branchCode && l.login !== DEMO_AGENT.login && l.role === 'agent')!;
/** Seat A's agent: the branch's supervisor, who may set VIP tiers and change any order of the branch (docs/architecture.md §6), so every field can be sent. */
const SEAT_A = DEMO_LOGINS.find((l) => l.branchCode === DEMO_AGENT.branchCode && l.role === 'supervisor')!;

// ---- what a run does: generated plans, resolved against the rows there are when it runs ----

const word = (pool: readonly string[]) => fc.tuple(fc.constantFrom(...pool), fc.nat(9999)).map(([w, n]) => `${w}${n}`);
const mobile = fc.tuple(fc.constantFrom('138', '139', '150', '186'), fc.integer({ min: 0, max: 99_999_999 })).map(([prefix, n]) => `+86${prefix}${String(n).padStart(8, '0')}`);
const someOf = <T extends object>(record: { [K in keyof T]: fc.Arbitrary<T[K]> }) =>
  fc.record(record, { requiredKeys: [] }).filter((changes) => Object.keys(changes).length > 0) as fc.Arbitrary<Partial<T>>;

const customerChanges = someOf({
  name: word(['王芳', '李雷', 'Zhang Wei']),
  phone: mobile,
  altPhone: fc.option(mobile, { nil: null }),
  vipTier: fc.constantFrom(...VipTier.options),
  /** Picked from the code table, as the customer forms do; the names shown follow from the codes. */
  region: fc.constantFrom(
    { provinceCode: '110000', cityCode: '110100', districtCode: '110108', province: '北京市', city: '北京市' },
    { provinceCode: '130000', cityCode: '131000', districtCode: null, province: '河北省', city: '廊坊市' },
  ),
  address: word(['海淀区中关村大街', '朝阳区建国路']),
  /** Tags are replaced whole (shared/domain/customerTags.ts): none, some, or the most a customer may have. */
  tags: fc.subarray([...CustomerTag.options], { maxLength: CUSTOMER_TAGS_MAX }),
});
const productChanges = someOf({
  model: word(['KFR-35GW', 'BCD-520']),
  category: fc.constantFrom(...ProductCategory.options),
  purchaseDate: fc.date({ min: new Date('2016-01-01'), max: new Date('2026-06-30'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  warrantyMonths: fc.integer({ min: 0, max: 240 }),
});
/** ownerAgentId and productId are picked among the branch's agents and the customer's products when the run resolves. */
const orderChanges = someOf({
  fault: word(['不制冷', '噪音大', 'no power']),
  type: fc.constantFrom(...ServiceOrderType.options),
  ownerAgentId: fc.nat(),
  productId: fc.constantFrom('none', 'own'),
});

/** Mostly no answer, which leaves the target to call again: final outcomes use targets up. */
const outcome = fc.oneof({ arbitrary: fc.constant('no_answer' as const), weight: 2 }, { arbitrary: fc.constantFrom(...CampaignOutcome.options), weight: 1 });

/** Mostly a VIP: an edit that does not name the tier must keep one that is not the create default. */
const vipTierBefore = fc.oneof({ arbitrary: fc.constantFrom('silver' as const, 'gold' as const, 'platinum' as const), weight: 5 }, { arbitrary: fc.constant('none' as const), weight: 1 });

/** Mostly a tagged customer: an edit that does not send tags must keep tags that are not the create default (none). */
const taggedBefore = fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, { arbitrary: fc.constant(false), weight: 1 });

/** One generator of plans per kind of update: every kind runs in every test run. */
const plans = {
  'customer.edit': fc.record({ kind: fc.constant('customer.edit' as const), tier: vipTierBefore, tagged: taggedBefore, pick: fc.nat(), changes: customerChanges }),
  'product.edit': fc.record({ kind: fc.constant('product.edit' as const), pick: fc.nat(), changes: productChanges }),
  'serviceOrder.edit': fc.record({ kind: fc.constant('serviceOrder.edit' as const), dispatched: fc.boolean(), pick: fc.nat(), changes: orderChanges }),
  'serviceOrder.step': fc.record({ kind: fc.constant('serviceOrder.step' as const), pick: fc.nat(), step: fc.constantFrom('status', 'reassign', 'dispatch'), choice: fc.nat() }),
  'followUp.complete': fc.record({ kind: fc.constant('followUp.complete' as const), pick: fc.nat(), satisfaction: fc.integer({ min: 1, max: 5 }), remarks: word(['满意', 'ok']) }),
  'campaignTarget.outcome': fc.record({ kind: fc.constant('campaignTarget.outcome' as const), pick: fc.nat(), status: outcome, notes: word(['再打', '']) }),
  'conflict.resolve': fc.record({ kind: fc.constant('conflict.resolve' as const), pick: fc.nat(), mine: word(['甲']), theirs: word(['乙']) }),
  'partsRequest.status': fc.record({ kind: fc.constant('partsRequest.status' as const), pick: fc.nat(), choice: fc.nat() }),
};
type Plan = (typeof plans)[keyof typeof plans] extends fc.Arbitrary<infer P> ? P : never;

// ---- the stack: one backend on the engine, two seats of one branch ----

interface Stack extends SeatedBackend {
  /** Each seat's cache, opened beside the seat (the seat's own write path runs on it). */
  caches: [LocalCache, LocalCache];
  session: SessionInfo;
  /** The branch's agents who may own orders (shared/domain/roles.ts: not the parts desk or headquarters). */
  branchAgents: Agent[];
  authorization: string;
  /** The branch's parts desk, who moves parts requests on. */
  partsDeskAuthorization: string;
}

async function startStack(engine: DialectName, dir: string): Promise<Stack> {
  // Orders of the last days are open: the state machine has somewhere to go.
  const backend = await startSeatedBackend(engine, dir, { logins: [SEAT_A.login, SECOND_AGENT.login], customers: 160 });
  const caches: [LocalCache, LocalCache] = [
    LocalCache.open(path.join(dir, 'seat0', SEAT_A.login, 'cache.db')),
    LocalCache.open(path.join(dir, 'seat1', SECOND_AGENT.login, 'cache.db')),
  ];
  const [a] = backend.seats.seats;
  const session = ok<SessionInfo>(await a!.dispatch('session.current', {}));
  const branchAgents = ok<Agent[]>(await a!.dispatch('agents.ofBranch', {})).filter((agent) => mayHoldOrders(agent.role));
  const partsDesk = DEMO_LOGINS.find((l) => l.branchCode === DEMO_AGENT.branchCode && l.role === 'parts_desk')!;
  return {
    ...backend,
    caches,
    session,
    branchAgents,
    authorization: await bearerOf(backend.url, DEMO_AGENT.login),
    partsDeskAuthorization: await bearerOf(backend.url, partsDesk.login),
    async close() {
      for (const cache of caches) cache.close();
      await backend.close();
    },
  };
}

/** The row as a seat's cache holds it. */
function cachedRow(cache: LocalCache, entity: Updatable, id: string): Row | null {
  const tables = {
    customer: cache.customers,
    product: cache.products,
    serviceOrder: cache.serviceOrders,
    followUp: cache.followUps,
    campaignTarget: cache.campaignTargets,
    conflict: cache.conflicts,
    partsRequest: cache.partsRequests,
  };
  return tables[entity].find(id) as Row | null;
}

/** The row as stored: every column, in the engine's own representation. */
async function databaseRow(stack: Stack, entity: Updatable, id: string): Promise<Row> {
  const row = await stack.database.db.selectFrom(TABLES[entity]).selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return row as Row;
}

/** The row as the REST API shows it (conflicts have no route: null). */
async function restRow(stack: Stack, entity: Updatable, id: string, parentId: string | null): Promise<Row | null> {
  const get = async (url: string): Promise<unknown> => {
    const response = await fetch(`${stack.url}${url}`, { headers: { authorization: stack.authorization } });
    expect(response.status, `GET ${url}`).toBe(200);
    return response.json();
  };
  switch (entity) {
    case 'customer':
      return ((await get(`/customers/${id}`)) as { customer: Row }).customer;
    case 'product': {
      const { warranty: _derived, ...product } = (await get(`/products/${id}`)) as Row;
      return product;
    }
    case 'serviceOrder':
      return (await get(`/orders/${id}`)) as Row;
    case 'followUp':
      return (await allPages(get, '/follow-ups?limit=200')).find((f) => f.id === id) ?? null;
    case 'campaignTarget':
      return (await allPages(get, `/campaigns/${parentId}/targets?limit=200`)).find((t) => t.id === id) ?? null;
    case 'partsRequest':
      return (await get(`/parts-requests/${id}`)) as Row;
    case 'conflict':
      return null;
  }
}

async function allPages(get: (url: string) => Promise<unknown>, first: string): Promise<Row[]> {
  const rows: Row[] = [];
  let cursor: string | null = null;
  do {
    const page = (await get(cursor ? `${first}&cursor=${encodeURIComponent(cursor)}` : first)) as { items: Row[]; nextCursor: string | null };
    rows.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return rows;
}

/** Pushes and pulls until nothing waits; nothing may have been refused. */
async function syncClean(seat: WorkstationService): Promise<void> {
  expect(ok<SyncStatus>(await seat.dispatch('sync.now', {})).pending).toBe(0);
  expect(ok<DeadLetter[]>(await seat.dispatch('sync.deadLetters', {}))).toEqual([]);
}

/** Every field of `after` is `before`'s, except the changed ones (which hold what was sent) and the stamps. */
function expectOnlyChanged(where: string, before: Row, after: Row, changed: Changed): void {
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (STAMPED.has(field)) continue;
    if (!Object.hasOwn(changed, field)) expect(after[field], `${where}: ${field} was not sent, yet it changed`).toEqual(before[field]);
    else if (changed[field] !== SET_BY_SEAT) expect(after[field], `${where}: ${field} was sent`).toEqual(changed[field]);
  }
}

/** The stored columns that changed: only the sent fields' and the stamps. */
function expectOnlyChangedColumns(before: Row, after: Row, changed: Changed): void {
  const differing = Object.keys(after).filter((column) => JSON.stringify(after[column]) !== JSON.stringify(before[column]));
  expect(differing.filter((column) => !STAMPED.has(column) && !Object.hasOwn(changed, column)), 'database row: columns changed that were not sent').toEqual([]);
}

/** One update, made at seat A (or at headquarters): the row it changes and, when run, the fields it changed. */
interface Update {
  entity: Updatable;
  /** False for a change headquarters makes (over REST): seat A sees it with its next pull. */
  atSeat: boolean;
  id: string;
  /** For rows listed under another (a campaign's targets). */
  parentId: string | null;
  run(): Promise<Changed>;
}

/** Checks the update end to end: seat A at once, the server after A's push, seat B after its pull. */
async function checkEverywhere(stack: Stack, update: Update): Promise<void> {
  const [a, b] = stack.seats.seats as [WorkstationService, WorkstationService];
  const [cacheA, cacheB] = stack.caches;
  const { entity, id, parentId } = update;
  // Whatever an earlier run left behind (a failed one, or a change whose push a busy machine had not
  // finished) is synced first: each run starts level, seat A's outbox empty before seat B pulls.
  for (const seat of [a, b]) {
    for (let cycle = 0; cycle < 5; cycle++) {
      const status = await seat.dispatch('sync.now', {});
      if (status.ok && (status.output as { pending: number }).pending === 0) break;
    }
  }
  const beforeA = cachedRow(cacheA, entity, id)!;
  expect(beforeA, `${entity} ${id} in seat A's cache`).not.toBeNull();
  expect(cachedRow(cacheB, entity, id), 'seat B starts from the same row').toEqual(beforeA);
  const beforeRest = await restRow(stack, entity, id, parentId);
  const beforeStored = await databaseRow(stack, entity, id);

  const changed = await update.run();
  if (update.atSeat) {
    expectOnlyChanged('seat A', beforeA, cachedRow(cacheA, entity, id)!, changed);
    const sentAtSeat = cachedRow(cacheA, entity, id)!;
    for (const field of Object.keys(changed)) changed[field] = sentAtSeat[field]; // the seat's own values are the ones to find everywhere
  }

  await syncClean(a);
  if (beforeRest) expectOnlyChanged('server (REST)', beforeRest, (await restRow(stack, entity, id, parentId))!, changed);
  expectOnlyChangedColumns(beforeStored, await databaseRow(stack, entity, id), changed);
  expectOnlyChanged('seat A after its sync', beforeA, cachedRow(cacheA, entity, id)!, changed);

  await syncClean(b);
  const afterB = cachedRow(cacheB, entity, id)!;
  expectOnlyChanged('seat B after its pull', beforeA, afterB, changed);
  expect(afterB, 'both seats hold the server row').toEqual(cachedRow(cacheA, entity, id));
}

// ---- the plans, resolved ----

async function liveIds(stack: Stack, entity: Updatable, where: (row: Row) => boolean = () => true): Promise<Row[]> {
  const rows = (await stack.database.db
    .selectFrom(TABLES[entity])
    .selectAll()
    .where('branchId', '=', stack.session.branch.id)
    .where('deleted', '=', 0)
    .orderBy('id')
    .execute()) as Row[];
  return rows.filter(where);
}

/**
 * The rows as the plan wants them before the update (e.g. a gold customer, a dispatched order: a
 * field not sent must keep a value that is not its create default); all rows when none is so.
 */
async function someWith(stack: Stack, entity: Updatable, wanted: (row: Row) => boolean): Promise<Row[]> {
  const rows = await liveIds(stack, entity);
  const matching = rows.filter(wanted);
  return matching.length > 0 ? matching : rows;
}

/** The row a plan picks, among candidates; none: the plan does not apply now. */
const pick = <T>(candidates: readonly T[], index: number): T | undefined => (candidates.length === 0 ? undefined : candidates[index % candidates.length]);

async function updateOf(stack: Stack, p: Plan): Promise<Update | null> {
  const [a, b] = stack.seats.seats as [WorkstationService, WorkstationService];
  const [cacheA] = stack.caches;
  const seatWrite = (entity: 'product' | 'serviceOrder', id: string, patch: Row, schema: typeof Product | typeof ServiceOrder) =>
    recordLocalRow({ cache: cacheA, agent: stack.session.agent, branch: stack.session.branch, onChange: () => undefined }, { entity, entityId: id, op: 'update', patch }, schema);
  switch (p.kind) {
    case 'customer.edit': {
      // The tier and the tags wanted before the edit; the demo tags few customers, so tags come first when both cannot be had.
      const tagged = (r: Row) => (r.tags !== '[]') === p.tagged;
      const both = await liveIds(stack, 'customer', (r) => r.vipTier === p.tier && tagged(r));
      const customer = pick(both.length > 0 ? both : await someWith(stack, 'customer', tagged), p.pick);
      if (!customer) return null;
      return {
        entity: 'customer',
        atSeat: true,
        id: customer.id as string,
        parentId: null,
        run: async () => {
          const { region, ...fields } = p.changes;
          const codes = region ? { provinceCode: region.provinceCode, cityCode: region.cityCode, districtCode: region.districtCode } : {};
          ok(await a.dispatch('customers.update', { customerId: customer.id, changes: { ...fields, ...codes } }));
          return { ...fields, ...(region ?? {}) };
        },
      };
    }
    case 'product.edit': {
      const product = pick(await liveIds(stack, 'product'), p.pick);
      if (!product) return null;
      return {
        entity: 'product',
        atSeat: true,
        id: product.id as string,
        parentId: null,
        run: async () => {
          seatWrite('product', product.id as string, p.changes, Product);
          return { ...p.changes };
        },
      };
    }
    case 'serviceOrder.edit': {
      const order = pick(await someWith(stack, 'serviceOrder', (r) => (r.outletId !== null) === p.dispatched), p.pick);
      if (!order) return null;
      const { ownerAgentId, productId, ...plain } = p.changes;
      const patch: Row = { ...plain };
      if (ownerAgentId !== undefined) patch.ownerAgentId = pick(stack.branchAgents, ownerAgentId)!.id;
      // Seat A is the supervisor: an owner change of an open order is a reassignment, which carries its reason.
      if (patch.ownerAgentId !== undefined && patch.ownerAgentId !== order.ownerAgentId && OPEN_ORDER_STATUSES.includes(order.status as ServiceOrderStatus)) patch.handoverNote = '班长改派';
      if (productId === 'none') patch.productId = null;
      if (productId === 'own') patch.productId = (await liveIds(stack, 'product', (r) => r.customerId === order.customerId))[0]?.id ?? null;
      return {
        entity: 'serviceOrder',
        atSeat: true,
        id: order.id as string,
        parentId: null,
        run: async () => {
          seatWrite('serviceOrder', order.id as string, { ...patch, updatedAt: new Date().toISOString() }, ServiceOrder);
          return patch;
        },
      };
    }
    case 'serviceOrder.step':
      return orderStep(stack, p);
    case 'partsRequest.status': {
      // Seats only create parts requests; the parts desk moves their status on over REST.
      const request = pick(await liveIds(stack, 'partsRequest', (r) => nextPartsRequestStatuses(r.status as PartsRequestStatus).length > 0), p.pick);
      if (!request) return null;
      const status = pick(nextPartsRequestStatuses(request.status as PartsRequestStatus), p.choice)!;
      // A requested part is decided (approve: the warehouse's stock says approved or planned; reject, with a reason); later steps are moved on.
      const decision = request.status === 'requested' ? { decision: status === 'rejected' ? 'reject' : 'approve', reason: '库存核对' } : null;
      return {
        entity: 'partsRequest',
        atSeat: false,
        id: request.id as string,
        parentId: null,
        run: async () => {
          const response = await fetch(`${stack.url}/parts-requests/${request.id as string}/${decision ? 'decision' : 'status'}`, {
            method: 'POST',
            headers: { authorization: stack.partsDeskAuthorization, 'content-type': 'application/json' },
            body: JSON.stringify(decision ?? { status }),
          });
          expect(response.status, await response.clone().text()).toBe(200);
          const answer = (await response.json()) as { status: string } | { request: { status: string } };
          return { status: 'request' in answer ? answer.request.status : answer.status };
        },
      };
    }
    case 'followUp.complete': {
      const followUp = pick(await liveIds(stack, 'followUp', (r) => r.status === 'open'), p.pick);
      if (!followUp) return null;
      return {
        entity: 'followUp',
        atSeat: true,
        id: followUp.id as string,
        parentId: null,
        run: async () => {
          ok(await a.dispatch('followUps.complete', { followUpId: followUp.id, outcome: 'done', satisfaction: p.satisfaction, remarks: p.remarks }));
          return { status: 'done', satisfaction: p.satisfaction, remarks: p.remarks, doneAt: SET_BY_SEAT, doneBy: stack.session.agent.id, attempts: SET_BY_SEAT, lastOutcome: 'done', lastAttemptAt: SET_BY_SEAT };
        },
      };
    }
    case 'campaignTarget.outcome': {
      const target = pick(await liveIds(stack, 'campaignTarget', (r) => r.status === 'pending' || r.status === 'no_answer'), p.pick);
      if (!target) return null;
      return {
        entity: 'campaignTarget',
        atSeat: true,
        id: target.id as string,
        parentId: target.campaignId as string,
        run: async () => {
          // A call back carries the time the customer asked for (campaignCallBackRefusal), an hour or more ahead.
          const callBackAt = p.status === 'call_back' ? new Date(Date.now() + (1 + (p.pick % 48)) * 3_600_000).toISOString() : null;
          ok<CampaignTarget>(await a.dispatch('campaigns.recordOutcome', { targetId: target.id, status: p.status, notes: p.notes, callBackAt }));
          return { status: p.status, outcomeNotes: p.notes, calledAt: SET_BY_SEAT, calledBy: stack.session.agent.id, callBackAt };
        },
      };
    }
    case 'conflict.resolve': {
      // Both seats change the same customer's name offline: seat B's push becomes a conflict record.
      const customer = pick(await liveIds(stack, 'customer'), p.pick);
      if (!customer) return null;
      for (const link of stack.seats.links) link.setDown(true);
      ok(await a.dispatch('customers.update', { customerId: customer.id, changes: { name: p.mine } }));
      ok(await b.dispatch('customers.update', { customerId: customer.id, changes: { name: `${p.theirs}-b` } }));
      for (const link of stack.seats.links) link.setDown(false);
      await syncClean(a);
      await syncClean(b);
      await syncClean(a);
      const conflict = ok<Conflict[]>(await a.dispatch('sync.conflicts', {})).find((c) => c.entityId === customer.id && c.field === 'name');
      expect(conflict, 'the same field edited at both seats is a conflict').toBeDefined();
      return {
        entity: 'conflict',
        atSeat: true,
        id: conflict!.id,
        parentId: null,
        run: async () => {
          ok(await a.dispatch('sync.resolveConflict', { conflictId: conflict!.id, choice: 'keepTheirs' }));
          return { resolved: true };
        },
      };
    }
  }
}

/** What a step records with it: the completion, or a cancel reason. */
function stepDetails(status: ServiceOrderStatus): Row {
  if (status === 'completed') return { completion: TEST_COMPLETION };
  if (status === 'cancelled') return { cancelReason: '客户已自行解决' };
  return {};
}

/** A step of an order's life at the seat: a status change, a handover, a dispatch. */
async function orderStep(stack: Stack, p: Extract<Plan, { kind: 'serviceOrder.step' }>): Promise<Update | null> {
  const [a] = stack.seats.seats as [WorkstationService, WorkstationService];
  // visited and closed follow the follow-up (orderLifecycle.ts): not steps an agent takes from the order.
  const steps = (r: Row) => nextStatuses(r.status as ServiceOrderStatus).filter((s) => s !== 'dispatched' && s !== 'visited' && s !== 'closed');
  if (p.step === 'status') {
    const order = pick(await liveIds(stack, 'serviceOrder', (r) => steps(r).length > 0), p.pick);
    if (!order) return null;
    const status = pick(steps(order), p.choice)!;
    return {
      entity: 'serviceOrder',
      atSeat: true,
      id: order.id as string,
      parentId: null,
      run: async () => {
        ok(await a.dispatch('orders.changeStatus', { orderId: order.id, status, ...stepDetails(status) }));
        return { status, ...stepDetails(status) };
      },
    };
  }
  if (p.step === 'reassign') {
    const order = pick(await liveIds(stack, 'serviceOrder'), p.pick);
    if (!order) return null;
    const owner = pick(
      stack.branchAgents.filter((agent) => agent.id !== order.ownerAgentId),
      p.choice,
    );
    if (!owner) return null;
    return {
      entity: 'serviceOrder',
      atSeat: true,
      id: order.id as string,
      parentId: null,
      run: async () => {
        // Seat A is the supervisor: moving an open order to another is a reassignment, with its reason (a finished one's carries none).
        if (!OPEN_ORDER_STATUSES.includes(order.status as ServiceOrderStatus)) {
          ok(await a.dispatch('orders.reassign', { orderId: order.id, ownerAgentId: owner.id }));
          return { ownerAgentId: owner.id };
        }
        ok(await a.dispatch('orders.reassign', { orderId: order.id, ownerAgentId: owner.id, note: '班长改派' }));
        return { ownerAgentId: owner.id, handoverNote: '班长改派' };
      },
    };
  }
  // A dispatch, or a re-dispatch before the outlet accepted the order.
  const dispatchable = await liveIds(stack, 'serviceOrder', (r) => r.status === 'new' || r.status === 'dispatched');
  for (let k = 0; k < dispatchable.length; k++) {
    const order = pick(dispatchable, p.pick + k)!;
    if (ok<unknown[]>(await a.dispatch('orders.dispatchOptions', { orderId: order.id })).length === 0) continue;
    return {
      entity: 'serviceOrder',
      atSeat: true,
      id: order.id as string,
      parentId: null,
      run: async () => {
        await dispatchAtSeat(a, order.id as string);
        return { status: 'dispatched', outletId: SET_BY_SEAT, appointmentStart: SET_BY_SEAT, appointmentEnd: SET_BY_SEAT, dispatchedAt: SET_BY_SEAT };
      },
    };
  }
  return null;
}

/**
 * Orders for the runs to work on: new ones (to dispatch), each with a parts request for the parts
 * desk to move on, and some taken through to completed, so that follow-ups wait to be called back.
 */
async function prepareOrders(stack: Stack, fresh: number, completed: number): Promise<void> {
  const [a, b] = stack.seats.seats as [WorkstationService, WorkstationService];
  const customers = await liveIds(stack, 'customer');
  for (let k = 0; k < fresh; k++) {
    const order = ok<ServiceOrder>(await a.dispatch('orders.create', { customerId: customers[k % customers.length]!.id, productId: null, type: 'maintenance', fault: `故障 ${k}` }));
    if (k >= completed) {
      ok(await a.dispatch('partsRequests.create', { orderId: order.id, partNumber: `PCB-${k}00`, quantity: 1 + (k % 3), note: `急 ${k}` }));
      continue;
    }
    await dispatchAtSeat(a, order.id);
    for (const status of ['accepted', 'in_service', 'completed'] as const) ok(await a.dispatch('orders.changeStatus', { orderId: order.id, status, ...stepDetails(status) }));
  }
  await syncClean(a);
  await syncClean(b);
}

describe.each(testEngines())('partial updates on %s: an update changes only the fields it names', (engine) => {
  const tmp = makeTempDir(`partial-updates-${engine}`);
  let stack: Stack | undefined;
  beforeAll(async () => {
    stack = await startStack(engine, tmp.dir);
    await prepareOrders(stack, 16, 6);
  });
  afterAll(async () => {
    await stack?.close();
    tmp.cleanup();
  });

  /** Runs per kind: 8 kinds, about 45 updates per engine. */
  const RUNS: Record<keyof typeof plans, number> = {
    'customer.edit': 10,
    'product.edit': 6,
    'serviceOrder.edit': 6,
    'serviceOrder.step': 6,
    'followUp.complete': 5,
    'campaignTarget.outcome': 5,
    'conflict.resolve': 4,
    'partsRequest.status': 5,
  };
  it.each(Object.keys(plans) as Array<keyof typeof plans>)('%s: every field not sent stays identical at seat A, the server and seat B', async (kind) => {
    const arbitrary: fc.Arbitrary<Plan> = plans[kind];
    await fc.assert(
      fc.asyncProperty(arbitrary, async (p) => {
        const update = await updateOf(stack!, p);
        expect(update, `there is a row for ${kind} to update`).not.toBeNull();
        await checkEverywhere(stack!, update!);
      }),
      { numRuns: RUNS[kind] },
    );
  });
});
