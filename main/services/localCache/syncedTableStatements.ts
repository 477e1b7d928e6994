import { compiledMapper, member } from '../../../shared/entities/compiledMapper.js';
import { columnPlan, snakeCase, type ColumnStorage, type RowOf, type SyncedEntity } from '../../../shared/entities/syncedEntity.js';
import type { LocalCacheDb } from './openLocalCache.js';

/** A field name as the cache's column name: orderNumber → order_number. */
type SnakeCase<S extends string> = S extends `${infer Head}${infer Tail}` ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeCase<Tail>}` : S;

/** A synced entity's row as the cache stores it: snake_case columns, booleans 0/1, JSON as text. */
export type CacheRow<D extends SyncedEntity> =
  D extends SyncedEntity<infer Row, infer Flag, infer Json>
    ? { [K in keyof Row & string as SnakeCase<K>]: K extends Flag ? number : K extends Json ? string : Row[K] }
    : never;

/** A column of the cache only, worked out from the row (e.g. a timestamp as epoch ms, to range over). */
export type DerivedColumns<Row> = Readonly<Record<string, (row: Row) => unknown>>;

/**
 * A synced entity's rows ↔ the cache's columns, derived from its declaration (shared/entities):
 * the upsert's columns, a row as the upsert's positional parameters (the initial sync's hand-over
 * form, rowParams.ts) and back, and a selected row as the domain row. Made once per table module.
 */
export interface CacheRowMapping<Row> {
  /** The upsert's columns, in the order of its parameters: the declared fields', then derived columns. */
  readonly columns: readonly string[];
  params(row: Row): unknown[];
  fromParams(params: readonly unknown[]): Row;
  /** A row as `SELECT *` gives it (extra columns, such as a join's, are ignored). */
  fromRow(row: unknown): Row;
}

export function cacheRowMapping<D extends SyncedEntity>(entity: D, derived: DerivedColumns<RowOf<D>> = {}): CacheRowMapping<RowOf<D>> {
  const { fields, storage } = columnPlan(entity);
  const columns = fields.map(snakeCase);
  const extra = Object.entries(derived);
  const shape = entity.schema.shape as Readonly<Record<string, { parse(value: unknown): unknown }>>;
  const helpers: Record<string, unknown> = { derived: extra.map(([, compute]) => compute) };
  // Compiled once (shared/entities/compiledMapper.ts): written out field by field, as fast as by hand.
  const stored = (field: string, kind: ColumnStorage | undefined) =>
    kind === 'flag' ? `(r.${field} ? 1 : 0)` : kind === 'json' ? `JSON.stringify(r.${field} ?? null)` : `r.${member(field)}`;
  const read = (field: string, kind: ColumnStorage | undefined, value: string) => {
    if (kind === 'flag') return `${member(field)}: ${value} === 1`;
    if (kind !== 'json') return `${member(field)}: ${value}`;
    helpers[field] = (text: string) => shape[field]!.parse(JSON.parse(text));
    return `${member(field)}: h.${field}(${value})`;
  };
  const width = columns.length + extra.length;
  const params = [...fields.map((field, i) => stored(field, storage[i])), ...extra.map((_, i) => `h.derived[${i}](r)`)];
  return {
    columns: [...columns, ...extra.map(([column]) => member(column))],
    params: compiledMapper(['r'], `[${params.join(', ')}]`, helpers),
    fromParams: compiledMapper(
      ['p'],
      `{ ${fields.map((field, i) => read(field, storage[i], `p[${i}]`)).join(', ')} }`,
      helpers,
      `if (p.length !== ${width}) throw new Error(p.length + ' values for ${width} columns of ${member(snakeCase(entity.table))}');`,
    ),
    fromRow: compiledMapper(['c'], `{ ${fields.map((field, i) => read(field, storage[i], `c.${member(columns[i]!)}`)).join(', ')} }`, helpers),
  };
}

/**
 * What a pulled row does to the cache's copy: `replace` it when at least as new (the given columns
 * only, for records whose other fields never change), or `keep` the first copy (append-only records).
 */
export type OnConflict<Row> = { replace: 'all' | readonly (keyof Row & string)[] } | 'keep';

/** The statements every synced table has: the upsert, a row by id (tombstones too, or live only), and discard. */
export function syncedTableStatements<Row extends { id: string }>(
  db: LocalCacheDb,
  table: string,
  mapping: CacheRowMapping<Row>,
  onConflict: OnConflict<Row> = { replace: 'all' },
) {
  const { columns } = mapping;
  let conflict: string;
  if (onConflict === 'keep') conflict = 'DO NOTHING';
  else {
    const replaced = onConflict.replace === 'all' ? columns.filter((c) => c !== 'id') : onConflict.replace.map(snakeCase);
    conflict = `DO UPDATE SET ${replaced.map((c) => `${c} = excluded.${c}`).join(', ')} WHERE excluded.version >= ${table}.version`;
  }
  const upsert = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ON CONFLICT(id) ${conflict}`);
  const anyById = db.prepare(`SELECT * FROM ${table} WHERE id = ?`);
  const liveById = db.prepare(`SELECT * FROM ${table} WHERE id = ? AND deleted = 0`);
  const discard = db.prepare(`DELETE FROM ${table} WHERE id = ?`);
  const one = (row: unknown) => (row === undefined ? null : mapping.fromRow(row));
  return {
    upsert(row: Row): void {
      // Positional parameters: a quarter cheaper than named ones, which an initial sync feels.
      upsert.run(mapping.params(row));
    },
    /** A row already in upsert parameters (mapping.params). */
    upsertParams(params: readonly unknown[]): void {
      upsert.run(params);
    },
    /** The row whatever its state, tombstones included (for sync bookkeeping). */
    find(id: string): Row | null {
      return one(anyById.get(id));
    },
    /** The live row. */
    get(id: string): Row | null {
      return one(liveById.get(id));
    },
    /** Removes a row the server never had (a local create it refused), or one that left the agent's scope. */
    discard(id: string): void {
      discard.run(id);
    },
    /** Selected rows as domain rows. */
    rows(selected: unknown[]): Row[] {
      return selected.map(mapping.fromRow);
    },
  };
}
