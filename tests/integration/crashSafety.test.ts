import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyCacheKey } from '../../main/services/localCache/cacheEncryption.js';
import { LocalCache } from '../../main/services/localCache/localCache.js';
import { startBackend, type RunningBackend } from '../support/backendProcess.js';
import { CRASH_TEST_ALT_PHONE, crashTestCustomerId } from '../support/crashingSeatWorker.js';
import { DEMO_AGENT } from '../support/demo.js';
import { makeTempDir } from '../support/tempDir.js';

/**
 * Crash safety: a seat process that writes and syncs is killed with SIGKILL at random points, at
 * least 50 times. After each restart the cache passes an integrity check; in the end every write
 * the seat acknowledged is in the cache (or was pushed), and the backend has applied each
 * mutation exactly once.
 */
const KILLS = 50;
const ITEMS = 300;
const tmp = makeTempDir('crash');
const seatDir = path.join(tmp.dir, 'seat');
const cacheFile = path.join(seatDir, DEMO_AGENT.login, 'cache.db');
/** The cache is encrypted at rest, as the app keeps it (the key is the app's, from the keychain). */
const cacheKey = crypto.randomBytes(32).toString('hex');
let backend: RunningBackend;

beforeAll(async () => {
  backend = await startBackend({ dir: tmp.dir, customers: 20 });
});
afterAll(async () => {
  await backend?.stop();
  tmp.cleanup();
});

interface Life {
  output: string;
  exit: Promise<number | null>;
  kill(): void;
  waitFor(line: RegExp, timeoutMs: number): Promise<void>;
}

function startWorker(): Life {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/crashingSeatWorker.ts'], {
    env: { ...process.env, BACKEND_URL: backend.url, SEAT_DATA_DIR: seatDir, LOGIN: DEMO_AGENT.login, PASSWORD: DEMO_AGENT.password, ITEMS: String(ITEMS), CACHE_KEY: cacheKey },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const life: Life = {
    output: '',
    exit: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    kill: () => child.kill('SIGKILL'),
    waitFor: (line, timeoutMs) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`worker did not print ${line} within ${timeoutMs} ms:\n${life.output}`)), timeoutMs);
        const check = () => {
          if (line.test(life.output)) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stdout!.on('data', check);
        child.once('exit', () => {
          clearTimeout(timer);
          if (!line.test(life.output)) reject(new Error(`worker exited before ${line}:\n${life.output}`));
        });
        check();
      }),
  };
  child.stdout!.on('data', (d: Buffer) => (life.output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (life.output += d.toString()));
  return life;
}

describe('a seat killed with SIGKILL while writing and syncing', () => {
  it(`loses nothing and duplicates nothing across ${KILLS} kills`, async () => {
    const acknowledged = new Map<number, 'create' | 'update'>();
    const record = (output: string) => {
      for (const m of output.matchAll(/committed (\d+) (create|update)/g)) {
        const i = Number(m[1]);
        if (m[2] === 'update' || !acknowledged.has(i)) acknowledged.set(i, m[2] as 'create' | 'update');
      }
    };
    let kills = 0;
    while (kills < KILLS) {
      const life = startWorker();
      await life.waitFor(/ready/, 60_000);
      await new Promise((r) => setTimeout(r, 20 + Math.random() * 400));
      life.kill();
      await life.exit;
      kills++;
      record(life.output);
      const cache = new Database(cacheFile, { readonly: true });
      applyCacheKey(cache, cacheKey);
      expect(cache.pragma('integrity_check', { simple: true })).toBe('ok');
      cache.close();
    }

    const last = startWorker();
    await last.waitFor(/drained/, 120_000);
    await last.exit;
    record(last.output);

    // Every write acknowledged to the agent is in the cache.
    const cache = LocalCache.open(cacheFile, { key: cacheKey });
    expect(fs.readFileSync(cacheFile).includes(Buffer.from('崩溃测试'))).toBe(false);
    try {
      for (const [i, step] of acknowledged) {
        const row = cache.customers.find(crashTestCustomerId(i));
        expect(row, `customer ${i}`).not.toBeNull();
        if (step === 'update') expect(row!.altPhone).toBe(CRASH_TEST_ALT_PHONE);
      }
      expect(cache.outbox.count()).toBe(0);
      expect(cache.outbox.deadLetters()).toEqual([]);
    } finally {
      cache.close();
    }
    // The backend applied each of the 2 × ITEMS mutations exactly once: one create and one
    // update in the change log per customer, and every customer there with its final state.
    const server = new Database(backend.dbFile, { readonly: true });
    try {
      const ids = Array.from({ length: ITEMS }, (_, i) => crashTestCustomerId(i));
      const placeholders = ids.map(() => '?').join(',');
      const rows = server.prepare(`SELECT id, alt_phone AS altPhone FROM customers WHERE id IN (${placeholders})`).all(...ids) as Array<{ altPhone: string }>;
      expect(rows).toHaveLength(ITEMS);
      expect(rows.every((r) => r.altPhone === CRASH_TEST_ALT_PHONE)).toBe(true);
      const logged = server
        .prepare(`SELECT entity_id AS id, count(*) AS n FROM change_log WHERE entity = 'customer' AND entity_id IN (${placeholders}) GROUP BY entity_id`)
        .all(...ids) as Array<{ id: string; n: number }>;
      expect(logged.filter((l) => l.n !== 2)).toEqual([]);
      expect(logged).toHaveLength(ITEMS);
    } finally {
      server.close();
    }
    console.log(`crash safety: ${kills} SIGKILLs, ${acknowledged.size} customers acknowledged before the final run, ${ITEMS * 2} mutations applied once each`);
  }, 600_000);
});
