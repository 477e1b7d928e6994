import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SyncPullResponse } from '../../../shared/api/rest.js';
import type { Customer } from '../../../shared/domain/customer.js';
import type { ServiceOrder } from '../../../shared/domain/serviceOrder.js';
import type { ChangedRows } from '../../../shared/rowChanges.js';
import { makeTempDir } from '../../../tests/support/tempDir.js';
import { LocalCache } from '../localCache/localCache.js';
import { BackendClient } from './backendClient.js';
import { LiveEvents } from './liveEvents.js';
import { SeatSync } from './seatSync.js';

/**
 * The seat trusts nothing it pulls: a snapshot page with one malformed row is refused whole
 * (nothing written, the resume position unmoved), while the same page without it goes in.
 * A real HTTP server on loopback plays the backend's pull.
 */
const customer = (n: number, phone = `+861380013800${n}`): Customer => ({
  id: `6a1f3c2e-1d2b-4c5d-9e8f-00000000000${n}`,
  version: n,
  deleted: false,
  branchId: '6a1f3c2e-1d2b-4c5d-9e8f-0000000000b1',
  name: `客户${n}`,
  phone,
  altPhone: null,
  vipTier: 'none',
  province: '北京',
  city: '北京',
  provinceCode: null, cityCode: null, districtCode: null, samePhoneReason: null, tags: [],address: '朝阳区建国路1号',
  createdAt: '2026-11-23T08:00:00.000Z',
  updatedAt: '2026-11-23T08:00:00.000Z',
});

describe('initial sync from a backend that sends a malformed row', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let server: http.Server;
  let rows: Customer[];
  let requests: string[];

  beforeEach(async () => {
    tmp = makeTempDir('seat-sync');
    requests = [];
    server = http.createServer((request, response) => {
      requests.push(request.url ?? '');
      const url = new URL(request.url ?? '/', 'http://x');
      const page: SyncPullResponse =
        url.searchParams.get('snapshot') === 'start'
          ? { changes: rows.map((row) => ({ seq: row.version, entity: 'customer', row })), removals: [], cursor: 9, hasMore: false, headSeq: 9, snapshot: { next: null, done: rows.length, total: rows.length } }
          : { changes: [], removals: [], cursor: Number(url.searchParams.get('cursor')), hasMore: false, headSeq: 9 };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(page));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  });
  afterEach(async () => {
    await new Promise((resolve) => server.close(resolve));
    tmp.cleanup();
  });

  async function syncOnce(): Promise<{ cache: LocalCache; lastError: string | null }> {
    const backend = new BackendClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    const cache = LocalCache.open(path.join(tmp.dir, 'cache.db'));
    const sync = new SeatSync({ cache, backend, seatId: 'test', intervalMs: 3_600_000 });
    const status = await sync.start();
    sync.stop();
    return { cache, lastError: status.lastError };
  }

  it('refuses the whole page and writes nothing', async () => {
    rows = [customer(1), customer(2, '13800138002' /* not E.164 */), customer(3)];
    const { cache, lastError } = await syncOnce();
    expect(lastError).toMatch(/does not match the contract/);
    expect(lastError).toMatch(/phone/);
    expect(cache.customers.count()).toBe(0);
    expect(cache.pullCursor).toBe(0);
    expect(cache.snapshotPosition).toBeNull();
    expect(requests).toEqual([expect.stringContaining('snapshot=start')]);
    cache.close();
  });

  it('applies the page when every row is well-formed, and then follows the log from its cursor', async () => {
    rows = [customer(1), customer(2), customer(3)];
    const { cache, lastError } = await syncOnce();
    expect(lastError).toBeNull();
    expect(cache.customers.count()).toBe(3);
    expect(cache.pullCursor).toBe(9);
    expect(requests).toEqual([expect.stringContaining('snapshot=start'), expect.stringContaining('cursor=9')]);
    cache.close();
  });
});

describe('"sync now" while a cycle is under way', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let server: http.Server;

  beforeEach(() => {
    tmp = makeTempDir('seat-sync-now');
  });
  afterEach(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    tmp.cleanup();
  });

  it('answers with the cycle that starts after the request, not the one already in flight', async () => {
    // The first request is held, then its connection cut (the link was bad when that cycle began);
    // every later request is answered.
    let firstArrived!: () => void;
    const arrived = new Promise<void>((resolve) => (firstArrived = resolve));
    let held: http.ServerResponse | null = null;
    let requests = 0;
    server = http.createServer((request, response) => {
      requests++;
      if (requests === 1) {
        held = response;
        firstArrived();
        return;
      }
      const url = new URL(request.url ?? '/', 'http://x');
      const page: SyncPullResponse = url.searchParams.has('snapshot')
        ? { changes: [{ seq: 1, entity: 'customer', row: customer(1) }], removals: [], cursor: 1, hasMore: false, headSeq: 1, snapshot: { next: null, done: 1, total: 1 } }
        : { changes: [], removals: [], cursor: 1, hasMore: false, headSeq: 1 };
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(page));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const backend = new BackendClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    const cache = LocalCache.open(path.join(tmp.dir, 'cache.db'));
    const sync = new SeatSync({ cache, backend, seatId: 'test', intervalMs: 3_600_000 });
    try {
      const first = sync.start();
      await arrived;
      const asked = sync.syncNow(); // the agent presses "sync now" while the first cycle waits
      (held as http.ServerResponse | null)?.socket?.destroy();
      expect(await first).toMatchObject({ online: false, lastError: expect.stringMatching(/unreachable/) });
      expect(await asked).toMatchObject({ online: true, lastError: null });
      expect(cache.customers.count()).toBe(1);
      expect(requests).toBe(3); // the held snapshot request, then the next cycle's snapshot and log pull
    } finally {
      sync.stop();
      cache.close();
    }
  });

  it('answers a caller left waiting when the seat stops mid-cycle', async () => {
    let release!: () => void;
    server = http.createServer((_request, response) => {
      release = () => response.socket?.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const backend = new BackendClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    const cache = LocalCache.open(path.join(tmp.dir, 'cache.db'));
    const sync = new SeatSync({ cache, backend, seatId: 'test', intervalMs: 3_600_000 });
    try {
      const first = sync.start();
      while (!release) await new Promise((resolve) => setTimeout(resolve, 5));
      const asked = sync.syncNow();
      sync.stop();
      release();
      await first;
      expect(await asked).toMatchObject({ syncing: false });
    } finally {
      cache.close();
    }
  });
});

/**
 * Changes say what changed: a fake backend on loopback answers the log pull with what the test
 * puts there, and counts the pulls; the cache's change notices are recorded.
 */
describe('change notices and live events', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let server: http.Server;
  /** The next log page (after the snapshot); empty unless a test puts changes in it. */
  let logPage: Pick<SyncPullResponse, 'changes' | 'removals' | 'cursor'>;
  let logPulls: number;
  /** The open live-events stream, to send heads on. */
  let events: http.ServerResponse | null;
  let eventsOpened: () => void;
  let cache: LocalCache;
  let sync: SeatSync;
  let live: LiveEvents | null;
  let notices: ChangedRows[][];

  const ORDER_ID = '6a1f3c2e-1d2b-4c5d-9e8f-0000000000d1';
  const order = (): ServiceOrder => ({
    id: ORDER_ID,
    version: 2,
    deleted: false,
    orderNumber: 'BJ01-07-20261123-0001',
    customerId: customer(1).id,
    productId: null,
    branchId: customer(1).branchId,
    type: 'repair',
    status: 'new',
    fault: 'no cooling',
    ownerAgentId: '6a1f3c2e-1d2b-4c5d-9e8f-0000000000a1',
    createdAt: '2026-11-23T08:00:00.000Z',
    updatedAt: '2026-11-23T08:00:00.000Z',
    outletId: null,
    appointmentStart: null,
    appointmentEnd: null,
    dispatchedAt: null,
    warranty: null,
    feeConsent: null,
    duplicateReason: null,
    duplicateReview: null,
    completion: null,
    cancelReason: null,
    handoverNote: null,
  });

  beforeEach(async () => {
    tmp = makeTempDir('seat-sync-notices');
    logPage = { changes: [], removals: [], cursor: 9 };
    logPulls = 0;
    events = null;
    live = null;
    notices = [];
    eventsOpened = () => undefined;
    server = http.createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://x');
      if (url.pathname === '/sync/events') {
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        events = response;
        eventsOpened();
        return;
      }
      let page: SyncPullResponse;
      if (url.searchParams.get('snapshot') === 'start') {
        const rows = [customer(1), customer(2), customer(3)];
        page = { changes: rows.map((row) => ({ seq: row.version, entity: 'customer', row })), removals: [], cursor: 9, hasMore: false, headSeq: 9, snapshot: { next: null, done: 3, total: 3 } };
      } else {
        logPulls++;
        const cursor = Number(url.searchParams.get('cursor'));
        page = cursor < logPage.cursor ? { ...logPage, hasMore: false, headSeq: logPage.cursor } : { changes: [], removals: [], cursor, hasMore: false, headSeq: cursor };
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(page));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const backend = new BackendClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
    cache = LocalCache.open(path.join(tmp.dir, 'cache.db'));
    sync = new SeatSync({ cache, backend, seatId: 'test', intervalMs: 3_600_000 });
    await sync.start();
    cache.onRowsChanged = (changes) => notices.push(changes);
    logPulls = 0;
  });
  afterEach(async () => {
    live?.stop();
    sync.stop();
    cache.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    tmp.cleanup();
  });

  it('an empty poll tells nothing; a pulled page names exactly its rows, their customers and orders', async () => {
    await sync.syncNow();
    expect(logPulls).toBe(1);
    expect(notices).toEqual([]);

    logPage = {
      changes: [
        { seq: 10, entity: 'customer', row: { ...customer(2), version: 10, name: '客户二' } },
        { seq: 11, entity: 'serviceOrder', row: order() },
      ],
      removals: [{ seq: 12, entity: 'customer', id: customer(3).id }],
      cursor: 12,
    };
    await sync.syncNow();
    expect(notices).toEqual([
      [
        { entity: 'customer', ids: [customer(3).id, customer(2).id], customerIds: [], orderIds: [] },
        { entity: 'serviceOrder', ids: [ORDER_ID], customerIds: [customer(1).id], orderIds: [] },
      ],
    ]);
    expect(cache.customers.get(customer(2).id)?.name).toBe('客户二');
  });

  it('a live event with a head the seat already has costs no pull; a newer head is pulled', async () => {
    const heads: Array<number | null> = [];
    let headTold!: () => void;
    let told = new Promise<void>((resolve) => (headTold = resolve));
    const ran: boolean[] = [];
    live = new LiveEvents({
      backend: new BackendClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
      onHead: (headSeq) => {
        heads.push(headSeq);
        void sync.remoteHead(headSeq).then((r) => {
          ran.push(r);
          headTold();
        });
      },
    });
    const opened = new Promise<void>((resolve) => (eventsOpened = resolve));
    live.start();
    await opened;
    const send = async (headSeq: number) => {
      told = new Promise<void>((resolve) => (headTold = resolve));
      events!.write(`event: changes\ndata: ${JSON.stringify({ headSeq })}\n\n`);
      await told;
    };

    await send(9); // the head the stream opens with: the seat's cursor is 9 already
    await send(7);
    expect(heads).toEqual([9, 7]);
    expect(ran).toEqual([false, false]);
    expect(logPulls).toBe(0);

    logPage = { changes: [{ seq: 10, entity: 'customer', row: { ...customer(1), version: 10, city: '天津' } }], removals: [], cursor: 10 };
    await send(10);
    expect(ran).toEqual([false, false, true]);
    expect(logPulls).toBe(1);
    expect(cache.pullCursor).toBe(10);
    expect(notices).toEqual([[{ entity: 'customer', ids: [customer(1).id], customerIds: [], orderIds: [] }]]);
  });
});
