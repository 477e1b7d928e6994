import type { CacheMigration } from './cacheMigration.js';

/**
 * Search by what agents read out or type: order numbers (whole or any part, offline ones too) and
 * model numbers; and the index of open orders that every service-level timer looks at.
 */
export const orderNumberAndModelSearch: CacheMigration = {
  version: 12,
  name: 'order number and model search, open orders for the service-level timers',
  sql: `
      -- A whole order number read out by the customer: one lookup.
      CREATE INDEX service_orders_number ON service_orders(order_number);
      -- Every stage has a timer now (accept, dispatch, on site, complete): all open orders are candidates.
      DROP INDEX IF EXISTS service_orders_awaiting;
      CREATE INDEX service_orders_open ON service_orders(created_at) WHERE deleted = 0 AND status IN ('new', 'dispatched', 'accepted', 'in_service', 'parts_pending');

      -- Any 3+ characters of an order number ("0042", "20261123-0042") or a model ("KFR-35GW").
      CREATE VIRTUAL TABLE order_number_fts USING fts5(number, content='', contentless_delete=1, tokenize='trigram');
      CREATE VIRTUAL TABLE product_model_fts USING fts5(model, content='', contentless_delete=1, tokenize='trigram');
      INSERT INTO order_number_fts(rowid, number) SELECT rowid, order_number FROM service_orders;
      INSERT INTO product_model_fts(rowid, model) SELECT rowid, model FROM products;

      CREATE TRIGGER service_orders_number_insert AFTER INSERT ON service_orders BEGIN
        INSERT INTO order_number_fts(rowid, number) VALUES (new.rowid, new.order_number);
      END;
      CREATE TRIGGER service_orders_number_update AFTER UPDATE OF order_number ON service_orders BEGIN
        DELETE FROM order_number_fts WHERE rowid = old.rowid;
        INSERT INTO order_number_fts(rowid, number) VALUES (new.rowid, new.order_number);
      END;
      CREATE TRIGGER service_orders_number_delete AFTER DELETE ON service_orders BEGIN
        DELETE FROM order_number_fts WHERE rowid = old.rowid;
      END;
      CREATE TRIGGER products_model_insert AFTER INSERT ON products BEGIN
        INSERT INTO product_model_fts(rowid, model) VALUES (new.rowid, new.model);
      END;
      CREATE TRIGGER products_model_update AFTER UPDATE OF model ON products BEGIN
        DELETE FROM product_model_fts WHERE rowid = old.rowid;
        INSERT INTO product_model_fts(rowid, model) VALUES (new.rowid, new.model);
      END;
      CREATE TRIGGER products_model_delete AFTER DELETE ON products BEGIN
        DELETE FROM product_model_fts WHERE rowid = old.rowid;
      END;
    `,
};
