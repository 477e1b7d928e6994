import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../server/db/migrate.js';
import { openServerDatabase, type ServerDatabase } from '../../server/db/openServerDatabase.js';
import type { SyncedRowWrite } from '../../server/db/syncedRecords.js';
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
    await seedDemoData(puller, { customers: 3 });
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
      provinceCode: null, cityCode: null, districtCode: null, samePhoneReason: null,address: '海淀区',
      createdAt: now,
      updatedAt: now,
    };
  }

  it('a puller looping during many concurrent, partly slow writers gets every row exactly once, in seq order', async () => {
    const head = await pullChanges(puller.db, { branchId }, 0, 10_000);
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
    // No holes either: the seqs after the head are consecutive.
    expect(seqs).toEqual(seqs.map((_, i) => head.headSeq + 1 + i));
  });

  it('a rolled-back writer leaves no hole and no row', async () => {
    const before = await pullChanges(puller.db, { branchId }, 0, 10_000);
    await expect(
      puller.db.transaction().execute(async (trx) => {
        await writeSyncedRows(trx, 'customer', [customer(9001)]);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const [row] = await writeSyncedRows(puller.db, 'customer', [customer(9002)]);
    expect(row?.version).toBe(before.headSeq + 1);
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
