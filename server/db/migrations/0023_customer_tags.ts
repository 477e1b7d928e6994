import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Customer tags (shared/domain/customerTags.ts): a JSON array of tag codes on the customer. Every
 * customer from before has none; a constant default, so PostgreSQL adds the column without
 * rewriting the table.
 */
export const customerTags: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('customers')
      .addColumn('tags', 'text', (c) => c.notNull().defaultTo(sql`'[]'`))
      .execute();
  },
};
