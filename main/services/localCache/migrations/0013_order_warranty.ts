import type { CacheMigration } from './cacheMigration.js';

/** Released: frozen (migrations/index.ts). The decision itself: shared/domain/warranty.ts decideWarranty. */
export const orderWarranty: CacheMigration = {
  version: 13,
  name: "a service order's warranty decision",
  sql: `
      -- JSON text of the decision taken when the order was made; the text null for orders without one.
      ALTER TABLE service_orders ADD COLUMN warranty TEXT NOT NULL DEFAULT 'null';
    `,
};
