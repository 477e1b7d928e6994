import type { CacheMigration } from './cacheMigration.js';

/**
 * Where and when an order was dispatched, and each order's timeline.
 */
export const orderDispatch: CacheMigration = {
  version: 10,
  name: 'order dispatch and order timeline',
  sql: `
      -- Where an order was dispatched, the appointment window, and when it was first dispatched.
      ALTER TABLE service_orders ADD COLUMN outlet_id TEXT;
      ALTER TABLE service_orders ADD COLUMN appointment_start TEXT;
      ALTER TABLE service_orders ADD COLUMN appointment_end TEXT;
      ALTER TABLE service_orders ADD COLUMN dispatched_at TEXT;
      -- The service-level timers look only at orders waiting for dispatch or the technician.
      CREATE INDEX service_orders_awaiting ON service_orders(created_at) WHERE deleted = 0 AND status IN ('new', 'dispatched', 'accepted');

      -- Each order's history as the backend recorded it (pulled, append-only, never changed here).
      CREATE TABLE order_events (
        id TEXT PRIMARY KEY,
        order_id TEXT NOT NULL,
        branch_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL,
        from_status TEXT,
        to_status TEXT NOT NULL,
        from_owner_agent_id TEXT,
        to_owner_agent_id TEXT,
        outlet_id TEXT,
        appointment_start TEXT,
        appointment_end TEXT,
        agent_id TEXT,
        seat_id TEXT,
        at TEXT NOT NULL,
        version INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX order_events_order ON order_events(order_id, seq, version);
    `,
};
