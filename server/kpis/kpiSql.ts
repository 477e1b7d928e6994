import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';
import { HOTLINE_UTC_OFFSET_HOURS, type KpiPeriod } from '../../shared/domain/kpis.js';
import type { ServerSchema } from '../db/schema.js';

/**
 * The few SQL expressions SQLite and PostgreSQL spell differently, for the figures' queries
 * (kpiFigures.ts). Timestamps are ISO-8601 text (server/db/schema.ts); both engines read them.
 */
export interface KpiDialect {
  /** The first day (YYYY-MM-DD) of the hotline period holding the instant `at`. */
  periodOf(period: KpiPeriod, at: RawBuilder<unknown>): RawBuilder<string>;
  /** Whole milliseconds from `from` to `to`. */
  elapsedMs(from: RawBuilder<unknown>, to: RawBuilder<unknown>): RawBuilder<number>;
  /** Text that sorts and compares byte by byte (PostgreSQL's default collation sorts otherwise), so pages of groups follow one order. */
  bytewise(text: RawBuilder<unknown>): RawBuilder<unknown>;
  /** A text field of a JSON object stored as text (null when the JSON is null or lacks it). */
  jsonText(json: RawBuilder<unknown>, field: string): RawBuilder<string | null>;
}

const sqlite: KpiDialect = {
  periodOf(period, at) {
    const local = sql.lit(`+${HOTLINE_UTC_OFFSET_HOURS} hours`);
    if (period === 'day') return sql<string>`date(${at}, ${local})`;
    // Monday on or before the day: six days back, then forward to the next Monday.
    if (period === 'week') return sql<string>`date(${at}, ${local}, '-6 days', 'weekday 1')`;
    return sql<string>`date(${at}, ${local}, 'start of month')`;
  },
  bytewise: (text) => text,
  jsonText: (json, field) => sql<string | null>`json_extract(${json}, ${sql.lit(`$.${field}`)})`,
  elapsedMs: (from, to) => sql<number>`cast(round((julianday(${to}) - julianday(${from})) * 86400000.0) as integer)`,
};

const postgres: KpiDialect = {
  periodOf(period, at) {
    const local = sql`(cast(${at} as timestamptz) at time zone 'UTC') + ${sql.lit(`${HOTLINE_UTC_OFFSET_HOURS} hours`)}::interval`;
    return sql<string>`to_char(date_trunc(${sql.lit(period)}, ${local}), 'YYYY-MM-DD')`;
  },
  bytewise: (text) => sql`${text} collate "C"`,
  jsonText: (json, field) => sql<string | null>`(cast(${json} as jsonb) ->> ${sql.lit(field)})`,
  elapsedMs: (from, to) => sql<number>`cast(round(extract(epoch from (cast(${to} as timestamptz) - cast(${from} as timestamptz))) * 1000) as bigint)`,
};

export function kpiDialectOf(db: Kysely<ServerSchema>): KpiDialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? postgres : sqlite;
}
