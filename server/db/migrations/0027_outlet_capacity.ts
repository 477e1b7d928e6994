import type { Kysely, Migration } from 'kysely';

/**
 * An outlet's capacity (shared/domain/outlet.ts): the open orders it can work on at once, planned by
 * headquarters; null for every outlet from before (not planned). No default to rewrite a table with.
 */
export const outletCapacity: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('outlets').addColumn('capacity', 'integer').execute();
  },
};
