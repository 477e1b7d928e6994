import type { CampaignTarget, CampaignTargetStatus } from '../../../shared/domain/campaign.js';
import type { LocalCacheDb } from './openLocalCache.js';

/** All SQL touching the cache's `campaign_targets` table (whom a campaign calls, and how it went). */

interface CampaignTargetRow {
  id: string;
  campaign_id: string;
  branch_id: string;
  customer_id: string;
  phone: string;
  position: number;
  status: string;
  outcome_notes: string;
  called_at: string | null;
  called_by: string | null;
  version: number;
  deleted: number;
}

function toTarget(r: CampaignTargetRow): CampaignTarget {
  return {
    id: r.id,
    campaignId: r.campaign_id,
    branchId: r.branch_id,
    customerId: r.customer_id,
    phone: r.phone,
    position: r.position,
    status: r.status as CampaignTargetStatus,
    outcomeNotes: r.outcome_notes,
    calledAt: r.called_at,
    calledBy: r.called_by,
    version: r.version,
    deleted: r.deleted === 1,
  };
}

export function campaignTargetTable(db: LocalCacheDb) {
  const upsert = db.prepare(`
    INSERT INTO campaign_targets (id, campaign_id, branch_id, customer_id, phone, position, status, outcome_notes, called_at, called_by, version, deleted)
    VALUES (@id, @campaignId, @branchId, @customerId, @phone, @position, @status, @outcomeNotes, @calledAt, @calledBy, @version, @deleted)
    ON CONFLICT(id) DO UPDATE SET
      phone = excluded.phone, position = excluded.position, status = excluded.status, outcome_notes = excluded.outcome_notes,
      called_at = excluded.called_at, called_by = excluded.called_by, version = excluded.version, deleted = excluded.deleted
    WHERE excluded.version >= campaign_targets.version`);
  const anyById = db.prepare('SELECT * FROM campaign_targets WHERE id = ?');
  const next = db.prepare(
    "SELECT * FROM campaign_targets WHERE campaign_id = ? AND status = 'pending' AND deleted = 0 AND position > ? ORDER BY position, id LIMIT 1",
  );
  const progress = db.prepare('SELECT status, count(*) AS n FROM campaign_targets WHERE campaign_id = ? AND deleted = 0 GROUP BY status');
  const discard = db.prepare('DELETE FROM campaign_targets WHERE id = ?');

  return {
    upsert(t: CampaignTarget): void {
      upsert.run({ ...t, deleted: t.deleted ? 1 : 0 });
    },
    /** The row whatever its state, tombstones included (for sync bookkeeping). */
    find(id: string): CampaignTarget | null {
      const row = anyById.get(id) as CampaignTargetRow | undefined;
      return row ? toTarget(row) : null;
    },
    /** Preview dialing: the campaign's first pending target in dialing order (after `afterPosition`: the agent skipped up to there). */
    nextPending(campaignId: string, afterPosition = -1): CampaignTarget | null {
      const row = next.get(campaignId, afterPosition) as CampaignTargetRow | undefined;
      return row ? toTarget(row) : null;
    },
    /** How many of the campaign's targets are in each status. */
    progress(campaignId: string): Record<CampaignTargetStatus, number> {
      const counts: Record<CampaignTargetStatus, number> = { pending: 0, done: 0, no_answer: 0, refused: 0 };
      for (const row of progress.all(campaignId) as Array<{ status: CampaignTargetStatus; n: number }>) counts[row.status] = row.n;
      return counts;
    },
    /** Targets are made by headquarters: only a refused local change could ask for this. */
    discard(id: string): void {
      discard.run(id);
    },
  };
}
export type CampaignTargetTable = ReturnType<typeof campaignTargetTable>;
