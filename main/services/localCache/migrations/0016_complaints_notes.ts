import type { CacheMigration } from './cacheMigration.js';

/** Complaints and notes (shared/domain/complaint.ts, note.ts), taken and written offline too. */
export const complaintsNotes: CacheMigration = {
  version: 16,
  name: 'complaints and notes',
  sql: `
      CREATE TABLE complaints (
        id TEXT PRIMARY KEY,
        branch_id TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        order_id TEXT,
        outlet_id TEXT,
        technician_name TEXT,
        category TEXT NOT NULL,
        severity TEXT NOT NULL,
        channel TEXT NOT NULL,
        customer_words TEXT NOT NULL,
        customer_wants TEXT NOT NULL,
        status TEXT NOT NULL,
        taken_by TEXT NOT NULL,
        received_at TEXT NOT NULL,
        promised_by TEXT,
        acknowledge_due_at TEXT NOT NULL,
        resolve_due_at TEXT NOT NULL,
        acknowledged_at TEXT,
        resolved_at TEXT,
        confirmed_at TEXT,
        reopen_count INTEGER NOT NULL,
        escalation TEXT NOT NULL,
        escalated_at TEXT,
        resolution TEXT NOT NULL,
        compensation_kind TEXT NOT NULL,
        compensation_yuan INTEGER,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX complaints_customer ON complaints(customer_id, received_at);
      -- Open complaints by deadline (my work, the card's list).
      CREATE INDEX complaints_open_due ON complaints(resolve_due_at) WHERE status NOT IN ('resolved', 'confirmed');

      -- Append-only: written once, never changed.
      CREATE TABLE notes (
        id TEXT PRIMARY KEY,
        branch_id TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        order_id TEXT,
        author_id TEXT NOT NULL,
        text TEXT NOT NULL,
        created_at TEXT NOT NULL,
        version INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX notes_customer ON notes(customer_id, created_at);
      CREATE INDEX notes_order ON notes(order_id, created_at) WHERE order_id IS NOT NULL;
    `,
};
