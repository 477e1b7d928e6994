import type { Kysely, Migration } from 'kysely';

/**
 * A complaint's recorded steps (shared/domain/complaint.ts `ComplaintStepRecord`): append-only,
 * synced. Indexes serve a customer's history (newest first), a complaint's list, and the push's
 * check of a complaint's last recorded step (by version).
 */
export const complaintSteps: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('complaint_steps')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('branch_id', 'text', (c) => c.notNull().references('branches.id'))
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
      .addColumn('complaint_id', 'text', (c) => c.notNull().references('complaints.id'))
      .addColumn('order_id', 'text', (c) => c.references('service_orders.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('from_status', 'text')
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('agent_id', 'text', (c) => c.references('agents.id'))
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('compensation_kind', 'text')
      .addColumn('compensation_yuan', 'integer')
      .addColumn('escalation', 'text')
      .execute();
    await db.schema.createIndex('complaint_steps_complaint_idx').on('complaint_steps').columns(['complaint_id', 'version']).execute();
    await db.schema.createIndex('complaint_steps_customer_idx').on('complaint_steps').columns(['customer_id', 'at']).execute();
    await db.schema.createIndex('complaint_steps_branch_idx').on('complaint_steps').columns(['branch_id', 'version', 'id']).execute();
  },
};
