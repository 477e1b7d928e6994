import type { CacheMigration } from './cacheMigration.js';

/** Released: frozen (migrations/index.ts). The rules: shared/domain/orderLifecycle.ts and followUp.ts. */
export const orderLifecycle: CacheMigration = {
  version: 14,
  name: "an order's lifecycle records and follow-up attempts",
  sql: `
      -- JSON text (the text null when none): the fee the customer agreed to out of warranty, and
      -- the completion record (resolution, parts, fee, technician); plain text reasons.
      ALTER TABLE service_orders ADD COLUMN fee_consent TEXT NOT NULL DEFAULT 'null';
      ALTER TABLE service_orders ADD COLUMN duplicate_reason TEXT;
      ALTER TABLE service_orders ADD COLUMN completion TEXT NOT NULL DEFAULT 'null';
      ALTER TABLE service_orders ADD COLUMN cancel_reason TEXT;
      -- Call backs: how many calls, how the last went and when.
      ALTER TABLE follow_ups ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE follow_ups ADD COLUMN last_outcome TEXT;
      ALTER TABLE follow_ups ADD COLUMN last_attempt_at TEXT;
    `,
};
