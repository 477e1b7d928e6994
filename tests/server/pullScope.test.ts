import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, SyncPullResponse, type SyncChange, type SyncEntity, type SyncRemoval } from '../../shared/api/rest.js';
import type { SyncedRow } from '../../server/db/syncedRecords.js';
import { syncedTables } from '../../server/db/syncedTables.js';
import { writeSyncedRows } from '../../server/db/writeSyncedRows.js';
import { branchIdOf, startTestBackend, type TestBackend } from './support/testBackend.js';
import { testEngines } from './support/testDatabase.js';

/**
 * Pull scope (docs/architecture.md §3): the agent's branch plus records they own; a row that leaves a scope
 * reaches that scope's seats as a removal; the snapshot (fast initial sync) followed by the log
 * pull gives exactly the scope's rows, even with writes in between its pages.
 */
describe.each(testEngines())('pull scope on %s', (engine) => {
  let backend: TestBackend;
  let bj: string;
  let gz: string;
  let bjAgent: string;
  let bjAgentId: string;
  let gzAgentId: string;
  let BJ: string;
  let GZ: string;

  beforeAll(async () => {
    backend = await startTestBackend({ customers: 60, engine });
    bjAgent = await backend.bearer('bj.agent1');
    bj = await backend.bearer('bj.agent2');
    gz = await backend.bearer('gz.agent1');
    const agents = await backend.database.db.selectFrom('agents').select(['id', 'login']).execute();
    bjAgentId = agents.find((a) => a.login === 'bj.agent1')!.id;
    gzAgentId = agents.find((a) => a.login === 'gz.agent1')!.id;
    BJ = branchIdOf(backend, 'BJ01');
    GZ = branchIdOf(backend, 'GZ01');
  });
  afterAll(() => backend.close());

  async function get(authorization: string, query: string): Promise<SyncPullResponse> {
    const response = await backend.app.inject({ method: 'GET', url: `/sync/pull?${query}`, headers: { authorization } });
    expect(response.statusCode, response.body).toBe(200);
    return SyncPullResponse.parse(response.json());
  }

  /** The log from `cursor` to its end. */
  async function pullLog(authorization: string, cursor: number): Promise<{ changes: SyncChange[]; removals: SyncRemoval[]; cursor: number }> {
    const changes: SyncChange[] = [];
    const removals: SyncRemoval[] = [];
    for (;;) {
      const page = await get(authorization, `cursor=${cursor}&limit=37`);
      changes.push(...page.changes);
      removals.push(...page.removals);
      cursor = page.cursor;
      if (!page.hasMore) return { changes, removals, cursor };
    }
  }

  /** What a seat would hold after applying changes and removals in seq order: id → version. */
  function replay(changes: readonly SyncChange[], removals: readonly SyncRemoval[], into = new Map<string, SyncChange>()): Map<string, SyncChange> {
    const steps = [...changes.map((c) => ({ seq: c.seq, change: c, id: c.row.id })), ...removals.map((r) => ({ seq: r.seq, change: null, id: r.id }))];
    for (const step of steps.sort((a, b) => a.seq - b.seq)) {
      if (step.change === null) into.delete(step.id);
      else if ((into.get(step.id)?.row.version ?? -1) <= step.change.row.version) into.set(step.id, step.change);
    }
    return into;
  }

  async function current<E extends SyncEntity>(entity: E, id: string): Promise<SyncedRow<E>> {
    const [row] = await syncedTables[entity].load(backend.database.db, [id]);
    if (!row) throw new Error(`no ${entity} ${id}`);
    return row;
  }

  async function rewrite<E extends SyncEntity>(entity: E, id: string, patch: Partial<SyncedRow<E>>): Promise<void> {
    const { version: _version, ...row } = { ...(await current(entity, id)), ...patch };
    await writeSyncedRows(backend.database.db, entity, [row as never]);
  }

  async function anOrderOf(branchId: string, except: readonly string[] = []): Promise<string> {
    const order = await backend.database.db
      .selectFrom('serviceOrders')
      .select('id')
      .where('branchId', '=', branchId)
      .where('deleted', '=', 0)
      .where('id', 'not in', ['00000000-0000-0000-0000-000000000000', ...except])
      .orderBy('id')
      .executeTakeFirstOrThrow();
    return order.id;
  }

  it('an order the agent owns in another branch is in their pull, and leaves it as a removal when handed on', async () => {
    const { cursor: bjAgentStart } = await pullLog(bjAgent, 0);
    const { cursor: bjStart } = await pullLog(bj, 0);
    const orderId = await anOrderOf(GZ);
    await rewrite('serviceOrder', orderId, { ownerAgentId: bjAgentId });

    const owner = await pullLog(bjAgent, bjAgentStart);
    expect(owner.changes.map((c) => [c.entity, c.row.id])).toEqual([['serviceOrder', orderId]]);
    expect(owner.removals).toEqual([]);
    // Another agent of the owner's branch: not theirs, not their branch.
    expect((await pullLog(bj, bjStart)).changes).toEqual([]);
    // The order's own branch still has it.
    expect((await get(gz, 'cursor=0&limit=10000&snapshot=start')).changes.map((c) => c.row.id)).toContain(orderId);

    // The snapshot (initial sync) of the owner brings it too, after the branch's own rows.
    const snapshot = await snapshotAll(bjAgent, 1000);
    expect(snapshot.changes.filter((c) => c.row.id === orderId)).toHaveLength(1);

    await rewrite('serviceOrder', orderId, { ownerAgentId: gzAgentId });
    const handedOn = await pullLog(bjAgent, owner.cursor);
    expect(handedOn.changes).toEqual([]);
    expect(handedOn.removals).toEqual([{ seq: handedOn.cursor, entity: 'serviceOrder', id: orderId }]);
    expect((await snapshotAll(bjAgent, 1000)).changes.map((c) => c.row.id)).not.toContain(orderId);
  });

  it('a customer moved to another branch reaches the old branch as a removal, the new one as a row', async () => {
    const { cursor: bjStart } = await pullLog(bj, 0);
    const { cursor: gzStart } = await pullLog(gz, 0);
    const customer = backend.households.find((h) => h.customer.branchId === BJ)!.customer;
    await rewrite('customer', customer.id, { branchId: GZ, province: '广东省', city: '广州市' });

    const old = await pullLog(bj, bjStart);
    expect(old.changes).toEqual([]);
    expect(old.removals.map((r) => [r.entity, r.id])).toEqual([['customer', customer.id]]);
    const fresh = await pullLog(gz, gzStart);
    expect(fresh.changes.map((c) => [c.entity, c.row.id, c.row.branchId])).toEqual([['customer', customer.id, GZ]]);

    // Pulling BJ's log from the start: the customer's earlier BJ entries are answered with
    // removals, never with the row (which now belongs to GZ).
    const whole = await pullLog(bj, 0);
    expect(whole.changes.some((c) => c.row.id === customer.id)).toBe(false);
    expect(whole.removals.filter((r) => r.id === customer.id).length).toBeGreaterThanOrEqual(2);
  });

  it("branch B's seat never receives branch A's rows, by log, snapshot or crafted snapshot positions", async () => {
    const gzRows = [...(await pullLog(gz, 0)).changes, ...(await snapshotAll(gz, 500)).changes];
    expect(gzRows.length).toBeGreaterThan(100);
    for (const change of gzRows) expect(change.row.branchId).toBe(GZ);
    const head = (await get(gz, 'cursor=0&limit=1')).headSeq;
    for (const entity of ['customer', 'product', 'serviceOrder', '~owned']) {
      for (const position of [`${head}.0.0.${entity}.`, `0.0.0.${entity}.00000000-0000-0000-0000-000000000000`]) {
        const page = await get(gz, `cursor=0&limit=10000&snapshot=${position}`);
        for (const change of page.changes) expect(change.row.branchId).toBe(GZ);
      }
    }
    for (const bad of ['1.2.3.customer.x', '1.2.3.nope.', "start'--", '1.2.3.customer.' + 'a'.repeat(40)]) {
      const response = await backend.app.inject({ method: 'GET', url: `/sync/pull?cursor=0&snapshot=${encodeURIComponent(bad)}`, headers: { authorization: gz } });
      expect(response.statusCode, bad).toBe(400);
      expect(ApiError.parse(response.json()).error.code).toBeTruthy();
    }
    const withCursor = await backend.app.inject({ method: 'GET', url: '/sync/pull?cursor=5&snapshot=start', headers: { authorization: gz } });
    expect(withCursor.statusCode).toBe(400);
  });

  async function snapshotAll(authorization: string, limit: number, between: () => Promise<void> = async () => undefined) {
    const changes: SyncChange[] = [];
    let position = 'start';
    let pages = 0;
    for (;;) {
      const page = await get(authorization, `cursor=0&limit=${limit}&snapshot=${position}`);
      pages++;
      expect(page.changes.length).toBeLessThanOrEqual(limit);
      changes.push(...page.changes);
      if (page.snapshot?.next === null) return { changes, cursor: page.cursor, pages, total: page.snapshot.total, done: page.snapshot.done };
      position = page.snapshot!.next;
      await between();
    }
  }

  it('a snapshot with writes between its pages, then the log from its cursor, gives exactly the scope', async () => {
    // (The first BJ customer moved to GZ in the test above.)
    const customers = backend.households.filter((h) => h.customer.branchId === BJ).map((h) => h.customer.id).slice(5);
    let n = 0;
    const movedAway = customers[3]!;
    const owned = await anOrderOf(GZ);
    const writes = async () => {
      n++;
      const now = new Date().toISOString();
      // New rows at both ends of the id order (before and after the snapshot's position).
      for (const id of [`00000000-0000-4000-8000-${String(n).padStart(12, '0')}`, `ffffffff-ffff-4fff-bfff-${String(n).padStart(12, '0')}`]) {
        await writeSyncedRows(backend.database.db, 'customer', [
          { id, deleted: false, branchId: BJ, name: `快照客户${n}`, phone: `+86139000${String(n).padStart(5, '0')}`, altPhone: null, vipTier: 'none', province: '北京', city: '北京', provinceCode: null, cityCode: null, districtCode: null, samePhoneReason: null, tags: [],address: '东城区', createdAt: now, updatedAt: now },
        ]);
      }
      if (n === 1) await rewrite('customer', customers[0]!, { name: '改名客户' });
      if (n === 2) await rewrite('customer', movedAway, { branchId: GZ });
      if (n === 3) await rewrite('customer', customers[1]!, { deleted: true });
      if (n === 4) await rewrite('serviceOrder', owned, { ownerAgentId: bjAgentId });
    };
    const snapshot = await snapshotAll(bjAgent, 20, writes);
    expect(snapshot.pages).toBeGreaterThan(5);
    expect(snapshot.done).toBe(snapshot.changes.length);
    const log = await pullLog(bjAgent, snapshot.cursor);
    const seat = replay(log.changes, log.removals, replay(snapshot.changes, []));

    // The scope now, straight from the tables: every live row of BJ, plus the order owned elsewhere.
    const expected = new Map<string, number>();
    for (const entity of Object.keys(syncedTables) as SyncEntity[]) {
      for (let after = ''; ; ) {
        const rows: SyncedRow<SyncEntity>[] = await syncedTables[entity].branchPage(backend.database.db, BJ, after, 1000);
        for (const row of rows) expected.set(row.id, row.version);
        if (rows.length < 1000) break;
        after = rows.at(-1)!.id;
      }
    }
    expected.set(owned, (await current('serviceOrder', owned)).version);
    const live = new Map([...seat].filter(([, c]) => !c.row.deleted).map(([id, c]) => [id, c.row.version]));
    expect(live).toEqual(expected);
    expect(seat.has(movedAway)).toBe(false);
    expect(seat.get(customers[0]!)?.row).toMatchObject({ name: '改名客户' });
    expect(n).toBeGreaterThan(4);
    const ids = snapshot.changes.map((c) => c.row.id);
    expect(new Set(ids).size).toBe(ids.length); // the snapshot itself sends each row once
  });
});
