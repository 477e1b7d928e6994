import { findPostgresBin, startTestCluster } from '../../../scripts/postgres/testCluster.js';

const POSTGRES_URL_VARIABLE = 'AW_TEST_POSTGRES_URL';

/**
 * Vitest global setup: starts a private PostgreSQL cluster for the run and hands its URL to the
 * test workers through AW_TEST_POSTGRES_URL, so the server suite runs on SQLite AND PostgreSQL.
 * An URL set by the caller is used as is. Without PostgreSQL: CI fails the run (a suite that
 * silently tests one engine is not the suite we promise); a developer gets a loud warning.
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env[POSTGRES_URL_VARIABLE]) return undefined;
  if (!findPostgresBin()) {
    const message = 'PostgreSQL not installed (no /usr/lib/postgresql/*/bin/initdb): apt-get install -y postgresql';
    if (process.env.CI === 'true') throw new Error(`${message}. The server tests must run on both engines in CI.`);
    console.warn(`\n${'!'.repeat(80)}\n!! ${message}\n!! The server tests run on SQLite ONLY.\n${'!'.repeat(80)}\n`);
    return undefined;
  }
  const requestedPort = process.env.AW_TEST_POSTGRES_PORT;
  const cluster = await startTestCluster(requestedPort ? { port: Number(requestedPort) } : {});
  process.env[POSTGRES_URL_VARIABLE] = cluster.url;
  // Vitest skips teardown on some paths (e.g. "no test files found"): stop on exit as well.
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    cluster.stop();
  };
  process.once('exit', stop);
  return async () => {
    delete process.env[POSTGRES_URL_VARIABLE];
    process.off('exit', stop);
    stop();
  };
}
