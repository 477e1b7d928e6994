import { sql, type Kysely, type Migration } from 'kysely';

/**
 * Dispatch (shared/domain/orderDispatch.ts): the outlet, appointment window and first dispatch
 * time of each service order. Order events become a synced table (the timeline reaches the seats):
 * they get version, deleted and branch_id, a dispatch's details, and existing events are entered
 * in the change log with seqs taken from change_log_head, as writeSyncedRows would have.
 */
export const orderDispatch: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('service_orders').addColumn('outlet_id', 'text', (c) => c.references('outlets.id')).execute();
    for (const column of ['appointment_start', 'appointment_end', 'dispatched_at']) {
      await db.schema.alterTable('service_orders').addColumn(column, 'text').execute();
    }

    await db.schema.alterTable('order_events').addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('order_events').addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false)).execute();
    // Nullable in the DDL only because SQLite cannot add a NOT NULL column without a default; always written.
    await db.schema.alterTable('order_events').addColumn('branch_id', 'text', (c) => c.references('branches.id')).execute();
    for (const column of ['outlet_id', 'appointment_start', 'appointment_end']) {
      await db.schema.alterTable('order_events').addColumn(column, 'text').execute();
    }

    await sql`UPDATE order_events SET branch_id = (SELECT o.branch_id FROM service_orders o WHERE o.id = order_events.order_id)`.execute(db);
    await sql`
      UPDATE order_events SET version = (SELECT h.seq FROM change_log_head h WHERE h.id = 1)
        + (SELECT r.n FROM (SELECT e.id, ROW_NUMBER() OVER (ORDER BY e.seq, e.id) AS n FROM order_events e) r WHERE r.id = order_events.id)
    `.execute(db);
    await sql`
      INSERT INTO change_log (seq, entity, entity_id, branch_id, fields, seat_id, agent_id)
      SELECT version, 'orderEvent', id, branch_id, NULL, seat_id, agent_id FROM order_events
    `.execute(db);
    await sql`UPDATE change_log_head SET seq = seq + (SELECT count(*) FROM order_events) WHERE id = 1`.execute(db);
  },
};
