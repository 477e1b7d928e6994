import { sql, type Kysely, type RawBuilder, type Selectable, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { ServerSchema } from '../db/schema.js';
import { ApiFailure } from '../http/apiFailure.js';
import { keysetPage, type KeysetOrder, type KeysetPage } from '../http/keysetPage.js';
import { inScope, type AgentScope } from './agentScope.js';

/** The tables of synced rows: each row has a branch, some an owner. */
export type ScopedTable = { [T in keyof ServerSchema]: ServerSchema[T] extends { branchId: string; version: number } ? T : never }[keyof ServerSchema];
type OwnedTable = { [T in ScopedTable]: ServerSchema[T] extends { ownerAgentId: string } ? T : never }[ScopedTable];

/** The tables whose rows have an owner; the type makes a table that gains `ownerAgentId` be listed here. */
const OWNED: Readonly<Record<OwnedTable, true>> = { serviceOrders: true };

/**
 * The scope rule (agentScope.ts) as a SQL condition on `table` (under `alias` when the query
 * names it so), for REST lists and searches.
 */
export function inScopeWhere(table: ScopedTable, scope: AgentScope, alias: string = table): RawBuilder<SqlBool> {
  const branch = sql<SqlBool>`${sql.ref(`${alias}.branchId`)} = ${scope.branchId}`;
  if (!Object.hasOwn(OWNED, table) || scope.agentId === undefined) return branch;
  return sql<SqlBool>`(${branch} or ${sql.ref(`${alias}.ownerAgentId`)} = ${scope.agentId})`;
}

/** A REST read of one row: 404 when absent (or a tombstone), 403 when outside the scope. */
export function readable<R extends { branchId: string }>(record: R | undefined, scope: AgentScope, what: string): R {
  if (!record) throw ApiFailure.notFound(what);
  if (!inScope(record, scope)) throw ApiFailure.forbidden(`this ${what}`);
  return record;
}

type LiveRecord<T extends ScopedTable> = Selectable<ServerSchema[T]> & { id: string };
type LiveQuery<T extends ScopedTable> = SelectQueryBuilder<ServerSchema, T, LiveRecord<T>>;

/** A REST list of the live rows of one table in the scope, one keyset page at a time. */
export interface ScopedPageSpec<T extends ScopedTable, Item> {
  order: KeysetOrder<LiveRecord<T>>;
  /** Columns a row must equal; a value left out (undefined or empty, as an unused query filter) filters nothing. */
  equal?: { [Column in keyof LiveRecord<T>]?: LiveRecord<T>[Column] | undefined };
  /** Any further condition, e.g. a text search. */
  narrow?: (query: LiveQuery<T>) => LiveQuery<T>;
  page: { cursor?: string | undefined; limit: number };
  item(record: LiveRecord<T>): Item;
}

/** One keyset page (keysetPage.ts) of the live rows of `table` in the scope that pass `spec`'s filters, as API items. */
export async function scopedPage<T extends ScopedTable, Item>(db: Kysely<ServerSchema>, table: T, scope: AgentScope, spec: ScopedPageSpec<T, Item>): Promise<KeysetPage<Item>> {
  // The table is only known as a type parameter here, which Kysely's selectFrom cannot follow.
  let query = (db.selectFrom(table as ScopedTable).selectAll() as unknown as LiveQuery<T>).where(inScopeWhere(table, scope)).where(sql<SqlBool>`${sql.ref('deleted')} = ${0}`);
  for (const [column, value] of Object.entries(spec.equal ?? {})) {
    if (value) query = query.where(sql<SqlBool>`${sql.ref(column)} = ${value}`);
  }
  if (spec.narrow) query = spec.narrow(query);
  const page = await keysetPage(query, spec.order, spec.page);
  // keysetPage hands back the rows as Simplify<LiveRecord<T>>: the same row, spelled otherwise.
  return { items: page.items.map((record) => spec.item(record as LiveRecord<T>)), nextCursor: page.nextCursor };
}
