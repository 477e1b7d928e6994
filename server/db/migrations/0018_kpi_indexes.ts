import type { Kysely, Migration } from 'kysely';

/**
 * The figures (server/kpis/kpiFigures.ts) read a branch's rows over a time range: calls by start,
 * follow-ups by the day they were done, parts requests by status and receipt. Orders by branch and
 * creation already have theirs (0003).
 */
export const kpiIndexes: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.createIndex('interactions_branch_started_idx').on('interactions').columns(['branch_id', 'started_at']).execute();
    await db.schema.createIndex('follow_ups_branch_done_idx').on('follow_ups').columns(['branch_id', 'done_at']).execute();
    await db.schema.createIndex('parts_requests_branch_status_updated_idx').on('parts_requests').columns(['branch_id', 'status', 'updated_at']).execute();
  },
};
