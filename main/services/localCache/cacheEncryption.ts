import fs from 'node:fs';
import Database from 'better-sqlite3-multiple-ciphers';

/**
 * Encryption at rest of the seat's cache (SQLite3 Multiple Ciphers, SQLCipher 4 scheme) with a raw
 * 256-bit key, which the app keeps sealed in the OS keychain (credentials/cacheKeys.ts).
 */
export type CacheKey = string;

function isCacheKey(key: string): boolean {
  return /^[0-9a-f]{64}$/.test(key);
}

/** Must run before anything else reads the file on this connection. */
export function applyCacheKey(db: Database.Database, key: CacheKey): void {
  if (!isCacheKey(key)) throw new Error('a cache key is 64 hexadecimal digits');
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma(`key = "x'${key}'"`);
}

/** Attaches another file of the same seat, opened with the same key (or plain, without one). */
export function attachWithKey(db: Database.Database, file: string, schema: string, key: CacheKey | undefined): void {
  if (!/^[a-z]+$/.test(schema)) throw new Error(`not a schema name: ${schema}`);
  if (key === undefined) {
    db.prepare(`ATTACH DATABASE ? AS ${schema}`).run(file);
    return;
  }
  if (!isCacheKey(key)) throw new Error('a cache key is 64 hexadecimal digits');
  db.prepare(`ATTACH DATABASE ? AS ${schema} KEY ?`).run(file, `x'${key}'`);
}

function readable(db: Database.Database): boolean {
  try {
    db.prepare('SELECT count(*) FROM sqlite_master').get();
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_NOTADB') return false;
    throw error;
  }
}

export type KeyedOpen = 'encrypted' | 'encrypted-now' | 'set-aside';

/**
 * Makes `file` a cache that opens with `key`: a new file is created encrypted; a cache from before
 * encryption (plain SQLite) is encrypted in place, keeping its outbox; a file that neither the key
 * nor plain SQLite can read (the keychain lost its key) is renamed aside — with its -wal — so
 * the seat can start afresh while IT may still recover unsynced work from it.
 */
export function prepareEncryptedCache(file: string, key: CacheKey, nativeBinding?: string, now = new Date()): KeyedOpen {
  if (!fs.existsSync(file)) return 'encrypted';
  // the same driver build as the cache's own open: Electron's ABI in the app
  const driver = nativeBinding ? { nativeBinding } : {};
  const keyed = new Database(file, driver);
  try {
    applyCacheKey(keyed, key);
    if (readable(keyed)) return 'encrypted';
  } finally {
    keyed.close();
  }
  const plain = new Database(file, driver);
  try {
    if (readable(plain)) {
      plain.pragma('wal_checkpoint(TRUNCATE)');
      plain.pragma('journal_mode = DELETE'); // rekey cannot run in WAL mode
      plain.pragma(`cipher = 'sqlcipher'`);
      plain.pragma(`rekey = "x'${key}'"`);
      return 'encrypted-now';
    }
  } finally {
    plain.close();
  }
  const aside = `${file}.unreadable-${now.toISOString().replace(/[:.]/g, '-')}`;
  fs.renameSync(file, aside);
  for (const suffix of ['-wal', '-shm']) if (fs.existsSync(file + suffix)) fs.renameSync(file + suffix, aside + suffix);
  return 'set-aside';
}
