import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCache } from '../../main/services/localCache/localCache.js';
import type { WorkstationService } from '../../main/services/workstationService.js';
import { openServerDatabase, type ServerDatabase } from '../../server/db/openServerDatabase.js';
import { syncedTables } from '../../server/db/syncedTables.js';
import { writeSyncedRows } from '../../server/db/writeSyncedRows.js';
import { nextStatuses } from '../../shared/domain/orderStatus.js';
import type { ServiceOrder, ServiceOrderStatus } from '../../shared/domain/serviceOrder.js';
import type { DeadLetter } from '../../shared/workstationApi.js';
import { startBackend, type RunningBackend } from '../support/backendProcess.js';
import { DEMO_AGENT, OTHER_BRANCH_AGENT } from '../support/demo.js';
import { ok, seatsOnOwnLinks, type SeatsOnLinks } from '../support/seats.js';
import { makeTempDir } from '../support/tempDir.js';

/**
 * An order handed across branches is its owner's to work at their seat, offline too: a change made
 * at the order's own branch reaches the owner's seat by its live event (the seats poll only every
 * minute here), and the owner's change made offline is accepted when the link is back.
 */
const tmp = makeTempDir('owned-across-branches');
let backend: RunningBackend;
let onLinks: SeatsOnLinks;
let hq: ServerDatabase;

beforeAll(async () => {
  backend = await startBackend({ dir: tmp.dir, customers: 80 });
  onLinks = await seatsOnOwnLinks(backend.url, tmp.dir, [DEMO_AGENT.login, OTHER_BRANCH_AGENT.login]);
  hq = openServerDatabase(backend.dbFile);
});
afterAll(async () => {
  await hq?.close();
  await onLinks?.close();
  await backend?.stop();
  tmp.cleanup();
});

/** A status an order in `status` moves to by a plain status change (not a dispatch, not a cancel). */
function plainNext(status: ServiceOrderStatus): ServiceOrderStatus | undefined {
  return nextStatuses(status).find((next) => next !== 'dispatched' && next !== 'cancelled');
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

describe('an order owned across branches', () => {
  it('wakes the owner’s seat for the branch’s changes, and takes the owner’s offline change when the link is back', async () => {
    const [bj, gz] = onLinks.seats as [WorkstationService, WorkstationService];
    const agents = await hq.db.selectFrom('agents').select(['id', 'login', 'branchId']).execute();
    const bjAgent = agents.find((a) => a.login === DEMO_AGENT.login)!;
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
    const [row] = await syncedTables.serviceOrder.load(hq.db, [order.id]);
    const { version: _version, ...handed } = { ...row!, ownerAgentId: gzAgent.id };
    await writeSyncedRows(hq.db, 'serviceOrder', [handed]);
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
