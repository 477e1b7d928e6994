import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../server/db/migrate.js';
import { openServerDatabase, type ServerDatabase } from '../../server/db/openServerDatabase.js';
import { retryOnDeadlock } from '../../server/db/changeLogSeqs.js';
import type { SyncedRowWrite } from '../../server/db/syncedRecords.js';
import { syncedTables } from '../../server/db/syncedTables.js';
import { writeSyncedRows } from '../../server/db/writeSyncedRows.js';
import { seedDemoData } from '../../server/seed/seed.js';
import { pullChanges } from '../../server/sync/pullChanges.js';
import { createTestDatabase, testEngines } from './support/testDatabase.js';

const WRITERS = 48;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(testEngines())('change-log seqs on %s', (engine) => {
  let store: Awaited<ReturnType<typeof createTestDatabase>>;
  /** Writers and the puller use separate connection pools, as separate requests would. */
  let writers: ServerDatabase[];
  let puller: ServerDatabase;
  let branchId: string;

  beforeAll(async () => {
    store = await createTestDatabase(engine);
    puller = openServerDatabase(store.url);
    await migrateToLatest(puller);
    await seedDemoData(puller, { customers: 30 });
    branchId = (await puller.db.selectFrom('branches').select('id').orderBy('code').executeTakeFirstOrThrow()).id;
    // Three pools of ten on PostgreSQL: up to 30 transactions in flight at once.
    writers = engine === 'postgres' ? [0, 1, 2].map(() => openServerDatabase(store.url)) : [puller];
  });
  afterAll(async () => {
    for (const w of new Set([...writers, puller])) await w.close();
    await store.drop();
  });

  function customer(n: number): SyncedRowWrite<'customer'> {
    const now = new Date().toISOString();
    return {
      id: randomUUID(),
      deleted: false,
      branchId,
      name: `并发客户${n}`,
      phone: `+861380000${String(n).padStart(4, '0')}`,
      altPhone: null,
      vipTier: 'none',
      province: '北京',
      city: '北京',
      provinceCode: null, cityCode: null, districtCode: null, samePhoneReason: null, tags: [],address: '海淀区',
      createdAt: now,
      updatedAt: now,
    };
  }

  it('a puller looping during many concurrent, partly slow writers gets every row exactly once, in seq order', async () => {
    const head = await pullChanges(puller.db, { branchId }, 0, 10_000);
    const lastSeq = Number((await puller.db.selectFrom('changeLog').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirstOrThrow()).seq);
    let cursor = head.cursor;
    const pulled: Array<{ seq: number; id: string }> = [];
    let writing = true;
    const pullLoop = (async () => {
      for (;;) {
        const done = !writing; // read before pulling: the last pass starts after every commit
        const page = await pullChanges(puller.db, { branchId }, cursor, 7);
        pulled.push(...page.changes.map((c) => ({ seq: c.seq, id: c.row.id })));
        cursor = page.cursor;
        if (done && !page.hasMore) return;
        if (!page.hasMore) await sleep(2);
      }
    })();

    const written = await Promise.all(
      Array.from({ length: WRITERS }, async (_, n) => {
        const pool = writers[n % writers.length] ?? puller;
        await sleep((n * 7) % 23);
        return pool.db.transaction().execute(async (trx) => {
          const [row] = await writeSyncedRows(trx, 'customer', [customer(n)]);
          // A third of the writers dawdle between taking their seq and committing.
          if (n % 3 === 0) await sleep(15 + ((n * 13) % 40));
          return row?.id ?? '';
        });
      }),
    );
    writing = false;
    await pullLoop;

    const seqs = pulled.map((p) => p.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(pulled.map((p) => p.id).sort()).toEqual([...written].sort());
    // No holes either: the seqs after the last one are consecutive (a PostgreSQL sequence leaves
    // one per rolled-back writer; none rolled back here).
    expect(seqs).toEqual(seqs.map((_, i) => lastSeq + 1 + i));
  });

  it('across branches: a puller of a branch and of the orders its agent owns elsewhere gets every entry of its scope exactly once, in seq order', async () => {
    const [otherBranch, agent] = await Promise.all([
      puller.db.selectFrom('branches').select('id').where('id', '<>', branchId).orderBy('code').executeTakeFirstOrThrow(),
      puller.db.selectFrom('agents').select('id').where('branchId', '=', branchId).orderBy('login').executeTakeFirstOrThrow(),
    ]);
    // An order of the other branch handed to this branch's agent: its changes concern both scopes.
    const { id: orderId } = await puller.db.selectFrom('serviceOrders').select('id').where('branchId', '=', otherBranch.id).orderBy('id').executeTakeFirstOrThrow();
    const [order] = await syncedTables.serviceOrder.load(puller.db, [orderId]);
    if (!order) throw new Error('no order to hand over');
    const scope = { branchId, agentId: agent.id };
    const start = await pullChanges(puller.db, scope, 0, 100_000);
    let cursor = start.cursor;
    const pulled: number[] = [];
    let writing = true;
    const pullLoop = (async () => {
      for (;;) {
        const done = !writing;
        const page = await pullChanges(puller.db, scope, cursor, 5);
        pulled.push(...page.changes.map((c) => c.seq), ...page.removals.map((r) => r.seq));
        cursor = page.cursor;
        if (done && !page.hasMore) return;
        if (!page.hasMore) await sleep(2);
      }
    })();

    await Promise.all(
      Array.from({ length: WRITERS }, async (_, n) => {
        const pool = writers[n % writers.length] ?? puller;
        await sleep((n * 7) % 23);
        // Writers that take keys one after another may deadlock (PostgreSQL aborts one): run again, as push does.
        await retryOnDeadlock(() => pool.db.transaction().execute(async (trx) => {
          // A third each: this branch's customers, the other branch's, the handed-over order.
          if (n % 3 === 0) await writeSyncedRows(trx, 'customer', [customer(n)]);
          else if (n % 3 === 1) await writeSyncedRows(trx, 'customer', [{ ...customer(n), branchId: otherBranch.id }]);
          else {
            const { version: _version, ...row } = order;
            await writeSyncedRows(trx, 'serviceOrder', [{ ...row, ownerAgentId: agent.id, updatedAt: new Date(Date.now() + n).toISOString() }]);
          }
          // A quarter dawdle between taking their seq and committing.
          if (n % 4 === 0) await sleep(15 + ((n * 13) % 40));
        }));
      }),
    );
    writing = false;
    await pullLoop;

    expect(pulled).toEqual([...pulled].sort((a, b) => a - b));
    expect(new Set(pulled).size).toBe(pulled.length);
    const expected = await puller.db
      .selectFrom('changeLog')
      .select('seq')
      .where('seq', '>', start.cursor)
      .where((eb) => eb.or([eb('branchId', '=', branchId), eb('ownerAgentId', '=', agent.id), eb('exitedBranchId', '=', branchId), eb('exitedOwnerAgentId', '=', agent.id)]))
      .orderBy('seq')
      .execute();
    expect(pulled).toEqual(expected.map((e) => e.seq));
    // Both kinds arrived: the branch's own customers and the order owned from elsewhere.
    expect(expected.length).toBeGreaterThanOrEqual(Math.floor((WRITERS * 2) / 3));
  });

  // SQLite runs one write transaction at a time by design (one process, one box).
  if (engine === 'postgres') it("writers of one branch do not wait for another branch's writer that is slow to commit", async () => {
    const [otherBranch] = await puller.db.selectFrom('branches').select('id').where('id', '<>', branchId).orderBy('code').execute();
    let releaseSlow = () => {};
    let slowHasSeq = () => {};
    const slowWrote = new Promise<void>((resolve) => (slowHasSeq = resolve));
    const slowRow = customer(7001);
    const slow = (writers[0] ?? puller).db.transaction().execute(async (trx) => {
      await writeSyncedRows(trx, 'customer', [slowRow]);
      slowHasSeq();
      await new Promise<void>((resolve) => (releaseSlow = resolve));
    });
    await slowWrote;
    const begun = Date.now();
    // Other branch: five writers, each its own transaction, while the slow one holds its seq.
    const others = await Promise.race([
      Promise.all([1, 2, 3, 4, 5].map((n) => writeSyncedRows((writers[n % writers.length] ?? puller).db, 'customer', [{ ...customer(7001 + n), branchId: otherBranch?.id ?? '' }]))),
      sleep(3_000).then(() => null),
    ]);
    const waited = Date.now() - begun;
    // The other branch's puller gets its rows at once; this branch's puller is held below the slow seq.
    const otherPull = await pullChanges(puller.db, { branchId: otherBranch?.id ?? '' }, Math.min(...(others ?? []).map((r) => r[0]?.version ?? 0)) - 1, 100);
    const thisPull = await pullChanges(puller.db, { branchId }, 0, 100_000);
    releaseSlow();
    await slow;
    expect(others).not.toBeNull();
    expect(waited).toBeLessThan(1_500);
    expect(otherPull.changes).toHaveLength(5);
    expect(thisPull.changes.map((c) => c.row.id)).not.toContain(slowRow.id);
    const afterCommit = await pullChanges(puller.db, { branchId }, thisPull.cursor, 100_000);
    expect(afterCommit.changes.map((c) => c.row.id)).toContain(slowRow.id);
  });

  it('a rolled-back writer leaves no row, and the feed goes on past its seq', async () => {
    const before = await pullChanges(puller.db, { branchId }, 0, 10_000);
    let rolledBack = { id: '', version: 0 };
    await expect(
      puller.db.transaction().execute(async (trx) => {
        const [row] = await writeSyncedRows(trx, 'customer', [customer(9001)]);
        rolledBack = { id: row?.id ?? '', version: row?.version ?? 0 };
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const [row] = await writeSyncedRows(puller.db, 'customer', [customer(9002)]);
    // SQLite hands seqs out of change_log_head, rolled back with the writer; a PostgreSQL sequence
    // is not rolled back: a hole, which the feed steps over.
    if (engine === 'sqlite') expect(row?.version).toBe(rolledBack.version);
    else expect(row?.version).toBe(rolledBack.version + 1);
    const after = await pullChanges(puller.db, { branchId }, before.cursor, 10_000);
    expect(after.changes.map((c) => c.row.id)).toEqual([row?.id]);
    expect(await puller.db.selectFrom('customers').select('id').where('id', '=', rolledBack.id).execute()).toEqual([]);
  });

  // SQLite cannot interleave write transactions: the hazard exists on PostgreSQL only.
  if (engine === 'postgres') it('control: with seqs from a PostgreSQL sequence (taken before commit) a reader sees seq n+1 before n', async () => {
    await sql`create sequence control_seq start with 1000000`.execute(puller.db);
    const insertEntry = (trx: typeof puller.db) =>
      sql`insert into change_log (seq, entity, entity_id, branch_id) values (nextval('control_seq'), 'customer', ${randomUUID()}, ${branchId})`.execute(trx);
    const late = openServerDatabase(store.url);
    const early = openServerDatabase(store.url);
    try {
      let releaseLate = () => {};
      let lateInserted = () => {};
      const lateHasSeq = new Promise<void>((resolve) => (lateInserted = resolve));
      const lateCommitted = late.db.transaction().execute(async (trx) => {
        await insertEntry(trx); // takes 1000000
        lateInserted();
        await new Promise<void>((resolve) => (releaseLate = resolve));
      });
      await lateHasSeq;
      await early.db.transaction().execute(async (trx) => insertEntry(trx)); // takes 1000001, commits first
      const seen = await puller.db.selectFrom('changeLog').select('seq').where('seq', '>=', 1_000_000).execute();
      releaseLate();
      await lateCommitted;
      const after = await puller.db.selectFrom('changeLog').select('seq').where('seq', '>=', 1_000_000).orderBy('seq').execute();
      // A cursor at max(seen) = 1000001 would never return 1000000, now committed.
      expect(seen.map((r) => r.seq)).toEqual([1_000_001]);
      expect(after.map((r) => r.seq)).toEqual([1_000_000, 1_000_001]);
    } finally {
      await late.close();
      await early.close();
      await sql`delete from change_log where seq >= 1000000`.execute(puller.db);
    }
  });
});
