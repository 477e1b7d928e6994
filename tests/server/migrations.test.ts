import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { takeSeqs } from '../../server/db/changeLogSeqs.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { serverMigrations } from '../../server/db/migrations/index.js';
import { openServerDatabase, parseDatabaseUrl, type ServerDatabase } from '../../server/db/openServerDatabase.js';
import { createTestDatabase, testEngines } from './support/testDatabase.js';

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
    expect(first.map((r) => [r.migrationName, r.status])).toEqual([
      ['0001_initial', 'Success'],
      ['0002_sync_push', 'Success'],
      ['0003_order_list_index', 'Success'],
      ['0004_order_events', 'Success'],
      ['0005_interactions', 'Success'],
      ['0006_follow_ups', 'Success'],
      ['0007_outlets', 'Success'],
      ['0008_knowledge_parts_campaigns', 'Success'],
      ['0009_order_dispatch', 'Success'],
      ['0010_pull_scope', 'Success'],
      ['0011_snapshot_keyset_indexes', 'Success'],
      ['0012_order_warranty', 'Success'],
      ['0013_login_throttle', 'Success'],
      ['0014_order_lifecycle', 'Success'],
      ['0015_regions', 'Success'],
      ['0016_complaints_notes', 'Success'],
      ['0017_change_log_sequence', 'Success'],
      ['0018_kpi_indexes', 'Success'],
      ['0019_parts_desk', 'Success'],
      ['0020_shift_handover', 'Success'],
      ['0021_conflict_kept_by', 'Success'],
      ['0022_agent_presence', 'Success'],
      ['0023_customer_tags', 'Success'],
      ['0024_contact_channels', 'Success'],
      ['0025_complaint_steps', 'Success'],
      ['0026_campaign_target_lists', 'Success'],
      ['0027_outlet_capacity', 'Success'],
      ['0028_kpi_lookup_indexes', 'Success'],
      ['0029_duplicate_review', 'Success'],
      ['0030_agent_sip_user', 'Success'],
      ['0031_cache_key_escrow', 'Success'],
      ['0032_kpi_day_cells', 'Success'],
    ]);
    expect(await migrateToLatest(database)).toEqual([]);

    const objects = await sql<{ type: string; name: string }>`select type, name from sqlite_master where name not like 'sqlite_%'`.execute(database.db);
    const tables = objects.rows.filter((o) => o.type === 'table').map((o) => o.name);
    const indexes = objects.rows.filter((o) => o.type === 'index').map((o) => o.name);
    expect(tables).toEqual(
      expect.arrayContaining(['branches', 'agents', 'sessions', 'customers', 'products', 'service_orders', 'change_log', 'change_log_head', 'mutations', 'conflicts']),
    );
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

describe.each(testEngines())('migrations on %s', (engine) => {
  it('upgrades a 0001 database with data: the seq counter continues from its change log', async () => {
    const store = await createTestDatabase(engine);
    const database = openServerDatabase(store.url);
    try {
      const migrations = serverMigrations(database.dialect);
      const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo('0001_initial')).error).toBeUndefined();
      await sql`insert into change_log (seq, entity, entity_id, branch_id) values (41, 'customer', 'c', 'b')`.execute(database.db);

      expect((await migrateToLatest(database)).map((r) => r.migrationName)).toEqual(['0002_sync_push', '0003_order_list_index', '0004_order_events', '0005_interactions', '0006_follow_ups', '0007_outlets', '0008_knowledge_parts_campaigns', '0009_order_dispatch', '0010_pull_scope', '0011_snapshot_keyset_indexes', '0012_order_warranty', '0013_login_throttle', '0014_order_lifecycle', '0015_regions', '0016_complaints_notes', '0017_change_log_sequence', '0018_kpi_indexes', '0019_parts_desk', '0020_shift_handover', '0021_conflict_kept_by', '0022_agent_presence', '0023_customer_tags', '0024_contact_channels', '0025_complaint_steps', '0026_campaign_target_lists', '0027_outlet_capacity', '0028_kpi_lookup_indexes', '0029_duplicate_review', '0030_agent_sip_user', '0031_cache_key_escrow', '0032_kpi_day_cells']);
      expect(await migrateToLatest(database)).toEqual([]);
      const taken = await database.db.transaction().execute((trx) => takeSeqs(trx, 2));
      expect(taken).toEqual([42, 43]);
    } finally {
      await database.close();
      await store.drop();
    }
  });
});
