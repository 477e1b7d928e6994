import type { CacheMigration } from './cacheMigration.js';

/** A complaint's recorded steps (shared/domain/complaint.ts `ComplaintStepRecord`), append-only, written offline too. */
export const complaintSteps: CacheMigration = {
  version: 23,
  name: 'complaint steps',
  sql: `
      CREATE TABLE complaint_steps (
        id TEXT PRIMARY KEY,
        branch_id TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        complaint_id TEXT NOT NULL,
        order_id TEXT,
        kind TEXT NOT NULL,
        from_status TEXT,
        at TEXT NOT NULL,
        agent_id TEXT,
        text TEXT NOT NULL,
        compensation_kind TEXT,
        compensation_yuan INTEGER,
        escalation TEXT,
        version INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      -- A customer's history, newest first; a complaint's list.
      CREATE INDEX complaint_steps_customer ON complaint_steps(customer_id, at);
      CREATE INDEX complaint_steps_complaint ON complaint_steps(complaint_id, at);
    `,
};
