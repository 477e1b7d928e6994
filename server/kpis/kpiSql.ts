import { PostgresAdapter, sql, type Kysely, type RawBuilder } from 'kysely';
import { HOTLINE_UTC_OFFSET_HOURS, type KpiPeriod } from '../../shared/domain/kpis.js';
import type { ServerSchema } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';

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
  /**
   * Appended to a subquery so the planner keeps it as one (no flattening into the outer query):
   * its columns that hold correlated subqueries are then computed once per row, not once per
   * reference (PostgreSQL and SQLite both flatten a plain subquery and copy the expressions).
   */
  fence: RawBuilder<unknown>;
  /** Runs a page's queries (or a rollup's, kpiRollup.ts) in one transaction seeing one snapshot, with the settings figures need (PostgreSQL: see `postgres.figuresRun`). */
  figuresRun<T>(db: Kysely<ServerSchema>, work: (db: Kysely<ServerSchema>) => Promise<T>): Promise<T>;
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
  // SQLite flattens no subquery that has an OFFSET; LIMIT -1 is no limit.
  fence: sql`limit -1 offset 0`,
  // One transaction: a page's statements read one state of the day cells (the rollup job writes them in this process too).
  figuresRun: (db, work) => inTransaction(db, work),
  elapsedMs: (from, to) => sql<number>`cast(round((julianday(${to}) - julianday(${from})) * 86400000.0) as integer)`,
};

const postgres: KpiDialect = {
  periodOf(period, at) {
    const local = sql`(cast(${at} as timestamptz) at time zone 'UTC') + ${sql.lit(`${HOTLINE_UTC_OFFSET_HOURS} hours`)}::interval`;
    return sql<string>`to_char(date_trunc(${sql.lit(period)}, ${local}), 'YYYY-MM-DD')`;
  },
  bytewise: (text) => sql`${text} collate "C"`,
  jsonText: (json, field) => sql<string | null>`(cast(${json} as jsonb) ->> ${sql.lit(field)})`,
  fence: sql`offset 0`,
  /**
   * In one repeatable-read transaction (the families and the day cells of a page see one snapshot), without JIT compilation and
   * with room to sort in memory: a figures query's cost estimate is far above jit_above_cost, and
   * compiling its many expressions took longer than running it (EXPLAIN ANALYZE of a branch's six
   * months by agent: 2.4 s of JIT in 5.3 s; `npm run bench -- kpis`); its sort of a range's rows
   * spilled to disk at the default 4 MB.
   */
  figuresRun: (db, work) => {
    const run = async (trx: Kysely<ServerSchema>) => {
      await sql`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`.execute(trx);
      return work(trx);
    };
    return db.isTransaction ? run(db) : db.transaction().setIsolationLevel('repeatable read').execute(run);
  },
  elapsedMs: (from, to) => sql<number>`cast(round(extract(epoch from (cast(${to} as timestamptz) - cast(${from} as timestamptz))) * 1000) as bigint)`,
};

export function kpiDialectOf(db: Kysely<ServerSchema>): KpiDialect {
  return db.getExecutor().adapter instanceof PostgresAdapter ? postgres : sqlite;
}
