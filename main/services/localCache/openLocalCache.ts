import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { registerCacheFunctions, type LocalCacheDb } from './cacheConnection.js';
import { applyCacheKey, prepareEncryptedCache, type CacheKey } from './cacheEncryption.js';
import { applyCacheMigrations } from './migrateCache.js';
import { endBulkLoad } from './searchIndex.js';
import { removeSideFile } from './searchIndexBuild.js';

/** Re-exported for the *Table.ts modules, which take the handle that openLocalCache returns. */
export type { LocalCacheDb } from './cacheConnection.js';

export interface OpenLocalCacheOptions {
  /** A specific better-sqlite3 build (the Electron app loads one built for Electron's ABI). */
  nativeBinding?: string;
  /** Encrypts the cache at rest with this key (the app's, from the OS keychain); none: plain SQLite. */
  key?: CacheKey;
  /**
   * The search-index worker of initial syncs (searchIndexBuild.ts): another script (tests), or
   * false to build the indexes in line at the end of the load.
   */
  searchIndexWorker?: URL | false;
  /** Told when an old plain cache was encrypted (one its key does not open throws CacheKeyMismatch, untouched). */
  onNotice?: (line: string) => void;
}

/**
 * Opens (creating if needed) the seat's SQLite cache: WAL so reads never wait for the sync
 * writer, synchronous=FULL so a power cut does not lose an acknowledged local write.
 */
export function openLocalCache(file: string, options: OpenLocalCacheOptions = {}): LocalCacheDb {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (options.key) {
    const outcome = prepareEncryptedCache(file, options.key, options.nativeBinding);
    if (outcome === 'encrypted-now') options.onNotice?.(`The seat cache ${file} was encrypted at rest.`);
  }
  const db = new Database(file, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  if (options.key) applyCacheKey(db, options.key);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  registerCacheFunctions(db);
  applyCacheMigrations(db);
  // A seat that died during an initial sync: make its search whole again before anyone searches
  // (the worker's side file of that load is of no use now).
  removeSideFile(file);
  endBulkLoad(db);
  return db;
}
