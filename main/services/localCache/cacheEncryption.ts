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

export type KeyedOpen = 'encrypted' | 'encrypted-now';

/** What a cache file is to a key: absent, opened by it, plain SQLite (from before encryption), or unreadable with it. */
export type CacheProbe = 'absent' | 'opens' | 'plain' | 'unreadable';

export function probeCache(file: string, key: CacheKey, nativeBinding?: string): CacheProbe {
  if (!fs.existsSync(file)) return 'absent';
  // the same driver build as the cache's own open: Electron's ABI in the app
  const driver = nativeBinding ? { nativeBinding } : {};
  const keyed = new Database(file, driver);
  try {
    applyCacheKey(keyed, key);
    if (readable(keyed)) return 'opens';
  } finally {
    keyed.close();
  }
  const plain = new Database(file, driver);
  try {
    return readable(plain) ? 'plain' : 'unreadable';
  } finally {
    plain.close();
  }
}

/** A cache file its key does not open: the seat recovers the key (session/cacheKeyRecovery.ts), never drops the file. */
export class CacheKeyMismatch extends Error {
  override name = 'CacheKeyMismatch';
}

/**
 * Makes `file` a cache that opens with `key`: a new file is created encrypted; a cache from before
 * encryption (plain SQLite) is encrypted in place, keeping its outbox. A file that neither the key
 * nor plain SQLite can read is left as it is (CacheKeyMismatch): it may hold unsynced work, which
 * only its own key, recovered from escrow, can reach (docs/architecture.md §8 (cache key escrow)).
 */
export function prepareEncryptedCache(file: string, key: CacheKey, nativeBinding?: string): KeyedOpen {
  const probe = probeCache(file, key, nativeBinding);
  if (probe === 'absent' || probe === 'opens') return 'encrypted';
  if (probe === 'unreadable') throw new CacheKeyMismatch(`the seat cache ${file} does not open with its key; it is left untouched`);
  const plain = new Database(file, nativeBinding ? { nativeBinding } : {});
  try {
    plain.pragma('wal_checkpoint(TRUNCATE)');
    plain.pragma('journal_mode = DELETE'); // rekey cannot run in WAL mode
    plain.pragma(`cipher = 'sqlcipher'`);
    plain.pragma(`rekey = "x'${key}'"`);
    return 'encrypted-now';
  } finally {
    plain.close();
  }
}
