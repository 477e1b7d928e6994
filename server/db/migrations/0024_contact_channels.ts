import type { Kysely, Migration } from 'kysely';

/**
 * Contacts recorded by hand (shared/domain/interaction.ts, ContactChannel): an interaction's
 * channel. Every interaction from before is a softphone call (`phone`).
 */
export const contactChannels: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('interactions').addColumn('channel', 'text', (c) => c.notNull().defaultTo('phone')).execute();
  },
};
