import type { LocalCacheDb } from './cacheConnection.js';
import { ftsPhrase } from './searchText.js';

/** Which identifier a customer was found by. */
export type IdentifierKind = 'order' | 'serial' | 'model';

/**
 * How closely the text matched: the whole identifier, its end (what agents read off a label or
 * type from a form: "0000138", "0042"), or somewhere inside.
 */
type IdentifierMatch = 'exact' | 'tail' | 'part';

export interface IdentifierHit {
  customerId: string;
  kind: IdentifierKind;
  match: IdentifierMatch;
}

/** How many fragment hits to read per identifier, as a multiple of the results wanted: tails are picked out of them. */
const FRAGMENT_READ_FACTOR = 4;

/**
 * Customers found by the identifiers on their orders and products, in the seat's cache: order
 * numbers (the seat's own offline numbers too: they are rows like any other), serial numbers and
 * model numbers. Identifiers are stored upper case; the text is compared upper case.
 */
export function identifierSearch(db: LocalCacheDb) {
  const orderExact = db.prepare('SELECT customer_id AS customerId, order_number AS value FROM service_orders WHERE order_number = @text AND deleted = 0 LIMIT @limit');
  const orderPart = db.prepare(`
    SELECT o.customer_id AS customerId, o.order_number AS value FROM order_number_fts f JOIN service_orders o ON o.rowid = f.rowid
    WHERE order_number_fts MATCH @phrase AND o.deleted = 0 LIMIT @limit`);
  const serialExact = db.prepare('SELECT customer_id AS customerId, serial_number AS value FROM products WHERE serial_number = @text AND deleted = 0 LIMIT @limit');
  const serialPart = db.prepare(`
    SELECT p.customer_id AS customerId, p.serial_number AS value FROM product_serial_fts f JOIN products p ON p.rowid = f.rowid
    WHERE product_serial_fts MATCH @phrase AND p.deleted = 0 LIMIT @limit`);
  const modelPart = db.prepare(`
    SELECT p.customer_id AS customerId, p.model AS value FROM product_model_fts f JOIN products p ON p.rowid = f.rowid
    WHERE product_model_fts MATCH @phrase AND p.deleted = 0 LIMIT @limit`);

  type Row = { customerId: string; value: string };
  const classify = (kind: IdentifierKind, text: string, rows: Row[]): IdentifierHit[] =>
    rows.map((r) => {
      const value = r.value.toUpperCase();
      const match: IdentifierMatch = value === text ? 'exact' : value.endsWith(text) ? 'tail' : 'part';
      return { customerId: r.customerId, kind, match };
    });

  return {
    /**
     * Every hit of the text (3+ characters) in order numbers, serials and models: exact ones,
     * then tails, then parts; within each, orders before serials before models. At most `limit`
     * hits of each kind and match.
     */
    find(rawText: string, limit: number): IdentifierHit[] {
      const text = rawText.trim().toUpperCase();
      if ([...text].length < 3) return [];
      const phrase = ftsPhrase(text);
      const read = limit * FRAGMENT_READ_FACTOR;
      const hits = [
        ...classify('order', text, orderExact.all({ text, limit }) as Row[]),
        ...classify('serial', text, serialExact.all({ text, limit }) as Row[]),
        ...classify('order', text, orderPart.all({ phrase, limit: read }) as Row[]),
        ...classify('serial', text, serialPart.all({ phrase, limit: read }) as Row[]),
        ...classify('model', text, modelPart.all({ phrase, limit: read }) as Row[]),
      ];
      const rank: Record<IdentifierMatch, number> = { exact: 0, tail: 1, part: 2 };
      // A stable sort keeps the kinds' order inside each match.
      return hits.sort((a, b) => rank[a.match] - rank[b.match]);
    },
  };
}
export type IdentifierSearch = ReturnType<typeof identifierSearch>;
