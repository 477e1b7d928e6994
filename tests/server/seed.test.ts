import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clearDatabase } from '../../server/db/clearDatabase.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { openServerDatabase, type ServerDatabase } from '../../server/db/openServerDatabase.js';
import { writeSyncedRows } from '../../server/db/writeSyncedRows.js';
import { generateDemoData } from '../../server/seed/demoData.js';
import { hasNoBranches, seedDemoData } from '../../server/seed/seed.js';
import { createTestDatabase, testEngines } from './support/testDatabase.js';

describe.each(testEngines())('on %s', (engine) => {
  const CUSTOMERS = 150;
  let store: Awaited<ReturnType<typeof createTestDatabase>>;
  let database: ServerDatabase;
  beforeAll(async () => {
    store = await createTestDatabase(engine);
    database = openServerDatabase(store.url);
    await migrateToLatest(database);
  });
  afterAll(async () => {
    await database.close();
    await store.drop();
  });

  const count = async (
    table: 'customers' | 'products' | 'serviceOrders' | 'changeLog' | 'agents' | 'branches' | 'knowledgeArticles' | 'campaignTargets' | 'partsRequests' | 'orderEvents' | 'followUps' | 'interactions',
  ) =>
    Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const seqs = async () => (await database.db.selectFrom('changeLog').select('seq').orderBy('seq').execute()).map((r) => r.seq);

  describe('seedDemoData', () => {
    it('loads the demo data with a gap-free change log and every row versioned by its entry', async () => {
      expect(await hasNoBranches(database)).toBe(true);
      const counts = await seedDemoData(database, { customers: CUSTOMERS });
      expect(await hasNoBranches(database)).toBe(false);

      const households = [...generateDemoData({ customers: CUSTOMERS }).households()];
      expect(counts).toEqual({
        branches: 2,
        agents: 9,
        outlets: 10,
        customers: CUSTOMERS,
        products: households.reduce((n, h) => n + h.products.length, 0),
        orders: households.reduce((n, h) => n + h.orders.length, 0),
        orderEvents: households.reduce((n, h) => n + h.orderEvents.length, 0),
        followUps: households.reduce((n, h) => n + h.followUps.length, 0),
        interactions: households.reduce((n, h) => n + h.interactions.length, 0),
        knowledgeArticles: 20,
        campaigns: 6,
        campaignTargets: expect.any(Number),
        partsRequests: expect.any(Number),
      });
      expect(counts.campaignTargets).toBeGreaterThan(0);
      expect(counts.partsRequests).toBeGreaterThan(0);
      expect(await count('knowledgeArticles')).toBe(counts.knowledgeArticles);
      expect(await count('campaignTargets')).toBe(counts.campaignTargets);
      expect(await count('partsRequests')).toBe(counts.partsRequests);
      expect(await count('customers')).toBe(counts.customers);
      expect(await count('products')).toBe(counts.products);
      expect(await count('serviceOrders')).toBe(counts.orders);
      expect(await count('orderEvents')).toBe(counts.orderEvents);
      expect(await count('followUps')).toBe(counts.followUps);
      expect(await count('interactions')).toBe(counts.interactions);
      expect(counts.orderEvents).toBeGreaterThan(counts.orders);
      expect(counts.followUps).toBeGreaterThan(0);
      expect(counts.interactions).toBeGreaterThan(counts.orders);
      // Each event carries the seq of the order's change that made it (the order's one write here).
      const eventSeqs = await database.db
        .selectFrom('orderEvents')
        .innerJoin('serviceOrders', 'serviceOrders.id', 'orderEvents.orderId')
        .select(['orderEvents.seq as eventSeq', 'serviceOrders.version as orderVersion'])
        .execute();
      for (const row of eventSeqs) expect(row.eventSeq).toBe(row.orderVersion);

      const all = await seqs();
      expect(all.length).toBe(
        counts.outlets + counts.customers + counts.products + counts.orders + counts.orderEvents + counts.followUps + counts.interactions +
          counts.knowledgeArticles + counts.campaigns + counts.campaignTargets + counts.partsRequests,
      );
      expect(all).toEqual(all.map((_, i) => (all[0] ?? 0) + i));

      const mismatched = await database.db
        .selectFrom('changeLog')
        .leftJoin('outlets', 'outlets.id', 'changeLog.entityId')
        .leftJoin('customers', 'customers.id', 'changeLog.entityId')
        .leftJoin('products', 'products.id', 'changeLog.entityId')
        .leftJoin('serviceOrders', 'serviceOrders.id', 'changeLog.entityId')
        .leftJoin('knowledgeArticles', 'knowledgeArticles.id', 'changeLog.entityId')
        .leftJoin('campaigns', 'campaigns.id', 'changeLog.entityId')
        .leftJoin('campaignTargets', 'campaignTargets.id', 'changeLog.entityId')
        .leftJoin('partsRequests', 'partsRequests.id', 'changeLog.entityId')
        .leftJoin('orderEvents', 'orderEvents.id', 'changeLog.entityId')
        .leftJoin('followUps', 'followUps.id', 'changeLog.entityId')
        .leftJoin('interactions', 'interactions.id', 'changeLog.entityId')
        .select([
          'changeLog.seq',
          'changeLog.entity',
          'customers.version as cv',
          'products.version as pv',
          'serviceOrders.version as ov',
          'outlets.version as uv',
          'knowledgeArticles.version as kv',
          'campaigns.version as mv',
          'campaignTargets.version as tv',
          'partsRequests.version as rv',
          'orderEvents.version as ev',
          'followUps.version as fv',
          'interactions.version as iv',
        ])
        .execute();
      for (const row of mismatched) {
        const version = {
          customer: row.cv,
          product: row.pv,
          serviceOrder: row.ov,
          conflict: null,
          interaction: row.iv,
          followUp: row.fv,
          outlet: row.uv,
          knowledgeArticle: row.kv,
          campaign: row.mv,
          campaignTarget: row.tv,
          partsRequest: row.rv,
          orderEvent: row.ev,
          complaint: null,
          note: null,
          complaintStep: null,
        }[row.entity]; // seeds make none of the nulls
        expect(version).toBe(row.seq);
      }
    });
  });

  describe('writeSyncedRows', () => {
    it('logs a rewrite as a new change and gives the row that seq as its version', async () => {
      const before = await database.db.selectFrom('customers').selectAll().orderBy('id').executeTakeFirstOrThrow();
      const headBefore = Math.max(...(await seqs()));
      const [saved] = await writeSyncedRows(database.db, 'customer', [
        { ...before, deleted: Boolean(before.deleted), tags: [], name: '改名测试', updatedAt: new Date().toISOString() },
      ]);
      expect(saved?.version).toBe(headBefore + 1);
      const after = await database.db.selectFrom('customers').selectAll().where('id', '=', before.id).executeTakeFirstOrThrow();
      expect(after).toMatchObject({ name: '改名测试', version: headBefore + 1 });
      const entry = await database.db.selectFrom('changeLog').selectAll().where('seq', '=', headBefore + 1).executeTakeFirstOrThrow();
      expect(entry).toMatchObject({ entity: 'customer', entityId: before.id, branchId: before.branchId });
    });

    it('writes nothing, row or log entry, when the write fails', async () => {
      const logBefore = await count('changeLog');
      const productsBefore = await count('products');
      const orphan = {
        id: '6b0e3a52-3f38-4d56-9d5c-bb1c3f3a9a01',
        deleted: false,
        customerId: '6b0e3a52-3f38-4d56-9d5c-bb1c3f3a9a02', // no such customer: the foreign key refuses it
        branchId: (await database.db.selectFrom('branches').select('id').executeTakeFirstOrThrow()).id,
        serialNumber: 'TV2601A9999999',
        model: '65E7N',
        category: 'tv' as const,
        purchaseDate: '2026-01-05',
        warrantyMonths: 36,
      };
      await expect(writeSyncedRows(database.db, 'product', [orphan])).rejects.toThrow();
      expect(await count('changeLog')).toBe(logBefore);
      expect(await count('products')).toBe(productsBefore);
    });

    it('refuses the same id twice in one write', async () => {
      const row = await database.db.selectFrom('customers').selectAll().executeTakeFirstOrThrow();
      const customer = { ...row, deleted: false, tags: [] };
      await expect(writeSyncedRows(database.db, 'customer', [customer, customer])).rejects.toThrow(/same id twice/);
    });
  });

  describe('clearDatabase', () => {
    it('empties every table, and seqs keep rising when data is seeded again', async () => {
      const oldHead = Math.max(...(await seqs()));
      await clearDatabase(database.db);
      for (const table of ['customers', 'products', 'serviceOrders', 'changeLog', 'agents', 'branches'] as const) {
        expect(await count(table)).toBe(0);
      }
      await seedDemoData(database, { customers: 5 });
      expect(Math.min(...(await seqs()))).toBeGreaterThan(oldHead);
    });
  });
});
