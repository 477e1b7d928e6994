import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCache } from '../../main/services/localCache/localCache.js';
import type { WorkstationService } from '../../main/services/workstationService.js';
import { openServerDatabase, type ServerDatabase } from '../../server/db/openServerDatabase.js';
import type { SyncedRow } from '../../server/db/syncedRecords.js';
import { syncedTables } from '../../server/db/syncedTables.js';
import { writeSyncedRows } from '../../server/db/writeSyncedRows.js';
import type { SyncEntity } from '../../shared/api/rest.js';
import { nextStatuses } from '../../shared/domain/orderStatus.js';
import type { ServiceOrder, ServiceOrderStatus } from '../../shared/domain/serviceOrder.js';
import type { CustomerCard, DeadLetter } from '../../shared/workstationApi.js';
import { startBackend, type RunningBackend } from '../support/backendProcess.js';
import { DEMO_LOGINS } from '../../server/seed/demoLogins.js';
import { DEMO_AGENT, OTHER_BRANCH_AGENT } from '../support/demo.js';
import { ok, seatsOnOwnLinks, type SeatsOnLinks } from '../support/seats.js';
import { makeTempDir } from '../support/tempDir.js';

/** The BJ01 seat: its supervisor, who moves on any order of the branch (one owner per order binds agents). */
const BJ_SEAT = DEMO_LOGINS.find((l) => l.branchCode === DEMO_AGENT.branchCode && l.role === 'supervisor')!;

/**
 * Pull scope at real seats: an order handed to an agent of another branch reaches that agent's
 * seat, and leaves it again when handed back; a customer moved to another branch leaves the old
 * branch's seat and reaches the new one's. The owner works such an order at their seat, offline
 * too, and their seat is woken by its changes (the seats poll only every minute here). Headquarters' writes go through the backend's own
 * write path (writeSyncedRows) on its database, as a back-office job would.
 */
const tmp = makeTempDir('pull-scope');
let backend: RunningBackend;
let onLinks: SeatsOnLinks;
let hq: ServerDatabase;

beforeAll(async () => {
  backend = await startBackend({ dir: tmp.dir, customers: 80 });
  onLinks = await seatsOnOwnLinks(backend.url, tmp.dir, [BJ_SEAT.login, OTHER_BRANCH_AGENT.login]);
  hq = openServerDatabase(backend.dbFile);
});
afterAll(async () => {
  await hq?.close();
  await onLinks?.close();
  await backend?.stop();
  tmp.cleanup();
});

async function rewrite<E extends SyncEntity>(entity: E, id: string, patch: Partial<SyncedRow<E>>): Promise<void> {
  const [row] = await syncedTables[entity].load(hq.db, [id]);
  if (!row) throw new Error(`no ${entity} ${id}`);
  const { version: _version, ...write } = { ...row, ...patch };
  await writeSyncedRows(hq.db, entity, [write as never]);
}

const hasOrder = async (seat: WorkstationService, orderId: string) => {
  const result = await seat.dispatch('orders.timeline', { orderId });
  if (!result.ok && result.error.code !== 'not_found') throw new Error(result.error.message);
  return result.ok;
};
const card = async (seat: WorkstationService, customerId: string) => ok<CustomerCard | null>(await seat.dispatch('customers.card', { customerId }));
const syncBoth = async () => {
  for (const seat of onLinks.seats) ok(await seat.dispatch('sync.now', {}));
};

/** A status an order in `status` moves to by a plain status change (not a dispatch, a cancel, a completion, nor what the follow-up decides). */
function plainNext(status: ServiceOrderStatus): ServiceOrderStatus | undefined {
  return nextStatuses(status).find((next) => !['dispatched', 'cancelled', 'completed', 'visited', 'closed'].includes(next));
}

/** The order as the seat's cache holds it (no contract call reads one order of another branch's customer). */
const statusAt = async (seat: WorkstationService, orderId: string): Promise<ServiceOrderStatus | null> => {
  const { cache } = (seat as unknown as { session: { cache: LocalCache } }).session;
  return cache.serviceOrders.find(orderId)?.status ?? null;
};

const statusAtBackend = async (orderId: string) => (await syncedTables.serviceOrder.load(hq.db, [orderId]))[0]!.status;

async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('pull scope at the seats', () => {
  it('an order owned across branches comes and goes with its owner; a moved customer leaves the old branch', async () => {
    const [bj, gz] = onLinks.seats as [WorkstationService, WorkstationService];
    const agents = await hq.db.selectFrom('agents').select(['id', 'login', 'branchId']).execute();
    const bjAgent = agents.find((a) => a.login === BJ_SEAT.login)!;
    const gzAgent = agents.find((a) => a.login === OTHER_BRANCH_AGENT.login)!;
    const order = await hq.db
      .selectFrom('serviceOrders')
      .select(['id', 'customerId'])
      .where('branchId', '=', bjAgent.branchId)
      .where('deleted', '=', 0)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    expect(await hasOrder(bj, order.id)).toBe(true);
    expect(await hasOrder(gz, order.id)).toBe(false);

    await rewrite('serviceOrder', order.id, { ownerAgentId: gzAgent.id });
    await syncBoth();
    expect(await hasOrder(gz, order.id)).toBe(true); // owned, though of another branch
    expect(await hasOrder(bj, order.id)).toBe(true); // still the branch's order
    expect(await card(gz, order.customerId)).toBeNull(); // the order, not its customer's whole record

    await rewrite('serviceOrder', order.id, { ownerAgentId: bjAgent.id });
    await syncBoth();
    expect(await hasOrder(gz, order.id)).toBe(false); // a scope exit: dropped from the cache
    expect(await hasOrder(bj, order.id)).toBe(true);

    const customer = await hq.db
      .selectFrom('customers')
      .select(['id'])
      .where('branchId', '=', bjAgent.branchId)
      .where('id', '<>', order.customerId)
      .where('deleted', '=', 0)
      .orderBy('id')
      .executeTakeFirstOrThrow();
    expect(await card(bj, customer.id)).not.toBeNull();
    expect(await card(gz, customer.id)).toBeNull();
    await rewrite('customer', customer.id, { branchId: gzAgent.branchId, province: '广东省', city: '广州市' });
    await syncBoth();
    expect(await card(bj, customer.id)).toBeNull();
    expect((await card(gz, customer.id))?.customer).toMatchObject({ id: customer.id, branchId: gzAgent.branchId });
    // The record itself was not deleted: it is live at the backend, in its new branch.
    const [moved] = await syncedTables.customer.load(hq.db, [customer.id]);
    expect(moved).toMatchObject({ deleted: false, branchId: gzAgent.branchId });
  });

  it('wakes the owner’s seat for the branch’s changes, and takes the owner’s offline change when the link is back', async () => {
    const [bj, gz] = onLinks.seats as [WorkstationService, WorkstationService];
    const agents = await hq.db.selectFrom('agents').select(['id', 'login', 'branchId']).execute();
    const bjAgent = agents.find((a) => a.login === BJ_SEAT.login)!;
    const gzAgent = agents.find((a) => a.login === OTHER_BRANCH_AGENT.login)!;
    // A BJ01 order that two plain status changes can move on.
    const candidates = await hq.db.selectFrom('serviceOrders').select(['id', 'status']).where('branchId', '=', bjAgent.branchId).where('deleted', '=', 0).orderBy('id').execute();
    const order = candidates.find((o) => {
      const next = plainNext(o.status);
      return next !== undefined && plainNext(next) !== undefined;
    })!;
    const first = plainNext(order.status)!;
    const second = plainNext(first)!;

    // Headquarters hands it to the GZ01 agent.
    await rewrite('serviceOrder', order.id, { ownerAgentId: gzAgent.id });
    ok(await gz.dispatch('sync.now', {}));
    expect(await statusAt(gz, order.id)).toBe(order.status);

    // The order's branch moves it on: the owner's seat hears of it without polling.
    ok(await bj.dispatch('sync.now', {}));
    expect(ok<ServiceOrder>(await bj.dispatch('orders.changeStatus', { orderId: order.id, status: first })).status).toBe(first);
    await eventually(async () => (await statusAt(gz, order.id)) === first, 5_000);

    // Offline at the owner's seat: the change is made in the cache, queued, and accepted later.
    onLinks.links[1]!.setDown(true);
    expect(ok<ServiceOrder>(await gz.dispatch('orders.changeStatus', { orderId: order.id, status: second })).status).toBe(second);
    expect(await statusAtBackend(order.id)).toBe(first);
    onLinks.links[1]!.setDown(false);
    ok(await gz.dispatch('sync.now', {}));
    expect(ok<DeadLetter[]>(await gz.dispatch('sync.deadLetters', {}))).toEqual([]);
    expect(await statusAtBackend(order.id)).toBe(second);
    expect(await statusAt(gz, order.id)).toBe(second);
    ok(await bj.dispatch('sync.now', {}));
    expect(await statusAt(bj, order.id)).toBe(second);
  });
});
