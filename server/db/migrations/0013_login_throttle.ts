import type { Kysely, Migration } from 'kysely';

/**
 * Sign-in hardening, kept in the database so every API process sees the same state:
 * - `login_failures`: failed sign-ins in a row per login and per client address, and until when
 *   further attempts are refused (a growing delay, then a lock).
 * - `auth_audit`: one record per sign-in attempt, sign-out and revocation, for the security review.
 * - `sessions.agent_id` index: revoking an agent's sessions finds them without a scan.
 */
export const loginThrottle: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('login_failures')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('blocked_until', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('auth_audit')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('event', 'text', (c) => c.notNull())
      .addColumn('login', 'text')
      .addColumn('agent_id', 'text')
      .addColumn('address', 'text')
      .addColumn('actor_agent_id', 'text')
      .execute();
    await db.schema.createIndex('auth_audit_at_idx').on('auth_audit').column('at').execute();
    await db.schema.createIndex('sessions_agent_id_idx').on('sessions').column('agent_id').execute();
  },
};
