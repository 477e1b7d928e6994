import type { Kysely, Migration } from 'kysely';

/** Authorised service outlets, a synced table made at headquarters (shared/domain/outlet.ts). */
export const outlets: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('outlets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('branch_id', 'text', (c) => c.notNull().references('branches.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      // JSON arrays: matched in code (suggestOutlets), a branch has a handful of outlets.
      .addColumn('provinces', 'text', (c) => c.notNull())
      .addColumn('cities', 'text', (c) => c.notNull())
      .addColumn('categories', 'text', (c) => c.notNull())
      .addColumn('load', 'integer', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('outlets_branch_idx').on('outlets').columns(['branch_id', 'name']).execute();
  },
};
