import { CamelCasePlugin, PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';
import type { SyncEntity } from '../../shared/api/rest.js';
import type { ServerSchema } from '../db/schema.js';
import type { SyncedRow } from '../db/syncedRecords.js';
import { syncedTables } from '../db/syncedTables.js';

/**
 * The entities whose rows the database writes as JSON itself: their xxxFromRecord (syncedRecords.ts)
 * copies every column field by field, booleans aside. The others hold JSON text or need parsing
 * (conflicts, outlets, knowledge articles) and are few: their rows go through fromRecord.
 */
export const rowJsonTables = {
  customer: 'customers',
  product: 'products',
  serviceOrder: 'serviceOrders',
  interaction: 'interactions',
  followUp: 'followUps',
  orderEvent: 'orderEvents',
  partsRequest: 'partsRequests',
  campaign: 'campaigns',
  campaignTarget: 'campaignTargets',
} as const satisfies Partial<Record<SyncEntity, keyof ServerSchema>>;

type RowJsonEntity = keyof typeof rowJsonTables;

/** Some of a snapshot: change objects `{"seq":…,"entity":…,"row":{…}}` joined by commas, as UTF-8. */
export interface ChangesJson {
  count: number;
  /** The id of the last row (the keyset position), null when there is none. */
  lastId: string | null;
  json: Buffer;
}

/**
 * A page of the branch's live rows of one entity after `afterId`, in id order, as JSON change
 * objects. A snapshot sends hundreds of thousands of rows: building each row's JSON in SQL skips
 * the driver's row objects, the camel-case mapping, the domain objects and JSON.stringify, and
 * SQLite hands the page over as bytes, not as a JS string (server CPU per row ~7 µs → ~2 µs).
 */
export async function branchChangesJson(
  db: Kysely<ServerSchema>,
  entity: SyncEntity,
  branchId: string,
  afterId: string,
  limit: number,
): Promise<ChangesJson> {
  if (!(entity in rowJsonTables)) {
    const rows: SyncedRow<SyncEntity>[] = await syncedTables[entity].branchPage(db, branchId, afterId, limit);
    return { ...changesJson(entity, rows), lastId: rows.at(-1)?.id ?? null };
  }
  const select = await pageSelectOf(db, entity as RowJsonEntity);
  const { rows } = await select(branchId, afterId, limit).execute(db);
  const page = rows[0];
  const json = page?.changes ?? null;
  return {
    count: page?.rowCount ?? 0,
    lastId: page?.lastId ?? null,
    json: json === null ? Buffer.alloc(0) : typeof json === 'string' ? Buffer.from(json) : json,
  };
}

/** Rows read the usual way (a few: a snapshot's owned rows of other branches), serialised here. */
export function changesJson(entity: SyncEntity, rows: ReadonlyArray<SyncedRow<SyncEntity>>): Omit<ChangesJson, 'lastId'> {
  return { count: rows.length, json: Buffer.from(rows.map((row) => JSON.stringify({ seq: row.version, entity, row })).join(',')) };
}

interface PageRow {
  rowCount: number;
  lastId: string | null;
  /** SQLite: a BLOB (Buffer); PostgreSQL: text. Null when the page is empty. */
  changes: Buffer | string | null;
}

type PageSelect = (branchId: string, afterId: string, limit: number) => RawBuilder<PageRow>;

/** Kysely's own snake_case ↔ camelCase rules, as the server's CamelCasePlugin applies them to rows. */
class NameRules extends CamelCasePlugin {
  key(column: string): string {
    return this.camelCase(column);
  }

  sqlName(name: string): string {
    return this.snakeCase(name);
  }
}

const names = new NameRules();
const selects = new WeakMap<Kysely<ServerSchema>, Map<RowJsonEntity, Promise<PageSelect>>>();

/** The page query of an entity, made once per database (migrated before it serves) from its table's columns. */
function pageSelectOf(db: Kysely<ServerSchema>, entity: RowJsonEntity): Promise<PageSelect> {
  let byEntity = selects.get(db);
  if (!byEntity) selects.set(db, (byEntity = new Map()));
  let select = byEntity.get(entity);
  if (!select) {
    select = makePageSelect(db, entity);
    select.catch(() => byEntity.delete(entity)); // a failed catalogue read is tried again next time
    byEntity.set(entity, select);
  }
  return select;
}

type JsonKind = 'string' | 'number' | 'boolean';

/**
 * How each column of the catalogue appears in JSON: the types the synced tables use. Another type
 * (a REAL, say, whose number formatting differs between engines and JS) is refused, not guessed.
 */
const JSON_KINDS: Record<string, JsonKind> = { text: 'string', integer: 'number', bigint: 'number', boolean: 'boolean' };

/**
 * The projection is the table's columns as the catalogue has them now, each under the camelCase
 * key Kysely's CamelCasePlugin gives it: exactly what selectAll + fromRecord makes of a row while
 * fromRecord is a plain copy. Read from the table rather than written out again here, so it cannot
 * drift from the schema; tests/server/snapshotRowJson.test.ts compares it with fromRecord.
 */
async function makePageSelect(db: Kysely<ServerSchema>, entity: RowJsonEntity): Promise<PageSelect> {
  const table = names.sqlName(rowJsonTables[entity]);
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const { rows } = await (postgres
    ? sql<{ name: string; type: string }>`SELECT column_name AS name, data_type AS type FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = ${table} ORDER BY ordinal_position`
    : sql<{ name: string; type: string }>`SELECT name, type FROM pragma_table_info(${table}) ORDER BY cid`
  ).execute(db);
  if (rows.length === 0) throw new Error(`snapshot JSON: table ${table} not found`);
  const columns = rows.map(({ name, type }) => {
    const kind = JSON_KINDS[type.toLowerCase()];
    if (!kind) throw new Error(`snapshot JSON: column ${table}.${name} has type ${type}, which has no JSON form here`);
    return { name: quoted(name), key: names.key(name), kind };
  });
  // The envelope of each change; the entity is one of ours (letters only), a constant of the query.
  const change = (row: string) => `'{"seq":' || r.version || ',"entity":"${entity}","row":' || ${row} || '}'`;
  let projection: string;
  let aggregate: string;
  if (postgres) {
    // row_to_json writes booleans, bigints and NULLs as JSON does, and compactly (json_build_object pads its output).
    projection = columns.map((c) => `${c.name} AS ${quoted(c.key)}`).join(', ');
    aggregate = `string_agg(${change('row_to_json(r)::text')}, ',' ORDER BY r.id)`;
  } else {
    // SQLite stores booleans as 0/1: json('false') is a JSON value to json_object, not the text "false".
    const members = columns.map((c) => `'${c.key}', ${c.kind === 'boolean' ? `json(iif(r.${c.name}, 'true', 'false'))` : `r.${c.name}`}`);
    projection = '*';
    // group_concat takes the rows as the subquery yields them, in its index's id order (an ORDER BY
    // in it would sort the page's JSON again: +60 % time; and the position is max(id) either way).
    // As a BLOB the page reaches JS as a Buffer: no decoding to a JS string and encoding back.
    aggregate = `CAST(group_concat(${change(`json_object(${members.join(', ')})`)}, ',') AS BLOB)`;
  }
  const select = sql.raw(`SELECT count(*) AS row_count, max(r.id) AS last_id, ${aggregate} AS changes FROM (SELECT ${projection} FROM ${quoted(table)}`);
  return (branchId, afterId, limit) =>
    sql<PageRow>`${select} WHERE branch_id = ${branchId} AND NOT deleted AND id > ${afterId} ORDER BY id LIMIT ${limit}) r`;
}

function quoted(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}
