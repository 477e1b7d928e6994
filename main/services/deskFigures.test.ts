import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { KpiPage, KpiQuery } from '../../shared/domain/kpis.js';
import { WorkstationError, workstationMethods } from '../../shared/workstationApi.js';
import { makeTempDir } from '../../tests/support/tempDir.js';
import { deskFigures } from './deskFigures.js';
import { LocalCache } from './localCache/localCache.js';
import { BackendError, type BackendClient } from './sync/backendClient.js';

/** 'desk.figures' at the seat, against a real cache file: fresh pages are kept (the last 20 queries), offline the kept one is answered. */
const tmp = makeTempDir('desk-figures');
afterAll(tmp.cleanup);

const page = (computedAt: string): KpiPage => ({ items: [], nextCursor: null, computedAt });
const query = (day: number): KpiQuery => ({ period: 'day', by: 'agent', from: `2026-11-${String(day).padStart(2, '0')}`, to: '2026-11-30' });

/** A backend that answers figures (or fails as told); only the method the service uses. */
function backend(answer: () => Promise<KpiPage>): BackendClient {
  return { figures: answer } as unknown as BackendClient;
}
const unreachable = backend(() => Promise.reject(new BackendError('unreachable', 'link down')));

describe('desk figures at the seat', () => {
  it('keeps what the backend computed and answers it, marked not fresh, while the backend is unreachable', async () => {
    const cache = LocalCache.open(path.join(tmp.dir, 'kept.db'), { searchIndexWorker: false });
    try {
      expect(await deskFigures(backend(async () => page('2026-12-07T01:00:00.000Z')), cache, query(1))).toEqual({ page: page('2026-12-07T01:00:00.000Z'), fresh: true, missing: [] });
      expect(await deskFigures(unreachable, cache, query(1))).toEqual({ page: page('2026-12-07T01:00:00.000Z'), fresh: false, missing: [] });
      // Another query was never fetched here: nothing to show offline.
      await expect(deskFigures(unreachable, cache, query(2))).rejects.toMatchObject({ code: 'backend_unreachable' });
      // A refusal is not "offline": no kept copy stands in for it.
      await expect(deskFigures(backend(() => Promise.reject(new BackendError('rejected', 'forbidden', 403, 'forbidden'))), cache, query(1))).rejects.toBeInstanceOf(WorkstationError);
    } finally {
      cache.close();
    }
  });

  it('keeps the last 20 queries: the oldest is forgotten', async () => {
    const cache = LocalCache.open(path.join(tmp.dir, 'bounded.db'), { searchIndexWorker: false });
    try {
      for (let day = 1; day <= 21; day++) await deskFigures(backend(async () => page(`2026-12-07T00:00:${String(day).padStart(2, '0')}.000Z`)), cache, query(day));
      await expect(deskFigures(unreachable, cache, query(1))).rejects.toMatchObject({ code: 'backend_unreachable' });
      expect((await deskFigures(unreachable, cache, query(2))).page.computedAt).toBe('2026-12-07T00:00:02.000Z');
      expect((await deskFigures(unreachable, cache, query(21))).page.computedAt).toBe('2026-12-07T00:00:21.000Z');
      const kept = cache.db.prepare("SELECT count(*) AS n FROM meta WHERE key LIKE 'desk.figures:%'").get() as { n: number };
      expect(kept.n).toBe(20);
    } finally {
      cache.close();
    }
  });

  it("reads figures kept before complaints were counted: upgraded to today's shape, complaints named missing, with their time", async () => {
    const cache = LocalCache.open(path.join(tmp.dir, 'old-shape.db'), { searchIndexWorker: false });
    try {
      await deskFigures(backend(async () => page('2026-12-01T00:00:00.000Z')), cache, query(3));
      const [key] = JSON.parse(cache.readMeta('desk.figures.kept')!) as string[];
      // The page as a seat of the build before complaints kept it: no complaints family in its rows.
      const oldRow = {
        period: '2026-11-03',
        key: '00000000-0000-4000-8000-000000000001',
        label: '李娜',
        calls: { answered: 3, missed: 1, handleSeconds: 660 },
        firstContact: { orders: 4, resolved: 3 },
        satisfaction: { rated: 2, scoreSum: 7, byScore: [0, 1, 0, 0, 1] },
        sla: { dispatch: { met: 1, missed: 1 }, accept: { met: 0, missed: 0 }, onSite: { met: 2, missed: 0 }, complete: { met: 1, missed: 3 } },
        parts: { received: 2, cycleSeconds: 259_200 },
      };
      cache.writeMeta(key!, JSON.stringify({ items: [oldRow], nextCursor: null, computedAt: '2026-11-30T08:00:00.000Z' }));
      const kept = await deskFigures(unreachable, cache, query(3));
      expect(kept).toEqual({
        page: { items: [{ ...oldRow, complaints: { received: 0, orders: 0 } }], nextCursor: null, computedAt: '2026-11-30T08:00:00.000Z' },
        fresh: false,
        missing: ['complaints'],
      });
      // What the contract answers the renderer with parses as today's page.
      expect(workstationMethods['desk.figures'].output.parse(kept)).toEqual(kept);
      // A kept page that is not figures at all stays unreadable: never shown.
      cache.writeMeta(key!, JSON.stringify({ items: [{ period: 'x' }], computedAt: 'then' }));
      await expect(deskFigures(unreachable, cache, query(3))).rejects.toMatchObject({ code: 'backend_unreachable' });
    } finally {
      cache.close();
    }
  });
});
