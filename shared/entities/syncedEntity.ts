import type { z } from 'zod';

/** Fields every synced row carries (shared/domain/syncedRow.ts). */
interface SyncedRowBase {
  id: string;
  version: number;
  deleted: boolean;
}

/**
 * One synced entity, declared once: its shape (the shared zod schema) and the few facts about how
 * its fields are stored. The server's and the seat's tables, row mappers, upserts and the
 * snapshot projection are derived from it (docs/architecture.md, "adding an entity").
 *
 * Every field is one column, named after the field: camelCase for the server (Kysely's
 * CamelCasePlugin makes it snake_case in SQL), snake_case in the seat's cache.
 */
export interface SyncedEntity<Row extends SyncedRowBase = SyncedRowBase, Flag extends string = string, Json extends string = string> {
  schema: z.ZodType<Row> & { shape: { readonly [K in keyof Row]: z.ZodType } };
  /** The table, as the server's Kysely schema names it (camelCase, e.g. serviceOrders). */
  table: string;
  /** Booleans, stored 0/1 (SQLite has no boolean; PostgreSQL's boolean columns read back as such). */
  flags: readonly Flag[];
  /** Stored as JSON text (lists, nested objects, any value); `null` is stored as the text null. */
  json: readonly Json[];
}

/** The row type a declaration describes. */
export type RowOf<D> = D extends SyncedEntity<infer Row, infer _F, infer _J> ? Row : never;

/**
 * A declaration, typed by its schema: `deleted` is always a flag; the lists name fields of the row.
 */
export function syncedEntity<
  Row extends SyncedRowBase,
  const Table extends string,
  const Flag extends Exclude<keyof Row & string, 'deleted'> = never,
  const Json extends keyof Row & string = never,
>(declaration: {
  schema: z.ZodType<Row> & { shape: { readonly [K in keyof Row]: z.ZodType } };
  table: Table;
  flags?: readonly Flag[];
  json?: readonly Json[];
}): SyncedEntity<Row, Flag | 'deleted', Json> & { table: Table } {
  return { schema: declaration.schema, table: declaration.table, flags: ['deleted', ...(declaration.flags ?? [])], json: declaration.json ?? [] };
}

/** How one column is stored: as the field is, 0/1 for a boolean, JSON text. */
export type ColumnStorage = 'plain' | 'flag' | 'json';

export interface ColumnPlan {
  /** The fields, in the schema's order: every derived column list and parameter list uses it. */
  fields: readonly string[];
  storage: readonly ColumnStorage[];
}

const plans = new WeakMap<SyncedEntity, ColumnPlan>();

/** The entity's fields and how each is stored, worked out once per declaration. */
export function columnPlan(entity: SyncedEntity): ColumnPlan {
  let plan = plans.get(entity);
  if (!plan) {
    const flags = new Set<string>(entity.flags as readonly string[]);
    const json = new Set<string>(entity.json as readonly string[]);
    const fields = Object.keys(entity.schema.shape);
    plan = { fields, storage: fields.map((f): ColumnStorage => (flags.has(f) ? 'flag' : json.has(f) ? 'json' : 'plain')) };
    plans.set(entity, plan);
  }
  return plan;
}

/** A field's column name in snake_case (the seat's columns; the server's in SQL): orderNumber → order_number. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

const nullables = new WeakMap<SyncedEntity, readonly string[]>();

/**
 * A create's fields as given, every field it leaves out that may be null set to null (an order
 * is made without an outlet or appointment yet): a new nullable field needs no create code.
 */
export function createdFields(entity: SyncedEntity, given: Readonly<Record<string, unknown>>): Record<string, unknown> {
  let fields = nullables.get(entity);
  if (!fields) {
    const shape = entity.schema.shape as Readonly<Record<string, z.ZodType>>;
    fields = Object.keys(shape).filter((field) => shape[field]!.safeParse(null).success);
    nullables.set(entity, fields);
  }
  const patch: Record<string, unknown> = { ...given };
  for (const field of fields) if (patch[field] === undefined) patch[field] = null;
  return patch;
}
