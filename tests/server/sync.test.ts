import { describe, expect, it } from 'vitest';
import { SyncPullResponse, type SyncChange } from '../../shared/api/rest.js';
import { testEngines } from './support/testDatabase.js';
import { demoHeadquarters } from '../../server/seed/demoHeadquarters.js';
import { branchIdOf, useTestBackend } from './support/testBackend.js';

describe.each(testEngines())('on %s', (engine) => {
  const { backend, auth } = useTestBackend({ customers: 200, engine }, { bj: 'bj.super', gz: 'gz.agent2' });

  async function pull(authorization: string, cursor: number, limit: number): Promise<SyncPullResponse> {
    const response = await backend.app.inject({ method: 'GET', url: `/sync/pull?cursor=${cursor}&limit=${limit}`, headers: { authorization } });
    expect(response.statusCode).toBe(200);
    return SyncPullResponse.parse(response.json());
  }

  async function pullAll(authorization: string, pageSize: number): Promise<{ changes: SyncChange[]; pages: number; cursor: number }> {
    const changes: SyncChange[] = [];
    let cursor = 0;
    for (let pages = 1; ; pages++) {
      const page = await pull(authorization, cursor, pageSize);
      expect(page.changes.length).toBeLessThanOrEqual(pageSize);
      changes.push(...page.changes);
      cursor = page.cursor;
      if (!page.hasMore) return { changes, pages, cursor };
      expect(page.changes.length).toBe(pageSize);
    }
  }

  async function branchLog(branchId: string): Promise<number[]> {
    const rows = await backend.database.db.selectFrom('changeLog').select('seq').where('branchId', '=', branchId).orderBy('seq').execute();
    return rows.map((r) => r.seq);
  }

  describe('GET /sync/pull', () => {
    it("pages through the agent's whole branch log in seq order, without gaps or repeats", async () => {
      const { changes, pages } = await pullAll(auth.bj, 97);
      const seqs = changes.map((c) => c.seq);
      expect(seqs).toEqual(await branchLog(branchIdOf(backend, 'BJ01')));
      expect(new Set(seqs).size).toBe(seqs.length);
      expect(pages).toBeGreaterThan(3);

      const bjHouseholds = backend.households.filter((h) => h.customer.branchId === branchIdOf(backend, 'BJ01'));
      const bjOutlets = backend.demo.outlets.filter((o) => o.branchId === branchIdOf(backend, 'BJ01')).map((o) => o.id);
      const headquarters = demoHeadquarters(backend.demo, { customers: backend.households.length });
      const headquartersRows = [
        ...headquarters.knowledge,
        ...headquarters.campaigns,
        ...backend.households.flatMap((h) => [...headquarters.targets.of(h), ...headquarters.partsRequests.of(h)]),
      ];
      const bjHeadquarters = headquartersRows.filter((r) => r.branchId === branchIdOf(backend, 'BJ01')).map((r) => r.id);
      const expectedIds = [
        ...bjOutlets,
        ...bjHeadquarters,
        ...bjHouseholds.flatMap((h) => [
          h.customer.id,
          ...h.products.map((p) => p.id),
          ...h.orders.map((o) => o.id),
          ...h.orderEvents.map((e) => e.id),
          ...h.followUps.map((f) => f.id),
          ...h.interactions.map((i) => i.id),
        ]),
      ];
      expect(changes.map((c) => c.row.id).sort()).toEqual(expectedIds.sort());
      for (const change of changes) {
        expect(change.row.branchId).toBe(branchIdOf(backend, 'BJ01'));
        expect(change.row.version).toBe(change.seq); // each seeded row was written once
      }
    });

    it('carries whole rows exactly as the shared schemas describe them', async () => {
      const page = await pull(auth.bj, 0, 400);
      const kinds = new Set(page.changes.map((c) => c.entity));
      expect(kinds).toEqual(new Set(['outlet', 'knowledgeArticle', 'campaign', 'customer', 'product', 'serviceOrder']));
      const customer = page.changes.find((c) => c.entity === 'customer');
      const seeded = backend.households.find((h) => h.customer.id === customer?.row.id)?.customer;
      expect(customer?.row).toEqual({ ...seeded, version: customer?.seq });
      expect(typeof customer?.row.deleted).toBe('boolean');
    });

    it("never shows one branch's rows to another branch", async () => {
      const gzChanges = (await pullAll(auth.gz, 500)).changes;
      const bjIds = new Set(backend.households.filter((h) => h.customer.branchId === branchIdOf(backend, 'BJ01')).flatMap((h) => [h.customer.id, ...h.products.map((p) => p.id), ...h.orders.map((o) => o.id)]));
      expect(gzChanges.length).toBeGreaterThan(0);
      for (const change of gzChanges) {
        expect(change.row.branchId).toBe(branchIdOf(backend, 'GZ01'));
        expect(bjIds.has(change.row.id)).toBe(false);
      }
      expect(gzChanges.map((c) => c.seq)).toEqual(await branchLog(branchIdOf(backend, 'GZ01')));
    });

    it("reports headSeq of the agent's scope (not the company's), keeps the cursor when nothing is new, and resumes after a write", async () => {
      const { cursor } = await pullAll(auth.bj, 1000);
      const bjSeqs = await branchLog(branchIdOf(backend, 'BJ01'));
      const idle = await pull(auth.bj, cursor, 50);
      expect(idle).toEqual({ changes: [], removals: [], cursor, hasMore: false, headSeq: Math.max(...bjSeqs) });

      const newCustomer = (authorization: string, phone: string) =>
        backend.app.inject({
          method: 'POST',
          url: '/customers',
          headers: { authorization },
          payload: { name: '周杰', phone, province: '天津市', city: '天津市', address: '和平区南京路1号' },
        });
      // Another branch's write moves its own head, not this branch's.
      expect((await newCustomer(auth.gz, '13700002222')).statusCode).toBe(201);
      expect(await pull(auth.bj, cursor, 50)).toEqual(idle);

      const created = await newCustomer(auth.bj, '13700001111');
      expect(created.statusCode).toBe(201);
      const next = await pull(auth.bj, cursor, 50);
      expect(next.changes.map((c) => [c.entity, c.row.id])).toEqual([['customer', created.json().id]]);
      expect(next.cursor).toBe(next.changes[0]?.seq);
      expect(next.headSeq).toBe(next.cursor);
      expect((await pull(auth.gz, next.cursor - 1, 50)).changes).toEqual([]);
    });

    it('validates cursor and limit, and needs a token', async () => {
      for (const query of ['cursor=-1', 'limit=0', 'limit=10001', 'cursor=abc']) {
        const response = await backend.app.inject({ method: 'GET', url: `/sync/pull?${query}`, headers: { authorization: auth.bj } });
        expect(response.statusCode).toBe(400);
        expect(response.json().error.message).toContain(query.split('=')[0]);
      }
      expect((await backend.app.inject({ method: 'GET', url: '/sync/pull' })).statusCode).toBe(401);
    });
  });
});
