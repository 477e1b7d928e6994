import type { Campaign } from '../../../shared/domain/campaign.js';
import type { LocalCacheDb } from './openLocalCache.js';

/** All SQL touching the cache's `campaigns` table (outbound lists, pulled only). */

interface CampaignRow {
  id: string;
  branch_id: string;
  name: string;
  kind: string;
  script: string;
  starts_on: string;
  ends_on: string;
  version: number;
  deleted: number;
}

function toCampaign(r: CampaignRow): Campaign {
  return {
    id: r.id,
    branchId: r.branch_id,
    name: r.name,
    kind: r.kind as Campaign['kind'],
    script: r.script,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    version: r.version,
    deleted: r.deleted === 1,
  };
}

export function campaignTable(db: LocalCacheDb) {
  const upsert = db.prepare(`
    INSERT INTO campaigns (id, branch_id, name, kind, script, starts_on, ends_on, version, deleted)
    VALUES (@id, @branchId, @name, @kind, @script, @startsOn, @endsOn, @version, @deleted)
    ON CONFLICT(id) DO UPDATE SET
      branch_id = excluded.branch_id, name = excluded.name, kind = excluded.kind, script = excluded.script,
      starts_on = excluded.starts_on, ends_on = excluded.ends_on, version = excluded.version, deleted = excluded.deleted
    WHERE excluded.version >= campaigns.version`);
  const byId = db.prepare('SELECT * FROM campaigns WHERE id = ? AND deleted = 0');
  // A branch runs a handful of campaigns: no index needed beyond the key.
  const live = db.prepare('SELECT * FROM campaigns WHERE deleted = 0 ORDER BY starts_on DESC, id');

  return {
    upsert(c: Campaign): void {
      upsert.run({ ...c, deleted: c.deleted ? 1 : 0 });
    },
    get(id: string): Campaign | null {
      const row = byId.get(id) as CampaignRow | undefined;
      return row ? toCampaign(row) : null;
    },
    /** The branch's campaigns, newest first. */
    all(): Campaign[] {
      return (live.all() as CampaignRow[]).map(toCampaign);
    },
  };
}
export type CampaignTable = ReturnType<typeof campaignTable>;
