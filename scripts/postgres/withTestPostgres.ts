import { spawn } from 'node:child_process';
import { startTestCluster } from './testCluster.js';

/**
 * `tsx scripts/postgres/withTestPostgres.ts -- <command…>`: runs the command against a private,
 * throwaway PostgreSQL cluster (AW_TEST_POSTGRES_URL and DATABASE_URL point at it; port from
 * AW_TEST_POSTGRES_PORT, else a free one), then stops and removes the cluster.
 * e.g. `… -- npx vitest run tests/server` or `… -- npm run server`.
 */
async function main(): Promise<number> {
  const separator = process.argv.indexOf('--');
  const [command, ...args] = separator === -1 ? process.argv.slice(2) : process.argv.slice(separator + 1);
  if (!command) {
    console.error('usage: tsx scripts/postgres/withTestPostgres.ts -- <command> [args…]');
    return 2;
  }
  const port = process.env.AW_TEST_POSTGRES_PORT;
  const cluster = await startTestCluster(port ? { port: Number(port) } : {});
  console.error(`PostgreSQL test cluster at ${cluster.url} (data in ${cluster.dataDir})`);
  try {
    const child = spawn(command, args, {
      stdio: 'inherit',
      env: { ...process.env, AW_TEST_POSTGRES_URL: cluster.url, DATABASE_URL: cluster.url },
    });
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    return await new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  } finally {
    cluster.stop();
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
