import type { Kysely, Migration } from 'kysely';

/**
 * Knowledge articles, parts requests, campaigns and their targets: synced tables
 * (shared/domain/knowledge.ts, partsRequest.ts, campaign.ts).
 */
export const knowledgePartsCampaigns: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('knowledge_articles')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('branch_id', 'text', (c) => c.notNull().references('branches.id'))
      .addColumn('category', 'text')
      .addColumn('language', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('tags', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    // A branch has hundreds of articles, not millions: the server's search scans the branch's.
    await db.schema.createIndex('knowledge_articles_branch_idx').on('knowledge_articles').columns(['branch_id', 'title', 'id']).execute();

    await db.schema
      .createTable('parts_requests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('branch_id', 'text', (c) => c.notNull().references('branches.id'))
      .addColumn('order_id', 'text', (c) => c.notNull().references('service_orders.id'))
      .addColumn('part_number', 'text', (c) => c.notNull())
      .addColumn('quantity', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('requested_by', 'text', (c) => c.notNull().references('agents.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('parts_requests_order_idx').on('parts_requests').column('order_id').execute();
    await db.schema.createIndex('parts_requests_branch_created_idx').on('parts_requests').columns(['branch_id', 'created_at', 'id']).execute();

    await db.schema
      .createTable('campaigns')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('branch_id', 'text', (c) => c.notNull().references('branches.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('script', 'text', (c) => c.notNull())
      .addColumn('starts_on', 'text', (c) => c.notNull())
      .addColumn('ends_on', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('campaigns_branch_idx').on('campaigns').columns(['branch_id', 'starts_on', 'id']).execute();

    await db.schema
      .createTable('campaign_targets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('version', 'bigint', (c) => c.notNull())
      .addColumn('deleted', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id'))
      .addColumn('branch_id', 'text', (c) => c.notNull().references('branches.id'))
      .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
      .addColumn('phone', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('outcome_notes', 'text', (c) => c.notNull())
      .addColumn('called_at', 'text')
      .addColumn('called_by', 'text', (c) => c.references('agents.id'))
      .execute();
    await db.schema.createIndex('campaign_targets_campaign_idx').on('campaign_targets').columns(['campaign_id', 'status', 'position']).execute();
  },
};
