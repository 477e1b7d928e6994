import type { CacheMigration } from './cacheMigration.js';

/** A refused change keeps the domain rule's refusal the backend gave (code, field, params: shared/domain/refusal.ts), as JSON; older letters have none. */
export const deadLetterRefusal: CacheMigration = {
  version: 22,
  name: "a dead letter keeps the backend's refusal",
  sql: `
      ALTER TABLE dead_letters ADD COLUMN refusal TEXT;
    `,
};
