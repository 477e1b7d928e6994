import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A private, throwaway PostgreSQL cluster for tests: initdb into a temporary directory, listening
 * on 127.0.0.1 only (plus a unix socket inside that directory), durability switched off for
 * speed. Nothing of the machine's own PostgreSQL service is used or touched.
 */
export interface TestCluster {
  /** Superuser URL of the cluster's `postgres` database; tests create their own databases from it. */
  url: string;
  port: number;
  dataDir: string;
  /** Stops the server and removes its files; synchronous, so it also works in an 'exit' handler. */
  stop(): void;
}

const POSTGRES_ROOT = '/usr/lib/postgresql';
const CLUSTER_PREFIX = 'aw-postgres-';
/** The pid of the process that started the cluster: when it is gone, the cluster is abandoned. */
const OWNER_FILE = 'owner.pid';

/** The bin directory of the newest PostgreSQL installed from Debian's packages, or null. */
export function findPostgresBin(): string | null {
  if (!existsSync(POSTGRES_ROOT)) return null;
  const versions = readdirSync(POSTGRES_ROOT)
    .filter((v) => /^\d+$/.test(v) && existsSync(join(POSTGRES_ROOT, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(POSTGRES_ROOT, versions[0], 'bin') : null;
}

/** A TCP port nobody listens on right now (the kernel picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** PostgreSQL refuses to run as root: as root, its tools run as the `postgres` OS user. */
function asClusterOwner(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

function run(command: string, args: string[]): void {
  const [file, argv] = asClusterOwner(command, args);
  const result = spawnSync(file, argv, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`);
  }
}

/** Starts a fresh cluster; port from `port`, else a free one. Throws when PostgreSQL is not installed. */
export async function startTestCluster({ port }: { port?: number } = {}): Promise<TestCluster> {
  const bin = findPostgresBin();
  if (!bin) throw new Error(`PostgreSQL not installed (no ${POSTGRES_ROOT}/*/bin/initdb): apt-get install -y postgresql`);
  reapAbandonedClusters(bin);
  const root = mkdtempSync(join(tmpdir(), CLUSTER_PREFIX));
  writeFileSync(join(root, OWNER_FILE), String(process.pid));
  const dataDir = join(root, 'data');
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(root, uid, gid);
  }
  chmodSync(root, 0o700);

  const listenPort = port ?? (await freePort());
  try {
    run(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    const settings = [
      `-c listen_addresses=127.0.0.1`,
      `-c port=${listenPort}`,
      `-c unix_socket_directories=${root}`,
      // Throwaway data: durability buys nothing and costs seconds.
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ');
    run(join(bin, 'pg_ctl'), ['-D', dataDir, '-l', join(root, 'server.log'), '-o', settings, '-w', '-t', '30', 'start']);
  } catch (error) {
    const log = join(root, 'server.log');
    const detail = existsSync(log) ? `\n${readFileSync(log, 'utf8')}` : '';
    stopCluster(bin, root);
    throw new Error(`could not start the test PostgreSQL cluster: ${error instanceof Error ? error.message : String(error)}${detail}`, { cause: error });
  }

  return {
    url: `postgres://postgres@127.0.0.1:${listenPort}/postgres`,
    port: listenPort,
    dataDir,
    stop: () => stopCluster(bin, root),
  };
}

function stopCluster(bin: string, root: string): void {
  try {
    if (existsSync(join(root, 'data', 'postmaster.pid'))) run(join(bin, 'pg_ctl'), ['-D', join(root, 'data'), '-m', 'immediate', '-w', 'stop']);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Stops and removes clusters whose starting process has died without stopping them (a test run
 * killed, or ended by a path that skips teardown). Clusters of live processes are left alone.
 */
function reapAbandonedClusters(bin: string): void {
  for (const name of readdirSync(tmpdir()).filter((n) => n.startsWith(CLUSTER_PREFIX))) {
    const root = join(tmpdir(), name);
    const ownerFile = join(root, OWNER_FILE);
    // Another run may remove its cluster while this loop looks at it: a directory gone is nothing to reap.
    const modifiedMs = statSync(root, { throwIfNoEntry: false })?.mtimeMs;
    if (modifiedMs === undefined) continue;
    if (!existsSync(ownerFile)) {
      // Another run may be between creating the directory and writing its owner: give it a minute.
      if (Date.now() - modifiedMs < 60_000) continue;
    } else {
      let owner: number;
      try {
        owner = Number(readFileSync(ownerFile, 'utf8'));
      } catch {
        continue;
      }
      if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) continue;
    }
    try {
      stopCluster(bin, root);
    } catch {
      // Best effort: a cluster that will not stop must not keep this run from starting its own.
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
