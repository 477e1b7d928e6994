import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DialectName } from '../../../server/db/openServerDatabase.js';

/**
 * The engines the server suite runs on: SQLite always, PostgreSQL when AW_TEST_POSTGRES_URL is set
 * (the global setup starts a private cluster and sets it; see postgresGlobalSetup.ts).
 */
export function testEngines(): DialectName[] {
  return process.env.AW_TEST_POSTGRES_URL ? ['sqlite', 'postgres'] : ['sqlite'];
}

/** A fresh, empty database: a temporary SQLite file, or a PostgreSQL database of its own. */
export async function createTestDatabase(engine: DialectName = 'sqlite'): Promise<{ url: string; drop(): Promise<void> }> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'aw-server-test-'));
    return { url: `sqlite:${join(dir, 'server.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const adminUrl = process.env.AW_TEST_POSTGRES_URL;
  if (!adminUrl) throw new Error('AW_TEST_POSTGRES_URL is not set: no PostgreSQL to test against');
  const name = `aw_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
