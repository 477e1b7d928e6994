import type { CacheMigration } from './cacheMigration.js';

/** The shift handover (shared/domain/shiftHandover.ts): the note handed over with an order, and my open orders by owner. */
export const shiftHandover: CacheMigration = {
  version: 17,
  name: 'shift handover notes and open orders by owner',
  sql: `
      -- The note left for the order's new owner, on the order and on its owner_changed event.
      ALTER TABLE service_orders ADD COLUMN handover_note TEXT;
      ALTER TABLE order_events ADD COLUMN note TEXT;
      -- An agent's open orders (the handover lists them) and each agent's open-order count.
      CREATE INDEX service_orders_owner_open ON service_orders(owner_agent_id, created_at)
        WHERE deleted = 0 AND status IN ('new', 'dispatched', 'accepted', 'in_service', 'parts_pending');
    `,
};
