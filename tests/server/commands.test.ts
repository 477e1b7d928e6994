import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, testEngines } from './support/testDatabase.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDatabaseUrl(): string {
  const dir = mkdtempSync(join(tmpdir(), 'aw-cmd-'));
  dirs.push(dir);
  return `sqlite:${join(dir, 'server.db')}`;
}

function run(script: string, args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: root, env: { ...process.env, ...env } });
  children.push(child);
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = async (pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(output);
      if (match) return match;
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no ${pattern} in output:\n${output}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, exited, waitFor, output: () => output };
}

describe('npm run server (server/main.ts)', () => {
  it('seeds an empty database, prints where it listens (PORT=0 → the real port), serves, and stops on SIGTERM', async () => {
    const databaseUrl = tempDatabaseUrl();
    const server = run('server/main.ts', [], { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: databaseUrl, SEED_CUSTOMERS: '30' });
    const [, port] = await server.waitFor(/Agent Workstation backend listening on http:\/\/127\.0\.0\.1:(\d+) \(sqlite .*server\.db\)/);
    expect(Number(port)).toBeGreaterThan(0);
    expect(server.output()).toContain('30 customers');

    const login = await fetch(`http://127.0.0.1:${port}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'bj.agent1', password: 'demo1234' }),
    });
    expect(login.status).toBe(200);
    expect(server.output()).not.toContain('demo1234');

    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
  });

  it('with --no-seed leaves an empty database empty', async () => {
    const server = run('server/main.ts', ['--no-seed'], { PORT: '0', DATABASE_URL: tempDatabaseUrl() });
    const [, port] = await server.waitFor(/listening on http:\/\/[\d.]+:(\d+)/);
    const login = await fetch(`http://127.0.0.1:${port}/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'bj.agent1', password: 'demo1234' }),
    });
    expect(login.status).toBe(401);
    server.child.kill('SIGINT');
    expect(await server.exited).toBe(0);
  });
});

/** The API processes of a `--workers` first process: they run server/main.ts (tsx's esbuild service is another child). */
function apiProcesses(firstPid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(firstPid), '-f', 'server/main\\.ts'], { encoding: 'utf8' }).trim().split('\n').map(Number);
  } catch {
    return []; // pgrep exits 1 when there is none
  }
}

/** `promise`, or a clear failure after `ms`: a hang must not eat the test's whole time limit without a word. */
function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(what)), ms)))]).finally(() => clearTimeout(timer));
}

describe('npm run server -- --workers N', () => {
  it('refuses several processes on SQLite (the one-process engine)', async () => {
    const server = run('server/main.ts', ['--workers', '2'], { PORT: '0', DATABASE_URL: tempDatabaseUrl() });
    expect(await server.exited).toBe(1);
    expect(server.output()).toContain('--workers needs PostgreSQL');
  });

  it.skipIf(!testEngines().includes('postgres'))('on PostgreSQL starts N API processes on one port, starts again one killed, and stops on SIGTERM', async () => {
    const store = await createTestDatabase('postgres');
    let server: ReturnType<typeof run> | undefined;
    try {
      const cluster = (server = run('server/main.ts', ['--workers', '2'], { PORT: '0', HOST: '127.0.0.1', DATABASE_URL: store.url, SEED_CUSTOMERS: '10' }));
      /** The ports of the first `count` "listening" lines, once that many were printed. */
      const ports = async (count: number) => {
        for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
          const found = [...cluster.output().matchAll(/listening on http:\/\/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
          if (found.length >= count) return found.slice(0, count);
        }
        throw new Error(`not ${count} API processes listening:\n${cluster.output()}`);
      };
      const first = await ports(2);
      expect(new Set(first).size).toBe(1);
      const workers = apiProcesses(cluster.child.pid!);
      expect(workers).toHaveLength(2);
      process.kill(workers[0]!, 'SIGKILL');
      // The first process starts another, on the same port; the survivor answers meanwhile. (A
      // connection the first process handed to the killed one just before it noticed is lost: the
      // seats retry, and so does this check, each try given 2 s.)
      const readyMeanwhile = async (): Promise<number> => {
        for (let attempt = 1; ; attempt++) {
          try {
            return (await fetch(`http://127.0.0.1:${first[0]}/readyz`, { signal: AbortSignal.timeout(2_000) })).status;
          } catch (error) {
            if (attempt === 5) throw error;
          }
        }
      };
      expect(await readyMeanwhile()).toBe(200);
      expect(await ports(3)).toEqual([first[0], first[0], first[0]]);
      cluster.child.kill('SIGTERM');
      expect(await within(30_000, cluster.exited, 'the first process did not end 30 s after SIGTERM')).toBe(0);
    } finally {
      // Whatever failed above, no API process may keep its connections: dropping the database waits for them.
      if (server?.child.exitCode === null) {
        for (const pid of apiProcesses(server.child.pid!)) process.kill(pid, 'SIGKILL');
        server.child.kill('SIGKILL');
      }
      await within(30_000, store.drop(), 'the test database was not dropped within 30 s');
    }
  }, 180_000);
});

describe('npm run seed (server/seed/seedMain.ts)', () => {
  it('rejects bad arguments with a clear message', async () => {
    const bad = run('server/seed/seedMain.ts', ['--customers', 'lots'], { DATABASE_URL: tempDatabaseUrl() });
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toMatch(/--customers must be a whole number/);
    expect(bad.output()).toContain('usage: npm run seed');
  });

  it('seeds, refuses to seed over data without --reset, and replaces it with --reset', async () => {
    const databaseUrl = tempDatabaseUrl();
    const first = run('server/seed/seedMain.ts', ['--customers', '40'], { DATABASE_URL: databaseUrl });
    expect(await first.exited).toBe(0);
    expect(first.output()).toMatch(/2 branches, 9 agents, 40 customers, \d+ products, \d+ service orders/);

    const again = run('server/seed/seedMain.ts', ['--customers', '40'], { DATABASE_URL: databaseUrl });
    expect(await again.exited).toBe(1);
    expect(again.output()).toContain('--reset');

    const reset = run('server/seed/seedMain.ts', ['--customers', '25', '--reset'], { DATABASE_URL: databaseUrl });
    expect(await reset.exited).toBe(0);
    expect(reset.output()).toContain('25 customers');
  });
});
