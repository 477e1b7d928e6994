import type { Kysely, Migration } from 'kysely';

/**
 * The agent's own SIP user (extension) on the proxy, e.g. 1001: the backend issues the agent's
 * short-lived SIP credential for it after sign-in (server/sip/sipCredentials.ts). Null: the agent
 * has no phone. Unique: one extension never belongs to two agents.
 */
export const agentSipUser: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('agents').addColumn('sip_user', 'text').execute();
    await db.schema.createIndex('agents_sip_user_idx').unique().on('agents').column('sip_user').execute();
  },
};
