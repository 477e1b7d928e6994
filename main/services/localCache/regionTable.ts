import { RegionIndex, type Region, type RegionTable } from '../../../shared/domain/region.js';
import type { LocalCacheDb } from './openLocalCache.js';

/** The meta key of the edition of the code table the seat holds. */
const EDITION_KEY = 'regions.edition';

/**
 * All SQL touching the cache's `regions` table: the division code table pulled from the backend
 * (main/services/seatRegions.ts), read by the customer rules and pickers offline. The index is
 * built once per edition.
 */
export function regionTable(db: LocalCacheDb) {
  const editionOf = db.prepare('SELECT value FROM meta WHERE key = ?').pluck();
  const writeEdition = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const all = db.prepare('SELECT code, name, level, parent_code AS parentCode FROM regions ORDER BY code');
  const clear = db.prepare('DELETE FROM regions');
  const insert = db.prepare('INSERT INTO regions (code, name, level, parent_code) VALUES (@code, @name, @level, @parentCode)');
  let index: RegionIndex | null = null;

  const edition = (): string | null => (editionOf.get(EDITION_KEY) as string | undefined) ?? null;

  return {
    edition,
    /** The table as pulled last, indexed; empty (edition "none") before the first pull. */
    index(): RegionIndex {
      index ??= new RegionIndex(edition() ?? 'none', all.all() as Region[]);
      return index;
    },
    /** Replaces the table with a new edition in one transaction. */
    replace(table: RegionTable): void {
      db.transaction(() => {
        clear.run();
        for (const region of table.regions) insert.run(region);
        writeEdition.run(EDITION_KEY, table.edition);
      })();
      index = null;
    },
  };
}
