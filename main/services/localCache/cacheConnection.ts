import type Database from 'better-sqlite3-multiple-ciphers';
import { indexedPhoneDigits, spacedForIndex } from './searchText.js';

/**
 * What every connection to the seat cache shares, whoever opened it (openLocalCache, the search
 * index worker, the merge of its side file): the connection type, the SQL functions the full-text
 * triggers call, and the `meta` key/value table.
 */
export type LocalCacheDb = Database.Database;

/** SQL functions the full-text triggers call: every connection that writes the file must have them. */
export function registerCacheFunctions(db: LocalCacheDb): void {
  db.function('spaced_for_index', { deterministic: true }, (text: unknown) => spacedForIndex(String(text ?? '')));
  db.function('phone_digits', { deterministic: true }, (phone: unknown) => indexedPhoneDigits(typeof phone === 'string' ? phone : null));
}

export function readMeta(db: LocalCacheDb, key: string): string | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function writeMeta(db: LocalCacheDb, key: string, value: string): void {
  db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
}
