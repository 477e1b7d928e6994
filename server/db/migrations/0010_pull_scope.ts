import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Pull scope beyond the branch (docs/architecture.md §3: "their branch's regions, plus records they own"),
 * and move-out. Each change-log entry names the row's owner (if its entity has one) and, when
 * the write took the row out of a branch or away from an owner, that branch or owner: their
 * seats then pull a removal for the row. Partial indexes: most entries have none of these.
 */
export const pullScope: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('change_log').addColumn('owner_agent_id', 'text').execute();
    await db.schema.alterTable('change_log').addColumn('exited_branch_id', 'text').execute();
    await db.schema.alterTable('change_log').addColumn('exited_owner_agent_id', 'text').execute();
    for (const column of ['owner_agent_id', 'exited_branch_id', 'exited_owner_agent_id']) {
      await db.schema
        .createIndex(`change_log_${column}_seq_idx`)
        .on('change_log')
        .columns([column, 'seq'])
        .where(sql.ref(column), 'is not', null)
        .execute();
    }
    // Entries written before this migration: the order's owner now (earlier owners are not recorded).
    await sql`UPDATE change_log SET owner_agent_id = (SELECT owner_agent_id FROM service_orders WHERE service_orders.id = change_log.entity_id)
      WHERE entity = 'serviceOrder'`.execute(db);
  },
};
