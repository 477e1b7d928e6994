import type { CacheMigration } from './cacheMigration.js';

/**
 * A trigram index over names and addresses. A phrase of single characters over common ones
 * (路, 号, digits) walks long lists (22–67 ms at 1M customers); trigrams of a 3+ character fragment
 * are rare, so those queries go here. Its triggers are also made again after an initial sync
 * (searchIndexTriggers.ts).
 */
export const trigramIndex: CacheMigration = {
  version: 8,
  name: 'trigram index over names and addresses',
  sql: `
      CREATE VIRTUAL TABLE customer_trigram_fts USING fts5(name, address, content='', contentless_delete=1, tokenize='trigram');
      INSERT INTO customer_trigram_fts(rowid, name, address) SELECT rowid, name, province || city || address FROM customers;

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
    `,
};
