import type Database from 'better-sqlite3-multiple-ciphers';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/** Enough for every query shape the routes build; `IN (?, …)` lists of many lengths share the rest. */
const CAPACITY = 1000;

/**
 * Kysely's SQLite driver prepares every query afresh; compiling the statement cost about as much
 * as running it (a push of 10,000 mutations spent ~8% of the server's CPU in prepare). Statements
 * are kept by their SQL text, least recently used dropped first. Safe to share: the driver runs
 * one query at a time on its single connection, and SQLite re-prepares a statement itself when
 * the schema changes.
 */
export function withStatementCache(sqlite: Database.Database, capacity = CAPACITY): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    close: () => {
      statements.clear();
      sqlite.close();
    },
    prepare(sql) {
      let statement = statements.get(sql);
      if (statement) statements.delete(sql);
      else statement = sqlite.prepare(sql);
      statements.set(sql, statement);
      if (statements.size > capacity) statements.delete(statements.keys().next().value!);
      return statement;
    },
  };
}
