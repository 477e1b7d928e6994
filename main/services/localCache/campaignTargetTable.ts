import { noCampaignProgress, type CampaignTarget, type CampaignTargetStatus } from '../../../shared/domain/campaign.js';
import { campaignTargetEntity } from '../../../shared/entities/syncedEntities.js';
import type { LocalCacheDb } from './openLocalCache.js';
import { cacheRowMapping, syncedTableStatements } from './syncedTableStatements.js';

/** All SQL touching the cache's `campaign_targets` table (whom a campaign calls, and how it went). */

const targetRows = cacheRowMapping(campaignTargetEntity);

export function campaignTargetTable(db: LocalCacheDb) {
  // Headquarters' list: only the dialing order and a call's outcome move once a target exists.
  const rows = syncedTableStatements(db, 'campaign_targets', targetRows, {
    replace: ['phone', 'position', 'status', 'outcomeNotes', 'calledAt', 'calledBy', 'assignedAgentId', 'callBackAt', 'version', 'deleted'],
  });
  const next = db.prepare(
    "SELECT * FROM campaign_targets WHERE campaign_id = ? AND status = 'pending' AND deleted = 0 AND position > ? ORDER BY position, id LIMIT 1",
  );
  const calledOf = db.prepare('SELECT * FROM campaign_targets WHERE customer_id = ? AND called_at IS NOT NULL AND deleted = 0 ORDER BY called_at DESC, id DESC LIMIT ?');
  // A call back is mine when it is assigned to me, or to nobody and I set it.
  const callBacks = db.prepare(
    `SELECT * FROM campaign_targets WHERE status = 'call_back' AND deleted = 0 AND call_back_at < ?
       AND (assigned_agent_id = ? OR (assigned_agent_id IS NULL AND called_by = ?))
     ORDER BY call_back_at, id LIMIT ?`,
  );
  const callBacksCount = db.prepare(
    `SELECT count(*) FROM campaign_targets WHERE status = 'call_back' AND deleted = 0 AND call_back_at < ?
       AND (assigned_agent_id = ? OR (assigned_agent_id IS NULL AND called_by = ?))`,
  );
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
    /** My campaign call backs due before `until`, soonest first (at most `limit`), and how many there are. */
    callBacksOf(agentId: string, until: Date, limit: number): { targets: CampaignTarget[]; count: number } {
      const before = until.toISOString();
      return { targets: rows.rows(callBacks.all(before, agentId, agentId, limit)), count: callBacksCount.pluck().get(before, agentId, agentId) as number };
    },
    /** How many of the campaign's targets are in each status. */
    progress(campaignId: string): Record<CampaignTargetStatus, number> {
      const counts: Record<CampaignTargetStatus, number> = noCampaignProgress();
      for (const row of progress.all(campaignId) as Array<{ status: CampaignTargetStatus; n: number }>) counts[row.status] = row.n;
      return counts;
    },
    /** Targets are made by headquarters: only a refused local change could ask for this. */
    discard: rows.discard,
  };
}
