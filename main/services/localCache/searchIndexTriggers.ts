/**
 * The triggers that keep the customer and product full-text indexes current, as the cache's
 * migrations left them (migrations/0004_search_index.ts, 0008_trigram_index.ts). An initial sync
 * drops them and builds the indexes in bulk (searchIndex.ts), then makes them again from here.
 * Live code, never read by a migration: changing a trigger means a new migration that drops and
 * recreates it, and the same change here (migrations.test.ts checks that a cache after a bulk load
 * has the schema of a freshly migrated one).
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
`;

export const SEARCH_INDEX_TRIGGER_NAMES: readonly string[] = [...SEARCH_INDEX_TRIGGERS.matchAll(/CREATE TRIGGER (\w+)/g)].map((m) => m[1]!);
