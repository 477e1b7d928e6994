import path from 'node:path';
import { WorkstationService } from '../../main/services/workstationService.js';
import { LocalCache } from '../../main/services/localCache/localCache.js';
import { DEFAULT_SEAT_CONFIG } from '../../shared/seatConfig.js';
import { seatClient } from './seatClient.js';

/**
 * A seat that writes and syncs until it is killed (tests/integration/crashSafety.test.ts kills it
 * with SIGKILL at random points and starts it again). Customer i gets two mutations: create, then
 * update vipTier → gold. It prints a line after each local commit, so the test knows what the
 * seat acknowledged to its agent, and resumes where the cache says it stopped. With CACHE_KEY the
 * cache is encrypted at rest, as the app keeps it.
 */
const { BACKEND_URL, SEAT_DATA_DIR, LOGIN, PASSWORD, ITEMS, CACHE_KEY } = process.env as Record<string, string>;
const items = Number(ITEMS);

/** What each customer's update sets (a field any agent may change; VIP tiers are the supervisor's). */
export const CRASH_TEST_ALT_PHONE = '+861062345678';

export function crashTestCustomerId(i: number): string {
  return `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
}

async function main(): Promise<void> {
  const service = new WorkstationService({
    config: { ...DEFAULT_SEAT_CONFIG, backendUrl: BACKEND_URL!, dataDir: SEAT_DATA_DIR!, syncIntervalMs: 200 },
    host: 'browser-seat',
    appVersion: 'crash-test',
    // Encrypted at rest as in the app, so the kills land inside the cipher's page writes too.
    cacheKeys: CACHE_KEY ? { read: () => ({ kind: 'kept', key: CACHE_KEY }), keep: () => undefined } : undefined,
  });
  const seat = seatClient(service);
  await seat.session.login({ login: LOGIN!, password: PASSWORD! });
  // A second, read-only look at the same file to find where the previous life stopped.
  const peek = LocalCache.open(path.join(SEAT_DATA_DIR!, LOGIN!, 'cache.db'), { key: CACHE_KEY });
  console.log('ready');
  for (let i = 0; i < items; i++) {
    // Paced like a busy agent-team, so the kills land during writes as well as during syncs.
    await new Promise((r) => setTimeout(r, 5));
    const existing = peek.customers.find(crashTestCustomerId(i));
    if (!existing) {
      await seat.customers.create({
        id: crashTestCustomerId(i),
        name: `崩溃测试${i}`,
        phone: `+86139${String(10_000_000 + i).slice(-8)}`,
        province: '北京',
        city: '北京',
        address: `测试路${i}号`,
      });
      console.log(`committed ${i} create`);
    }
    if (existing?.altPhone !== CRASH_TEST_ALT_PHONE) {
      await seat.customers.update({ customerId: crashTestCustomerId(i), changes: { altPhone: CRASH_TEST_ALT_PHONE } });
      console.log(`committed ${i} update`);
    }
  }
  console.log('all written');
  for (;;) {
    const status = await seat.sync.now();
    if (status.pending === 0 && peek.outbox.count() === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  console.log('drained');
  peek.close();
  service.close();
}

if (process.env.ITEMS) {
  main().catch((error: unknown) => {
    console.error(`worker failed: ${(error as Error).stack}`);
    process.exit(1);
  });
}
