import type { CacheMigration } from './cacheMigration.js';

/**
 * A supervisor's decision on an order made as a possible duplicate (shared/domain/duplicateReview.ts):
 * JSON text, the text null until decided (every order from before). The orders awaiting it, for
 * the supervisor's desk.
 */
export const duplicateReview: CacheMigration = {
  version: 26,
  name: 'duplicate order reviews',
  sql: `
      ALTER TABLE service_orders ADD COLUMN duplicate_review TEXT NOT NULL DEFAULT 'null';
      CREATE INDEX service_orders_awaiting_review ON service_orders(created_at)
        WHERE deleted = 0 AND duplicate_reason IS NOT NULL AND duplicate_review = 'null';
    `,
};
