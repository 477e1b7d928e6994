import { sql, type Kysely, type Migration } from 'kysely';

/**
 * What push and the gap-free pull need:
 * - `change_log_head`: one row holding the last seq handed out. Writers take their seqs from it
 *   with an UPDATE, whose row lock is held to commit, so seqs are handed out in commit order and a
 *   reader never sees seq n+1 before seq n (a sequence/bigserial value is taken before commit).
 * - `change_log.fields` (JSON array of the fields a change touched; NULL = the whole row) and the
 *   seat/agent that made it: push merges per field and does not count a seat's own edits against it.
 * - `mutations`: each pushed mutation's first result, for exactly-once retries.
 * - `conflicts`: a synced table of the values that lost a same-field race, for the agent to resolve.
 */
export const syncPushSchema: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('change_log_head')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .execute();
    await sql`insert into change_log_head (id, seq) select 1, coalesce(max(seq), 0) from change_log`.execute(db);

    await db.schema.alterTable('change_log').addColumn('fields', 'text').execute();
    await db.schema.alterTable('change_log').addColumn('seat_id', 'text').execute();
    await db.schema.alterTable('change_log').addColumn('agent_id', 'text').execute();
    // Push reads one row's history after a base version.
    await db.schema.createIndex('change_log_entity_idx').on('change_log').columns(['entity_id', 'seq']).execute();

    await db.schema
      .createTable('mutations')
      .addColumn('mutation_id', 'text', (c) => c.primaryKey())
      .addColumn('agent_id', 'text', (c) => c.notNull().references('agents.id').onDelete('cascade'))
      .addColumn('seat_id', 'text', (c) => c.notNull())
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('result', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('conflicts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('entity', 'text', (c) => c.notNull())
      .addColumn('entity_id', 'text', (c) => c.notNull())
      .addColumn('branch_id', 'text', (c) => c.notNull().references('branches.id'))
      .addColumn('field', 'text', (c) => c.notNull())
      .addColumn('mine', 'text', (c) => c.notNull())
      .addColumn('theirs', 'text', (c) => c.notNull())
      .addColumn('mutation_id', 'text', (c) => c.notNull())
      .addColumn('seat_id', 'text', (c) => c.notNull())
      .addColumn('agent_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('resolved', 'boolean', (c) => c.notNull().defaultTo(false))
      .execute();
    await db.schema.createIndex('conflicts_entity_id_idx').on('conflicts').column('entity_id').execute();
  },
};
