import { sql, type OrderByDirection, type SelectQueryBuilder, type Simplify } from 'kysely';
import { ApiFailure } from './apiFailure.js';
import { decodePageCursor, encodePageCursor } from './pageCursor.js';

/**
 * The column a list is sorted by, ties broken by `id` in the same direction. A text column goes
 * into the cursor as is; an integer column as its decimal, so `integer: true` says to parse it back.
 */
export type KeysetOrder<Row> = {
  [Column in keyof Row & string]: Row[Column] extends string
    ? { column: Column; direction: OrderByDirection }
    : Row[Column] extends number
      ? { column: Column; direction: OrderByDirection; integer: true }
      : never;
}[keyof Row & string];

export interface KeysetPage<Item> {
  items: Item[];
  nextCursor: string | null;
}

/**
 * One keyset page of an already filtered `selectAll` query: the rows after the cursor's position
 * in `order`, at most `limit` of them, and a cursor for the next page when more rows follow.
 */
export async function keysetPage<DB, TB extends keyof DB, Row extends { id: string }>(
  query: SelectQueryBuilder<DB, TB, Row>,
  order: KeysetOrder<Row>,
  page: { cursor?: string | undefined; limit: number },
): Promise<KeysetPage<Simplify<Row>>> {
  const { column, direction } = order;
  if (page.cursor !== undefined) {
    const after = decodePageCursor(page.cursor);
    const key = 'integer' in order ? integerKey(after.key) : after.key;
    // Raw SQL because the sort column is only known as a name of the selected row here.
    const past = sql.raw(direction === 'desc' ? '<' : '>');
    query = query.where(sql<boolean>`(${sql.ref(column)} ${past} ${key} or (${sql.ref(column)} = ${key} and ${sql.ref('id')} ${past} ${after.id}))`);
  }
  // One row beyond the page tells whether another page follows.
  const records = await query.orderBy(column, direction).orderBy('id', direction).limit(page.limit + 1).execute();
  const items = records.slice(0, page.limit);
  const last = page.limit < records.length ? items.at(-1) : undefined;
  return { items, nextCursor: last ? encodePageCursor({ key: String(last[column]), id: last.id }) : null };
}

function integerKey(key: string): number {
  const value = Number(key);
  if (!Number.isSafeInteger(value)) throw new ApiFailure(400, 'bad_input', 'invalid query: cursor: not a cursor this server handed out');
  return value;
}
