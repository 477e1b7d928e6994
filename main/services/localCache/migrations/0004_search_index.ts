import type { CacheMigration } from './cacheMigration.js';

/**
 * Full-text indexes over names, addresses, phone digits and serial numbers, filled from the rows
 * already there and kept current by triggers. An initial sync drops these triggers and makes them
 * again from searchIndexTriggers.ts, which must stay equal to what this file (and 0008) created.
 */
export const searchIndex: CacheMigration = {
  version: 4,
  name: 'full-text search over names, addresses, phone digits and serial numbers',
  sql: `
      -- Contentless indexes keyed by the row's rowid, kept current by triggers. The functions
      -- spaced_for_index and phone_digits are registered on every connection (openLocalCache).
      CREATE VIRTUAL TABLE customer_text_fts USING fts5(name, address, content='', contentless_delete=1, tokenize='unicode61');
      CREATE VIRTUAL TABLE customer_phone_fts USING fts5(digits, content='', contentless_delete=1, tokenize='trigram');
      CREATE VIRTUAL TABLE product_serial_fts USING fts5(serial, content='', contentless_delete=1, tokenize='trigram');

      INSERT INTO customer_text_fts(rowid, name, address) SELECT rowid, spaced_for_index(name), spaced_for_index(province || city || address) FROM customers;
      INSERT INTO customer_phone_fts(rowid, digits) SELECT rowid, phone_digits(phone) || ' ' || phone_digits(alt_phone) FROM customers;
      INSERT INTO product_serial_fts(rowid, serial) SELECT rowid, serial_number FROM products;

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
    `,
};
