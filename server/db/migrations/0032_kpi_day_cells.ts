import type { Kysely, Migration } from 'kysely';

/**
 * The figures' day cells (server/kpis/kpiRollup.ts, docs/architecture.md §10): per hotline day,
 * the branch a row is scoped by, a grouping (branch, agent, outlet, category, region) and its
 * group, the additive parts of every figure family, so that a week or a month is a sum of days.
 * `kpi_rolled_days` says which days the cells hold (rolled at, valid until an open stage's
 * deadline); `kpi_rollup_state` how far the change log has been read for days to recompute.
 * A complaint's order is looked up when an order changes (index on complaints.order_id).
 */
export const kpiDayCells: Migration = {
  async up(db: Kysely<unknown>) {
    const counts = [
      'calls_answered', 'calls_missed', 'orders_made', 'fcr_orders', 'fcr_resolved',
      'dispatch_met', 'dispatch_missed', 'accept_met', 'accept_missed', 'on_site_met', 'on_site_missed', 'complete_met', 'complete_missed',
      'rated', 'score_sum', 'score1', 'score2', 'score3', 'score4', 'score5', 'parts_received', 'complaints_received',
    ];
    let cells = db.schema
      .createTable('kpi_day_cells')
      .addColumn('dim', 'text', (c) => c.notNull())
      .addColumn('day', 'text', (c) => c.notNull())
      .addColumn('week', 'text', (c) => c.notNull())
      .addColumn('month', 'text', (c) => c.notNull())
      .addColumn('branch_id', 'text', (c) => c.notNull())
      .addColumn('grp', 'text', (c) => c.notNull());
    for (const name of counts) cells = cells.addColumn(name, 'integer', (c) => c.notNull());
    await cells
      .addColumn('calls_handle', 'bigint', (c) => c.notNull())
      .addColumn('parts_cycle', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('kpi_day_cells_pk', ['dim', 'day', 'branch_id', 'grp'])
      .execute();
    await db.schema.createIndex('kpi_day_cells_branch_idx').on('kpi_day_cells').columns(['branch_id', 'dim', 'day']).execute();
    await db.schema
      .createTable('kpi_rolled_days')
      .addColumn('day', 'text', (c) => c.primaryKey())
      .addColumn('rolled_at', 'text', (c) => c.notNull())
      .addColumn('valid_until', 'text')
      .execute();
    await db.schema
      .createTable('kpi_rollup_state')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('change_seq', 'bigint', (c) => c.notNull())
      .addColumn('earliest_day', 'text')
      .execute();
    await db.schema.createIndex('complaints_order_idx').on('complaints').column('order_id').execute();
  },
};
