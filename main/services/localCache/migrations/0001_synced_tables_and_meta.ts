import type { CacheMigration } from './cacheMigration.js';

/**
 * The first released schema: the key/value meta table and the three synced tables a screen pop
 * reads (customers, products, service orders).
 */
export const syncedTablesAndMeta: CacheMigration = {
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
};
