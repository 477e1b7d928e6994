import { Outlet } from '../../../shared/domain/outlet.js';
import type { LocalCacheDb } from './openLocalCache.js';

/** All SQL touching the cache's `outlets` table (authorised service outlets, pulled only). */

interface OutletRow {
  id: string;
  branch_id: string;
  name: string;
  provinces: string;
  cities: string;
  categories: string;
  load: number;
  version: number;
  deleted: number;
}

const OutletLists = Outlet.pick({ provinces: true, cities: true, categories: true });

function toOutlet(r: OutletRow): Outlet {
  const lists = OutletLists.parse({ provinces: JSON.parse(r.provinces), cities: JSON.parse(r.cities), categories: JSON.parse(r.categories) });
  return { id: r.id, branchId: r.branch_id, name: r.name, ...lists, load: r.load, version: r.version, deleted: r.deleted === 1 };
}

export function outletTable(db: LocalCacheDb) {
  const upsert = db.prepare(`
    INSERT INTO outlets (id, branch_id, name, provinces, cities, categories, load, version, deleted)
    VALUES (@id, @branchId, @name, @provinces, @cities, @categories, @load, @version, @deleted)
    ON CONFLICT(id) DO UPDATE SET
      branch_id = excluded.branch_id, name = excluded.name, provinces = excluded.provinces, cities = excluded.cities,
      categories = excluded.categories, load = excluded.load, version = excluded.version, deleted = excluded.deleted
    WHERE excluded.version >= outlets.version`);
  const live = db.prepare('SELECT * FROM outlets WHERE deleted = 0 ORDER BY name');

  return {
    upsert(o: Outlet): void {
      upsert.run({
        ...o,
        provinces: JSON.stringify(o.provinces),
        cities: JSON.stringify(o.cities),
        categories: JSON.stringify(o.categories),
        deleted: o.deleted ? 1 : 0,
      });
    },
    /** Every outlet in service, by name. */
    all(): Outlet[] {
      return (live.all() as OutletRow[]).map(toOutlet);
    },
  };
}
export type OutletTable = ReturnType<typeof outletTable>;
