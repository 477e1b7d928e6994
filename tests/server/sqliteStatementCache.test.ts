import Database from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { withStatementCache } from '../../server/db/sqliteStatementCache.js';

describe('SQLite statement cache', () => {
  const sqlite = new Database(':memory:');
  afterEach(() => sqlite.exec('DROP TABLE IF EXISTS t'));

  it('prepares a query text once, keeps at most `capacity` statements, dropping the least recently used', () => {
    const prepared: string[] = [];
    const counting = Object.assign(Object.create(sqlite) as Database.Database, {
      prepare: (sql: string) => {
        prepared.push(sql);
        return sqlite.prepare(sql);
      },
    });
    const cache = withStatementCache(counting, 2);
    cache.prepare('SELECT 1');
    cache.prepare('SELECT 2');
    expect(cache.prepare('SELECT 1').all([])).toEqual([{ 1: 1 }]);
    cache.prepare('SELECT 3'); // drops SELECT 2, the least recently used
    cache.prepare('SELECT 1');
    cache.prepare('SELECT 2');
    expect(prepared).toEqual(['SELECT 1', 'SELECT 2', 'SELECT 3', 'SELECT 2']);
  });

  it('a cached statement still works after the schema changes under it', () => {
    const cache = withStatementCache(sqlite);
    sqlite.exec('CREATE TABLE t (a INTEGER)');
    cache.prepare('INSERT INTO t (a) VALUES (?)').run([1]);
    expect(cache.prepare('SELECT * FROM t').all([])).toEqual([{ a: 1 }]);
    sqlite.exec('ALTER TABLE t ADD COLUMN b TEXT');
    cache.prepare('INSERT INTO t (a) VALUES (?)').run([2]);
    expect(cache.prepare('SELECT * FROM t').all([])).toEqual([{ a: 1, b: null }, { a: 2, b: null }]);
  });
});
