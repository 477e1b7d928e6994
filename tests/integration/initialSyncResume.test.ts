import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LocalCache } from '../../main/services/localCache/localCache.js';
import { BackendClient } from '../../main/services/sync/backendClient.js';
import { SeatSync } from '../../main/services/sync/seatSync.js';
import type { SyncStatus } from '../../shared/workstationApi.js';
import { DEMO_AGENT } from '../support/demo.js';
import { useBackendBehindLink } from '../support/backendBehindLink.js';

/**
 * A large initial sync shows progress, and when the link drops part-way it resumes from the last
 * snapshot page it committed instead of starting over.
 */
const env = useBackendBehindLink('resume', 1500);

describe('initial sync', () => {
  it('reports progress, survives a dropped link, and resumes where it stopped', async () => {
    const client = new BackendClient({ baseUrl: env.link.url });
    client.setToken((await client.login(DEMO_AGENT.login, DEMO_AGENT.password)).token);
    const cache = LocalCache.open(path.join(env.dir, 'seat.db'));
    const sync = new SeatSync({ cache, backend: client, seatId: 'resume-test', intervalMs: 3_600_000, pageSize: 300 });
    const seen: SyncStatus[] = [];
    let dropped = false;
    sync.onStatus((status) => {
      seen.push(status);
      // Cut the link once a few pages are in.
      if (!dropped && status.progress && status.progress.done >= 900) {
        dropped = true;
        env.link.setDown(true);
      }
    });
    const interrupted = await sync.start();
    sync.stop();
    expect(interrupted).toMatchObject({ online: false, progress: null });
    // The snapshot's position was committed with the last whole page; the log cursor waits for its end.
    const resumeFrom = cache.snapshotPosition;
    const expected = env.backend.countsOf('BJ01');
    const total = expected.customers + expected.products + expected.serviceOrders;
    expect(resumeFrom).not.toBeNull();
    expect(cache.pullCursor).toBe(0);
    expect(cache.customers.count() + cache.products.count() + cache.serviceOrders.count()).toBeLessThan(total);

    const progress = seen.filter((s) => s.progress).map((s) => s.progress!);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.every((p, i) => i === 0 || p.done >= progress[i - 1]!.done)).toBe(true);

    env.link.setDown(false);
    const resumed: SyncStatus[] = [];
    sync.onStatus((status) => resumed.push(status));
    const done = await sync.start();
    sync.stop();
    expect(done).toMatchObject({ online: true, lastError: null, progress: null });
    // The resumed run went on from where it stopped: its first page already counts what came before.
    const firstResumed = resumed.find((s) => s.progress)?.progress;
    expect(firstResumed).toBeDefined();
    expect(firstResumed!.done).toBeGreaterThan(progress.at(-1)!.done);
    expect(firstResumed!.total).toBe(progress.at(-1)!.total);
    expect(cache.snapshotPosition).toBeNull();
    expect(cache.pullCursor).toBeGreaterThan(0);
    expect({ customers: cache.customers.count(), products: cache.products.count(), serviceOrders: cache.serviceOrders.count() }).toEqual(expected);
    cache.close();
  });
});
