import type { Kysely, Migration } from 'kysely';

/**
 * The warranty decision taken when a service order is made (shared/domain/warranty.ts), as JSON
 * text; orders made before it have none (the text null, as every JSON column stores null).
 */
export const orderWarranty: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('service_orders').addColumn('warranty', 'text', (c) => c.notNull().defaultTo('null')).execute();
  },
};
