import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectName } from '../openServerDatabase.js';

/**
 * Change-log seqs without a global lock on PostgreSQL (changeLogSeqs.ts): writers take them from
 * `change_log_seq`, continuing after the last one change_log_head handed out, and order
 * themselves per scope key instead. SQLite keeps change_log_head (it runs one writer at a time).
 */
export function changeLogSequence(dialect: DialectName): Migration {
  return {
    async up(db: Kysely<unknown>) {
      if (dialect !== 'postgres') return;
      await sql`create sequence change_log_seq as bigint minvalue 1`.execute(db);
      await sql`select setval('change_log_seq', (select seq from change_log_head where id = 1) + 1, false)`.execute(db);
    },
  };
}
