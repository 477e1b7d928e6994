import type { CacheMigration } from './cacheMigration.js';

/**
 * My work (main/services/myWork.ts): the agent's own rows found without scanning the branch's.
 * An owner's orders by status (open ones, and completed ones awaiting their follow-up), the
 * handovers naming an agent as the new owner, an order's open follow-up, the complaints an agent
 * took that are still open, and the parts requests an agent made.
 */
export const myWork: CacheMigration = {
  version: 19,
  name: 'my work: owner, handover, follow-up, complaint and parts request lookups',
  sql: `
      CREATE INDEX service_orders_owner ON service_orders(owner_agent_id, status) WHERE deleted = 0;
      CREATE INDEX order_events_handed_to ON order_events(to_owner_agent_id, at) WHERE kind = 'owner_changed';
      CREATE INDEX follow_ups_order ON follow_ups(order_id) WHERE deleted = 0;
      CREATE INDEX complaints_taken_by_open ON complaints(taken_by, resolve_due_at) WHERE status NOT IN ('resolved', 'confirmed') AND deleted = 0;
      CREATE INDEX parts_requests_requested_by ON parts_requests(requested_by, updated_at) WHERE deleted = 0;
    `,
};
