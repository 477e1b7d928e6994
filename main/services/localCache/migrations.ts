import type Database from 'better-sqlite3-multiple-ciphers';

/**
 * The triggers that keep the full-text indexes (migration 4) current. A constant because an
 * initial sync drops them and builds the indexes in bulk at its end (searchIndex.ts); changing
 * them needs a new migration that drops and recreates them.
 */
export const SEARCH_INDEX_TRIGGERS = `
      CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers BEGIN
        INSERT INTO customer_text_fts(rowid, name, address) VALUES (new.rowid, spaced_for_index(new.name), spaced_for_index(new.province || new.city || new.address));
        INSERT INTO customer_phone_fts(rowid, digits) VALUES (new.rowid, phone_digits(new.phone) || ' ' || phone_digits(new.alt_phone));
      END;
      CREATE TRIGGER customers_fts_update AFTER UPDATE OF name, province, city, address, phone, alt_phone ON customers BEGIN
        DELETE FROM customer_text_fts WHERE rowid = old.rowid;
        DELETE FROM customer_phone_fts WHERE rowid = old.rowid;
        INSERT INTO customer_text_fts(rowid, name, address) VALUES (new.rowid, spaced_for_index(new.name), spaced_for_index(new.province || new.city || new.address));
        INSERT INTO customer_phone_fts(rowid, digits) VALUES (new.rowid, phone_digits(new.phone) || ' ' || phone_digits(new.alt_phone));
      END;
      CREATE TRIGGER customers_fts_delete AFTER DELETE ON customers BEGIN
        DELETE FROM customer_text_fts WHERE rowid = old.rowid;
        DELETE FROM customer_phone_fts WHERE rowid = old.rowid;
      END;
      CREATE TRIGGER products_fts_insert AFTER INSERT ON products BEGIN
        INSERT INTO product_serial_fts(rowid, serial) VALUES (new.rowid, new.serial_number);
      END;
      CREATE TRIGGER products_fts_update AFTER UPDATE OF serial_number ON products BEGIN
        DELETE FROM product_serial_fts WHERE rowid = old.rowid;
        INSERT INTO product_serial_fts(rowid, serial) VALUES (new.rowid, new.serial_number);
      END;
      CREATE TRIGGER products_fts_delete AFTER DELETE ON products BEGIN
        DELETE FROM product_serial_fts WHERE rowid = old.rowid;
      END;
`;

/**
 * Migration 8: a trigram index over names and addresses. A phrase of single characters over
 * common ones (路, 号, digits) walks long lists (22–67 ms at 1M customers); trigrams of a 3+
 * character fragment are rare, so those queries go here.
 */
export const TRIGRAM_INDEX_TRIGGERS = `
      CREATE TRIGGER customers_trigram_insert AFTER INSERT ON customers BEGIN
        INSERT INTO customer_trigram_fts(rowid, name, address) VALUES (new.rowid, new.name, new.province || new.city || new.address);
      END;
      CREATE TRIGGER customers_trigram_update AFTER UPDATE OF name, province, city, address ON customers BEGIN
        DELETE FROM customer_trigram_fts WHERE rowid = old.rowid;
        INSERT INTO customer_trigram_fts(rowid, name, address) VALUES (new.rowid, new.name, new.province || new.city || new.address);
      END;
      CREATE TRIGGER customers_trigram_delete AFTER DELETE ON customers BEGIN
        DELETE FROM customer_trigram_fts WHERE rowid = old.rowid;
      END;
`;

export const TRIGRAM_INDEX_FILL = `
      INSERT INTO customer_trigram_fts(rowid, name, address) SELECT rowid, name, province || city || address FROM customers;
`;

/** Rebuilds the full-text indexes from the tables (migration 4, and after a bulk load). */
export const SEARCH_INDEX_FILL = `
      INSERT INTO customer_text_fts(rowid, name, address) SELECT rowid, spaced_for_index(name), spaced_for_index(province || city || address) FROM customers;
      INSERT INTO customer_phone_fts(rowid, digits) SELECT rowid, phone_digits(phone) || ' ' || phone_digits(alt_phone) FROM customers;
      INSERT INTO product_serial_fts(rowid, serial) SELECT rowid, serial_number FROM products;
`;

/**
 * The seat cache's schema, as numbered forward-only migrations. `PRAGMA user_version` records the
 * last one applied; each runs in its own transaction, so a crash mid-migration leaves the file at
 * the previous version.
 */
export const cacheMigrations: ReadonlyArray<{ version: number; name: string; sql: string }> = [
  {
    version: 1,
    name: 'synced tables and meta',
    sql: `
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE customers (
        id TEXT PRIMARY KEY,
        branch_id TEXT NOT NULL,
        name TEXT NOT NULL,
        phone TEXT NOT NULL,
        alt_phone TEXT,
        vip_tier TEXT NOT NULL,
        province TEXT NOT NULL,
        city TEXT NOT NULL,
        address TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      -- Screen pop: the caller's canonical number straight to the customer.
      CREATE INDEX customers_phone ON customers(phone);
      CREATE INDEX customers_alt_phone ON customers(alt_phone) WHERE alt_phone IS NOT NULL;
      CREATE INDEX customers_name ON customers(name);

      CREATE TABLE products (
        id TEXT PRIMARY KEY,
        customer_id TEXT NOT NULL,
        branch_id TEXT NOT NULL,
        serial_number TEXT NOT NULL,
        model TEXT NOT NULL,
        category TEXT NOT NULL,
        purchase_date TEXT NOT NULL,
        warranty_months INTEGER NOT NULL,
        version INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX products_customer ON products(customer_id);
      CREATE INDEX products_serial ON products(serial_number);

      CREATE TABLE service_orders (
        id TEXT PRIMARY KEY,
        order_number TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        product_id TEXT,
        branch_id TEXT NOT NULL,
        type TEXT NOT NULL,
        status TEXT NOT NULL,
        fault TEXT NOT NULL,
        owner_agent_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        version INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX service_orders_customer ON service_orders(customer_id, status);
      CREATE INDEX service_orders_product ON service_orders(product_id) WHERE product_id IS NOT NULL;
    `,
  },
  {
    version: 2,
    name: 'outbox, server shadows and dead letters',
    sql: `
      -- Local changes not yet acknowledged by the backend, in the order they were made. Written in
      -- the same transaction as the local change itself: a crash loses neither or both.
      CREATE TABLE outbox (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        mutation_id TEXT NOT NULL UNIQUE,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        op TEXT NOT NULL,
        base_version INTEGER NOT NULL,
        patch TEXT NOT NULL,
        created_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        last_error TEXT
      ) STRICT;
      CREATE INDEX outbox_entity ON outbox(entity, entity_id);

      -- The last server state of a row that has pending local changes: the base on which pending
      -- changes are re-applied when the server's state moves, and what a rejected change reverts to.
      -- No shadow for a row the server has never seen (a local create).
      CREATE TABLE server_shadows (
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        row TEXT NOT NULL,
        PRIMARY KEY (entity, entity_id)
      ) STRICT;

      -- Changes the backend refused: visible to the agent, never retried, never blocking the queue.
      CREATE TABLE dead_letters (
        mutation_id TEXT PRIMARY KEY,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        op TEXT NOT NULL,
        patch TEXT NOT NULL,
        code TEXT NOT NULL,
        message TEXT NOT NULL,
        created_at TEXT NOT NULL,
        rejected_at TEXT NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 3,
    name: 'conflict records',
    sql: `
      -- Fields two seats edited concurrently, as the backend recorded them: shown to the agent
      -- until resolved, so no edit is lost silently.
      CREATE TABLE conflicts (
        id TEXT PRIMARY KEY,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        branch_id TEXT NOT NULL,
        field TEXT NOT NULL,
        mine TEXT NOT NULL,
        theirs TEXT NOT NULL,
        mutation_id TEXT NOT NULL,
        seat_id TEXT NOT NULL,
        agent_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        resolved INTEGER NOT NULL,
        version INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX conflicts_open ON conflicts(resolved, created_at) WHERE resolved = 0 AND deleted = 0;
    `,
  },
  {
    version: 4,
    name: 'full-text search over names, addresses, phone digits and serial numbers',
    sql: `
      -- Contentless indexes keyed by the row's rowid, kept current by triggers. The functions
      -- spaced_for_index and phone_digits are registered on every connection (openLocalCache).
      CREATE VIRTUAL TABLE customer_text_fts USING fts5(name, address, content='', contentless_delete=1, tokenize='unicode61');
      CREATE VIRTUAL TABLE customer_phone_fts USING fts5(digits, content='', contentless_delete=1, tokenize='trigram');
      CREATE VIRTUAL TABLE product_serial_fts USING fts5(serial, content='', contentless_delete=1, tokenize='trigram');

      ${SEARCH_INDEX_FILL}
      ${SEARCH_INDEX_TRIGGERS}
    `,
  },
  {
    version: 5,
    name: 'interactions',
    sql: `
      -- Calls saved at wrap-up, this seat's and (through pull) the branch's. Append-only.
      -- started_ms: started_at as epoch milliseconds, so "today" works whatever offset the text has.
      CREATE TABLE interactions (
        id TEXT PRIMARY KEY,
        branch_id TEXT NOT NULL,
        agent_id TEXT NOT NULL,
        customer_id TEXT,
        direction TEXT NOT NULL,
        remote_number TEXT,
        started_at TEXT NOT NULL,
        started_ms INTEGER NOT NULL,
        ring_seconds INTEGER NOT NULL,
        talk_seconds INTEGER NOT NULL,
        wrap_up_seconds INTEGER NOT NULL,
        disposition TEXT NOT NULL,
        notes TEXT NOT NULL,
        version INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX interactions_agent_started ON interactions(agent_id, started_ms);
      CREATE INDEX interactions_customer ON interactions(customer_id, started_ms) WHERE customer_id IS NOT NULL;
    `,
  },
  {
    version: 6,
    name: 'follow-ups',
    sql: `
      -- Call backs the backend scheduled when orders were completed; done_ms: done_at as epoch
      -- milliseconds, for "done today".
      CREATE TABLE follow_ups (
        id TEXT PRIMARY KEY,
        order_id TEXT NOT NULL,
        customer_id TEXT NOT NULL,
        branch_id TEXT NOT NULL,
        due_at TEXT NOT NULL,
        status TEXT NOT NULL,
        satisfaction INTEGER,
        remarks TEXT NOT NULL,
        done_at TEXT,
        done_ms INTEGER,
        done_by TEXT,
        created_at TEXT NOT NULL,
        version INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX follow_ups_open ON follow_ups(due_at) WHERE status = 'open' AND deleted = 0;
      CREATE INDEX follow_ups_done ON follow_ups(done_by, done_ms) WHERE status = 'done';
    `,
  },
  {
    version: 7,
    name: 'service outlets',
    sql: `
      -- The branch's authorised service outlets (pulled, never edited here); the lists are JSON arrays.
      CREATE TABLE outlets (
        id TEXT PRIMARY KEY,
        branch_id TEXT NOT NULL,
        name TEXT NOT NULL,
        provinces TEXT NOT NULL,
        cities TEXT NOT NULL,
        categories TEXT NOT NULL,
        load INTEGER NOT NULL,
        version INTEGER NOT NULL,
        deleted INTEGER NOT NULL DEFAULT 0
      ) STRICT;
    `,
  },
  {
    version: 8,
    name: 'trigram index over names and addresses',
    sql: `
      CREATE VIRTUAL TABLE customer_trigram_fts USING fts5(name, address, content='', contentless_delete=1, tokenize='trigram');
      ${TRIGRAM_INDEX_FILL}
      ${TRIGRAM_INDEX_TRIGGERS}
    `,
  },
  {
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
  },
  {
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
  },
  {
    version: 11,
    name: 'rows to index again after a search index built beside an initial sync',
    sql: `
      -- A worker thread builds the full-text indexes in a side file while an initial sync loads the
      -- tables (searchIndexBuild.ts). Rows changed or deleted after the worker read them are listed
      -- here by triggers that exist only during the load, and indexed again when the side file is merged.
      CREATE TABLE search_reindex (
        source TEXT NOT NULL,
        row INTEGER NOT NULL,
        PRIMARY KEY (source, row)
      ) STRICT, WITHOUT ROWID;
    `,
  },
  {
    version: 12,
    name: "a service order's warranty decision",
    sql: `
      -- JSON text of the decision taken when the order was made; the text null for orders without one.
      ALTER TABLE service_orders ADD COLUMN warranty TEXT NOT NULL DEFAULT 'null';
    `,
  },
];

export function applyCacheMigrations(db: Database.Database): { from: number; to: number } {
  const from = db.pragma('user_version', { simple: true }) as number;
  let current = from;
  for (const migration of cacheMigrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
    current = migration.version;
  }
  return { from, to: current };
}
