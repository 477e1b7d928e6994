import type { CampaignTarget, CampaignTargetStatus } from '../../../shared/domain/campaign.js';
import { campaignTargetEntity } from '../../../shared/entities/syncedEntities.js';
import type { LocalCacheDb } from './openLocalCache.js';
import { cacheRowMapping, syncedTableStatements } from './syncedTableStatements.js';

/** All SQL touching the cache's `campaign_targets` table (whom a campaign calls, and how it went). */

const targetRows = cacheRowMapping(campaignTargetEntity);

export function campaignTargetTable(db: LocalCacheDb) {
  // Headquarters' list: only the dialing order and a call's outcome move once a target exists.
  const rows = syncedTableStatements(db, 'campaign_targets', targetRows, {
    replace: ['phone', 'position', 'status', 'outcomeNotes', 'calledAt', 'calledBy', 'version', 'deleted'],
  });
  const next = db.prepare(
    "SELECT * FROM campaign_targets WHERE campaign_id = ? AND status = 'pending' AND deleted = 0 AND position > ? ORDER BY position, id LIMIT 1",
  );
  const calledOf = db.prepare('SELECT * FROM campaign_targets WHERE customer_id = ? AND called_at IS NOT NULL AND deleted = 0 ORDER BY called_at DESC, id DESC LIMIT ?');
  const progress = db.prepare('SELECT status, count(*) AS n FROM campaign_targets WHERE campaign_id = ? AND deleted = 0 GROUP BY status');

  return {
    upsert: rows.upsert,
    find: rows.find,
    /** Preview dialing: the campaign's first pending target in dialing order (after `afterPosition`: the agent skipped up to there). */
    nextPending(campaignId: string, afterPosition = -1): CampaignTarget | null {
      const row = next.get(campaignId, afterPosition);
      return row === undefined ? null : targetRows.fromRow(row);
    },
    /** A customer's campaign calls made so far, newest first (their contact history). */
    calledOf(customerId: string, limit: number): CampaignTarget[] {
      return rows.rows(calledOf.all(customerId, limit));
    },
    /** How many of the campaign's targets are in each status. */
    progress(campaignId: string): Record<CampaignTargetStatus, number> {
      const counts: Record<CampaignTargetStatus, number> = { pending: 0, done: 0, no_answer: 0, refused: 0 };
      for (const row of progress.all(campaignId) as Array<{ status: CampaignTargetStatus; n: number }>) counts[row.status] = row.n;
      return counts;
    },
    /** Targets are made by headquarters: only a refused local change could ask for this. */
    discard: rows.discard,
  };
}
