import type { CacheMigration } from './cacheMigration.js';

/**
 * Knowledge articles with their own full-text index, parts requests, campaigns and their targets.
 */
export const knowledgePartsCampaigns: CacheMigration = {
  version: 9,
  name: 'knowledge articles, parts requests, campaigns',
  sql: `
      -- Standard answers and scripts (pulled, read-only here); tags a JSON array.
      CREATE TABLE knowledge_articles (
        id TEXT PRIMARY KEY,
        branch_id TEXT NOT NULL,
        category TEXT,
        language TEXT NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        tags TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX knowledge_articles_title ON knowledge_articles(title);
      -- Offline search over title, tags and body; CJK spaced per character as for customers.
      CREATE VIRTUAL TABLE knowledge_fts USING fts5(title, tags, body, content='', contentless_delete=1);
      CREATE TRIGGER knowledge_fts_insert AFTER INSERT ON knowledge_articles BEGIN
        INSERT INTO knowledge_fts(rowid, title, tags, body) VALUES (new.rowid, spaced_for_index(new.title), spaced_for_index(new.tags), spaced_for_index(new.body));
      END;
      CREATE TRIGGER knowledge_fts_update AFTER UPDATE OF title, tags, body ON knowledge_articles BEGIN
        DELETE FROM knowledge_fts WHERE rowid = old.rowid;
        INSERT INTO knowledge_fts(rowid, title, tags, body) VALUES (new.rowid, spaced_for_index(new.title), spaced_for_index(new.tags), spaced_for_index(new.body));
      END;
      CREATE TRIGGER knowledge_fts_delete AFTER DELETE ON knowledge_articles BEGIN
        DELETE FROM knowledge_fts WHERE rowid = old.rowid;
      END;

      CREATE TABLE parts_requests (
        id TEXT PRIMARY KEY,
        branch_id TEXT NOT NULL,
        order_id TEXT NOT NULL,
        part_number TEXT NOT NULL,
        quantity INTEGER NOT NULL,
        status TEXT NOT NULL,
        note TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX parts_requests_order ON parts_requests(order_id, created_at);

      CREATE TABLE campaigns (
        id TEXT PRIMARY KEY,
        branch_id TEXT NOT NULL,
        name TEXT NOT NULL,
        kind TEXT NOT NULL,
        script TEXT NOT NULL,
        starts_on TEXT NOT NULL,
        ends_on TEXT NOT NULL,
        version INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0
      ) STRICT;

      CREATE TABLE campaign_targets (
        id TEXT PRIMARY KEY,
        campaign_id TEXT NOT NULL,
        branch_id TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        phone TEXT NOT NULL,
        position INTEGER NOT NULL,
        status TEXT NOT NULL,
        outcome_notes TEXT NOT NULL,
        called_at TEXT,
        called_by TEXT,
        version INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      -- Preview dialing: the next pending target of a campaign, one index step.
      CREATE INDEX campaign_targets_next ON campaign_targets(campaign_id, status, position);
    `,
};
