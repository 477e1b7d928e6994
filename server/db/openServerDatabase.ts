import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { CamelCasePlugin, Kysely, PostgresDialect, SqliteDialect, type Dialect } from 'kysely';
import pg from 'pg';
import type { ServerSchema } from './schema.js';
import { withStatementCache } from './sqliteStatementCache.js';

export type DialectName = 'sqlite' | 'postgres';

export interface ServerDatabase {
  db: Kysely<ServerSchema>;
  dialect: DialectName;
  /** Where the data lives, safe to print: a file path, or a PostgreSQL URL without its password. */
  location: string;
  /** PostgreSQL only: the pool, and a fresh client on the same settings (for LISTEN, which holds its connection). */
  postgres?: { pool: pg.Pool; openClient(): pg.Client };
  close(): Promise<void>;
}

const DEFAULT_SQLITE_PATH = './data/server.db';

type DatabaseTarget = { dialect: 'sqlite'; path: string } | { dialect: 'postgres'; url: string };

/**
 * Reads DATABASE_URL's forms: unset → the embedded SQLite file ./data/server.db; `sqlite:<path>`
 * or a plain path → SQLite there; `postgres://…` (or `postgresql://…`) → PostgreSQL.
 */
export function parseDatabaseUrl(url: string | undefined): DatabaseTarget {
  const value = url?.trim() ?? '';
  if (value === '') return { dialect: 'sqlite', path: DEFAULT_SQLITE_PATH };
  if (/^postgres(ql)?:\/\//i.test(value)) return { dialect: 'postgres', url: value };
  if (/^sqlite:/i.test(value)) {
    const path = value.slice('sqlite:'.length).replace(/^\/\//, '');
    if (path === '') throw new Error('DATABASE_URL "sqlite:" needs a file path, e.g. sqlite:./data/server.db');
    return { dialect: 'sqlite', path };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new Error(`DATABASE_URL scheme not supported: use postgres://…, sqlite:<path> or a file path`);
  }
  return { dialect: 'sqlite', path: value };
}

/** Opens the backend's database (not migrated: call migrateToLatest). */
export function openServerDatabase(url?: string): ServerDatabase {
  const target = parseDatabaseUrl(url);
  return target.dialect === 'sqlite' ? openSqlite(target.path) : openPostgres(target.url);
}

function openSqlite(path: string): ServerDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  // Safe with WAL (a power cut may lose the last commits, never corrupt) and much faster.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('cache_size = -65536');
  // SQLite's advice for long-lived connections: refresh planner statistics that have gone stale.
  sqlite.pragma('optimize = 0x10002');
  return wrap(new SqliteDialect({ database: withStatementCache(sqlite) }), 'sqlite', path);
}

/**
 * Connections per API process (DATABASE_POOL_SIZE, default 10). PostgreSQL does best with a few
 * active connections per core; N processes open N × this many, so with many processes lower it or
 * put PgBouncer (transaction mode) in front — the app keeps no session state in a connection
 * except LISTEN, which has a connection of its own (docs/architecture.md, "Production layout").
 */
const DEFAULT_POOL_SIZE = 10;
/**
 * Longest a statement may run (DATABASE_STATEMENT_TIMEOUT_MS, default 60 s): the hot statements
 * take milliseconds, so one that runs this long is stuck (a lock never released, a runaway plan)
 * and would otherwise hold its connection and the scope keys of a branch's writers. The wait for a
 * branch's key counts too: under the test suite's overload (load average ~20 on 2 cores) a push
 * queued behind others of its agent waited over 15 s, so the bound is well above that.
 */
const DEFAULT_STATEMENT_TIMEOUT_MS = 60_000;

function openPostgres(url: string): ServerDatabase {
  const config: pg.PoolConfig = {
    connectionString: url,
    max: positiveSetting('DATABASE_POOL_SIZE', DEFAULT_POOL_SIZE),
    // Names the API process in pg_stat_activity: which process holds a connection, a lock, a transaction.
    application_name: `aw-api ${process.pid}`,
    options: `-c statement_timeout=${positiveSetting('DATABASE_STATEMENT_TIMEOUT_MS', DEFAULT_STATEMENT_TIMEOUT_MS)}`,
    // bigint columns (version, seq, counts) as JS numbers, as SQLite gives them; seqs stay far below 2^53.
    types: {
      getTypeParser: (oid, format) => (oid === pg.types.builtins.INT8 ? Number : pg.types.getTypeParser(oid, format)),
    },
  };
  const pool = new pg.Pool(config);
  // An idle connection the server ends (restart, failover, DROP DATABASE … FORCE) is reported on
  // the pool; unheard, that event would crash the process. The pool drops the connection and the
  // next query opens a fresh one; errors that matter surface on the queries themselves.
  pool.on('error', () => {});
  const database = wrap(new PostgresDialect({ pool }), 'postgres', withoutPassword(url));
  return { ...database, postgres: { pool, openClient: () => new pg.Client(config) } };
}

function positiveSetting(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number above 0, got "${value}"`);
  return n;
}

function wrap(dialect: Dialect, name: DialectName, location: string): ServerDatabase {
  const db = new Kysely<ServerSchema>({ dialect, plugins: [new CamelCasePlugin()] });
  return { db, dialect: name, location, close: () => db.destroy() };
}

function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'postgres (unparsable URL)';
  }
}
