import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../server/db/migrate.js';
import { openServerDatabase, parseDatabaseUrl, type ServerDatabase } from '../../server/db/openServerDatabase.js';

describe('server database', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  function tempDatabase(relative = 'server.db'): { database: ServerDatabase; path: string } {
    const dir = mkdtempSync(join(tmpdir(), 'aw-migrate-'));
    const path = join(dir, relative);
    const database = openServerDatabase(`sqlite:${path}`);
    cleanups.push(async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    });
    return { database, path };
  }

  it('applies the migrations to an empty SQLite file, and re-running them is a no-op', async () => {
    const { database } = tempDatabase('nested/folder/server.db');
    const first = await migrateToLatest(database);
    expect(first.map((r) => [r.migrationName, r.status])).toEqual([['0001_initial', 'Success']]);
    expect(await migrateToLatest(database)).toEqual([]);

    const objects = await sql<{ type: string; name: string }>`select type, name from sqlite_master where name not like 'sqlite_%'`.execute(database.db);
    const tables = objects.rows.filter((o) => o.type === 'table').map((o) => o.name);
    const indexes = objects.rows.filter((o) => o.type === 'index').map((o) => o.name);
    expect(tables).toEqual(expect.arrayContaining(['branches', 'agents', 'sessions', 'customers', 'products', 'service_orders', 'change_log']));
    expect(indexes).toEqual(
      expect.arrayContaining([
        'customers_phone_idx',
        'customers_alt_phone_idx',
        'customers_branch_name_idx',
        'products_serial_number_idx',
        'products_customer_id_idx',
        'service_orders_customer_id_idx',
        'service_orders_product_id_idx',
        'change_log_branch_seq_idx',
      ]),
    );
  });

  it('opens SQLite in WAL mode with foreign keys enforced', async () => {
    const { database } = tempDatabase();
    // Result columns come back camelCased by the CamelCasePlugin.
    const journal = await sql<{ journalMode: string }>`pragma journal_mode`.execute(database.db);
    const foreignKeys = await sql<{ foreignKeys: number }>`pragma foreign_keys`.execute(database.db);
    expect(journal.rows[0]?.journalMode).toBe('wal');
    expect(foreignKeys.rows[0]?.foreignKeys).toBe(1);
  });

  it('reads every accepted DATABASE_URL form', () => {
    expect(parseDatabaseUrl(undefined)).toEqual({ dialect: 'sqlite', path: './data/server.db' });
    expect(parseDatabaseUrl('')).toEqual({ dialect: 'sqlite', path: './data/server.db' });
    expect(parseDatabaseUrl('sqlite:./x/y.db')).toEqual({ dialect: 'sqlite', path: './x/y.db' });
    expect(parseDatabaseUrl('sqlite:///var/lib/aw.db')).toEqual({ dialect: 'sqlite', path: '/var/lib/aw.db' });
    expect(parseDatabaseUrl('/tmp/plain.db')).toEqual({ dialect: 'sqlite', path: '/tmp/plain.db' });
    expect(parseDatabaseUrl('postgres://u:p@db:5432/aw')).toEqual({ dialect: 'postgres', url: 'postgres://u:p@db:5432/aw' });
    expect(parseDatabaseUrl('postgresql://db/aw')).toEqual({ dialect: 'postgres', url: 'postgresql://db/aw' });
    expect(() => parseDatabaseUrl('mysql://db/aw')).toThrow(/not supported/);
  });

  it('never shows a PostgreSQL password in the printable location', async () => {
    const database = openServerDatabase('postgres://agent:s3cret@db.example:5432/aw');
    cleanups.push(() => database.close());
    expect(database.dialect).toBe('postgres');
    expect(database.location).not.toContain('s3cret');
    expect(database.location).toContain('db.example:5432/aw');
  });
});
