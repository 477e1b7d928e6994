import { PostgresAdapter, sql, type Kysely } from 'kysely';
import type { SyncEntity } from '../../shared/api/rest.js';
import { FIRST_CONTACT_WINDOW_DAYS, hotlineDayStartsAt, hotlineToday } from '../../shared/domain/kpis.js';
import { STAGE_WITHIN_HOURS } from '../../shared/domain/orderSla.js';
import type { ServerSchema } from '../db/schema.js';
import { CELL_COLUMNS, DIMENSIONS, FAMILIES, STAGES, dayCellSums } from './kpiFigures.js';
import { kpiDialectOf } from './kpiSql.js';

/**
 * The figures' day cells (docs/architecture.md §10): per hotline day, the branch a row is scoped
 * by, each grouping and group, the additive parts of every figure (kpi_day_cells, migration 0032),
 * computed by the same row sources as the live figures (kpiFigures.ts dayCellSums), so a page sums
 * the cells of the days they hold and reads the rows only for the others (figuresPage).
 *
 * Which days: every day before today (today stays live, LIVE_DAYS), from the first day with rows.
 * A day holds from when it was rolled until the deadline of a stage still open then (after it that
 * stage turns missed without any row changing); then it is rolled again. A day whose figures a
 * change can move is dropped from the cells when the job reads the change (change_log: every write
 * of a synced row is logged there, writeSyncedRows; daysTouched looks up the days) and rolled again
 * (the last week's days at most every RECENT_REROLL_MS): a later order or call back within an
 * order's first-contact window is such a change. So a figure of a day before today is as fresh as
 * the job's last run; a dropped day is read from the rows until it is rolled again.
 *
 * Who: every API process runs the job (figuresRollupJob: at start, then every KPI_ROLLUP_EVERY_MS,
 * sooner while days are waiting); one at a time holds the lock (PostgreSQL: a session advisory lock;
 * SQLite has one process), so nothing is computed twice; a run reads at most a time budget's worth
 * (plus the chunk under way).
 */
export const KPI_ROLLUP_EVERY_MS = 10_000;
/** While days wait to be rolled, the next run comes this soon. */
const CATCH_UP_MS = 1_000;
/** Today: always computed from the rows (every call and order of the day changes it). */
export const LIVE_DAYS = 1;
/**
 * The days before today whose figures still move often (first-contact look-ahead, open stages): a
 * change drops them like any day, but one is rolled again at most every RECENT_REROLL_MS (read
 * from the rows meanwhile), so a busy hour does not keep the job recomputing them.
 */
const RECENT_DAYS = FIRST_CONTACT_WINDOW_DAYS;
export const RECENT_REROLL_MS = 5 * 60_000;
/** Days rolled by one set of statements (consecutive). */
const CHUNK_DAYS = 7;
/** The longest run rolled at once after runs without rows. */
const EMPTY_CHUNK_DAYS = 448;
const CHANGES_PER_BATCH = 2_000;
/** Ids per IN list. */
const IDS_PER_LOOKUP = 500;
const CELLS_PER_INSERT = 300;
const DAY_MS = 86_400_000;
/** Named by the lock key (PostgreSQL hashtextextended): one process rolls at a time. */
export const KPI_ROLLUP_LOCK = 'kpi-day-cells';

export interface RollupRun {
  /** Change-log entries read, and the rolled days they dropped. */
  changesRead: number;
  daysDropped: number;
  daysRolled: number;
  /** Days still to roll when the run's budget ran out. */
  backlog: number;
}

const addDay = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
const dayOf = (at: string) => hotlineToday(new Date(at));

/** The Monday of a hotline day's week, and its month's first day (as periodOf has them). */
function weekOf(day: string): string {
  return addDay(day, -((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7));
}

const runningSqlite = new WeakSet<object>();
const recentRollsByDatabase = new WeakMap<object, Map<string, number>>();

/** When this process last rolled each recent day (by the runs' clock). */
function recentRolls(db: Kysely<ServerSchema>): Map<string, number> {
  let rolls = recentRollsByDatabase.get(db);
  if (!rolls) recentRollsByDatabase.set(db, (rolls = new Map()));
  return rolls;
}

/** Runs `work` unless another process (or this one) is rolling; null then. */
async function exclusively<T>(db: Kysely<ServerSchema>, work: (db: Kysely<ServerSchema>) => Promise<T>): Promise<T | null> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter)) {
    if (runningSqlite.has(db)) return null;
    runningSqlite.add(db);
    try {
      return await work(db);
    } finally {
      runningSqlite.delete(db);
    }
  }
  // A session lock on one connection, held through the run's transactions; a process that dies lets go with its connection.
  return db.connection().execute(async (conn) => {
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(hashtextextended(${KPI_ROLLUP_LOCK}, 0)) as locked`.execute(conn);
    if (!rows[0]?.locked) return null;
    try {
      return await work(conn);
    } finally {
      await sql`select pg_advisory_unlock(hashtextextended(${KPI_ROLLUP_LOCK}, 0))`.execute(conn);
    }
  });
}

interface RollupState {
  changeSeq: number;
  earliestDay: string | null;
}

async function stateOf(db: Kysely<ServerSchema>): Promise<RollupState> {
  const row = await db.selectFrom('kpiRollupState').select(['changeSeq', 'earliestDay']).where('id', '=', 1).executeTakeFirst();
  if (row) return { changeSeq: Number(row.changeSeq), earliestDay: row.earliestDay };
  // The first run: every change logged so far is in the rows the days will be computed from.
  const head = await db.selectFrom('changeLog').select((eb) => eb.fn.max('seq').as('seq')).executeTakeFirst();
  const state = { changeSeq: Number(head?.seq ?? 0), earliestDay: null };
  await db.insertInto('kpiRollupState').values({ id: 1, ...state }).execute();
  return state;
}

/**
 * One run: drops the days the changes logged since the last run touched, then rolls the days
 * missing (newest first) until `budgetMs` is spent. Null when another process is rolling.
 */
export function rollUpFigures(db: Kysely<ServerSchema>, now: Date, { budgetMs = 5_000 }: { budgetMs?: number } = {}): Promise<RollupRun | null> {
  const deadline = Date.now() + budgetMs;
  const rolledRecently = recentRolls(db);
  return exclusively(db, async (run) => {
    const state = await stateOf(run);
    const { changesRead, daysDropped } = await dropChangedDays(run, state, deadline);
    const { daysRolled, backlog } = await rollMissingDays(run, state, now, deadline, rolledRecently);
    return { changesRead, daysDropped, daysRolled, backlog };
  });
}

async function dropChangedDays(db: Kysely<ServerSchema>, state: RollupState, deadline: number): Promise<{ changesRead: number; daysDropped: number }> {
  let changesRead = 0;
  let daysDropped = 0;
  do {
    const entries = await db.selectFrom('changeLog').select(['seq', 'entity', 'entityId']).where('seq', '>', state.changeSeq).orderBy('seq').limit(CHANGES_PER_BATCH).execute();
    if (entries.length === 0) break;
    const days = [...(await daysTouched(db, entries))].sort();
    const lastSeq = Number(entries.at(-1)!.seq);
    const earliestDay = state.earliestDay !== null && days[0] !== undefined && days[0] < state.earliestDay ? days[0] : state.earliestDay;
    await db.transaction().execute(async (trx) => {
      for (const chunk of chunks(days, IDS_PER_LOOKUP)) {
        await trx.deleteFrom('kpiDayCells').where('day', 'in', chunk).execute();
        daysDropped += Number((await trx.deleteFrom('kpiRolledDays').where('day', 'in', chunk).executeTakeFirst()).numDeletedRows);
      }
      await trx.updateTable('kpiRollupState').set({ changeSeq: lastSeq, earliestDay }).where('id', '=', 1).execute();
    });
    state.changeSeq = lastSeq;
    state.earliestDay = earliestDay;
    changesRead += entries.length;
  } while (Date.now() < deadline);
  return { changesRead, daysDropped };
}

/** When a parts request was received (kpiFigures.ts: its step, or its last change for rows from before the steps). */
const RECEIVED_AT = sql<string>`coalesce((select max(s.at) from parts_request_steps s where s.request_id = r.id and s.status = 'received'), r.updated_at)`;

/**
 * The hotline days whose figures the changed rows can move: a call's or an order's day and the 7
 * before (first-contact resolution of the orders before it), a follow-up's, a complaint's, a parts
 * request's; an order's (its events', its customer's province, its product's category) own day and
 * the days its follow-ups, parts and complaints count on (they are grouped by the order's owner,
 * outlet, product, customer).
 */
async function daysTouched(db: Kysely<ServerSchema>, entries: ReadonlyArray<{ entity: SyncEntity; entityId: string }>): Promise<Set<string>> {
  const idsOf = (entity: SyncEntity) => [...new Set(entries.filter((e) => e.entity === entity).map((e) => e.entityId))];
  const days = new Set<string>();
  const at = (instant: string | null | undefined) => instant && days.add(dayOf(instant));
  const withLookBack = (instant: string) => {
    for (let day = dayOf(new Date(Date.parse(instant) - FIRST_CONTACT_WINDOW_DAYS * DAY_MS).toISOString()); day <= dayOf(instant); day = addDay(day, 1)) days.add(day);
  };
  const orders = new Set(idsOf('serviceOrder'));
  const lookup = async <T>(ids: readonly string[], query: (ids: string[]) => Promise<T[]>, each: (row: T) => void) => {
    for (const chunk of chunks(ids, IDS_PER_LOOKUP)) for (const row of await query(chunk)) each(row);
  };
  await lookup(idsOf('orderEvent'), (ids) => db.selectFrom('orderEvents').select('orderId').where('id', 'in', ids).execute(), (r) => orders.add(r.orderId));
  const customers = idsOf('customer');
  await lookup(customers, (ids) => db.selectFrom('serviceOrders').select('id').where('customerId', 'in', ids).execute(), (r) => orders.add(r.id));
  await lookup(customers, (ids) => db.selectFrom('interactions').select('startedAt').where('customerId', 'in', ids).execute(), (r) => at(r.startedAt));
  await lookup(customers, (ids) => db.selectFrom('complaints').select('receivedAt').where('customerId', 'in', ids).execute(), (r) => at(r.receivedAt));
  await lookup(idsOf('product'), (ids) => db.selectFrom('serviceOrders').select('id').where('productId', 'in', ids).execute(), (r) => orders.add(r.id));
  const orderIds = [...orders];
  await lookup(orderIds, (ids) => db.selectFrom('serviceOrders').select('createdAt').where('id', 'in', ids).execute(), (r) => withLookBack(r.createdAt));
  await lookup(orderIds, (ids) => db.selectFrom('followUps').select('doneAt').where('orderId', 'in', ids).execute(), (r) => at(r.doneAt));
  await lookup(orderIds, (ids) => db.selectFrom('complaints').select('receivedAt').where('orderId', 'in', ids).execute(), (r) => at(r.receivedAt));
  const receivedOf = (column: 'r.id' | 'r.order_id', ids: string[]) => sql<{ receivedAt: string }>`select ${RECEIVED_AT} as received_at from parts_requests r where ${sql.raw(column)} in (${sql.join(ids)})`.execute(db).then((r) => r.rows);
  await lookup(orderIds, (ids) => receivedOf('r.order_id', ids), (r) => at(r.receivedAt));
  await lookup(idsOf('partsRequest'), (ids) => receivedOf('r.id', ids), (r) => at(r.receivedAt));
  await lookup(idsOf('interaction'), (ids) => db.selectFrom('interactions').select('startedAt').where('id', 'in', ids).execute(), (r) => withLookBack(r.startedAt));
  await lookup(idsOf('followUp'), (ids) => db.selectFrom('followUps').select('doneAt').where('id', 'in', ids).execute(), (r) => at(r.doneAt));
  await lookup(idsOf('complaint'), (ids) => db.selectFrom('complaints').select('receivedAt').where('id', 'in', ids).execute(), (r) => at(r.receivedAt));
  return days;
}

/** The first hotline day any figure has a row on (computed once, kept in kpi_rollup_state). */
async function earliestDay(db: Kysely<ServerSchema>, state: RollupState): Promise<string | null> {
  if (state.earliestDay !== null) return state.earliestDay;
  const { rows } = await sql<{ at: string | null }>`select min(m) as at from (
      select min(created_at) as m from service_orders union all select min(started_at) from interactions
      union all select min(done_at) from follow_ups union all select min(received_at) from complaints union all select min(created_at) from parts_requests) firsts`.execute(db);
  const first = rows[0]?.at;
  if (!first) return null;
  state.earliestDay = dayOf(first);
  await db.updateTable('kpiRollupState').set({ earliestDay: state.earliestDay }).where('id', '=', 1).execute();
  return state.earliestDay;
}

async function rollMissingDays(db: Kysely<ServerSchema>, state: RollupState, now: Date, deadline: number, rolledRecently: Map<string, number>): Promise<{ daysRolled: number; backlog: number }> {
  const first = await earliestDay(db, state);
  const last = addDay(hotlineToday(now), -LIVE_DAYS);
  if (first === null || first > last) return { daysRolled: 0, backlog: 0 };
  const rolled = await db.selectFrom('kpiRolledDays').select(['day', 'validUntil']).where('day', '>=', first).where('day', '<=', last).execute();
  const good = new Set(rolled.filter((r) => r.validUntil === null || Date.parse(r.validUntil) > now.getTime()).map((r) => r.day));
  const recent = addDay(last, -(RECENT_DAYS - 1));
  const wanted: string[] = [];
  for (let day = last; day >= first; day = addDay(day, -1)) {
    if (good.has(day)) continue;
    if (day >= recent && now.getTime() - (rolledRecently.get(day) ?? -Infinity) < RECENT_REROLL_MS) continue;
    wanted.push(day);
  }
  for (const day of rolledRecently.keys()) if (day < recent) rolledRecently.delete(day);
  // Runs of consecutive days, newest first (the desk reads the recent weeks most); after a run without
  // a row, longer ones (years before the data's bulk hold a stray old row or none).
  let daysRolled = 0;
  let chunk = CHUNK_DAYS;
  while (daysRolled < wanted.length && Date.now() < deadline) {
    const run = [wanted[daysRolled]!];
    while (run.length < chunk && wanted[daysRolled + run.length] === addDay(run.at(-1)!, -1)) run.push(wanted[daysRolled + run.length]!);
    const cells = await rollDays(db, run.reverse(), now);
    for (const day of run) if (day >= recent) rolledRecently.set(day, now.getTime());
    chunk = cells === 0 ? Math.min(chunk * 4, EMPTY_CHUNK_DAYS) : CHUNK_DAYS;
    daysRolled += run.length;
  }
  return { daysRolled, backlog: wanted.length - daysRolled };
}

type Cell = Record<string, string | number>;

const camel = (column: string) => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Computes the cells of consecutive `days` at `now` and puts them in place of the days' old ones, in one transaction. Returns how many cells they have. */
async function rollDays(db: Kysely<ServerSchema>, days: readonly string[], now: Date): Promise<number> {
  const fromAt = hotlineDayStartsAt(days[0]!);
  const toAt = hotlineDayStartsAt(addDay(days.at(-1)!, 1));
  return kpiDialectOf(db).figuresRun(db, async (trx) => {
    const cells = new Map<string, Cell>();
    const validUntil = new Map<string, number>();
    for (const family of FAMILIES) {
      const columns = CELL_COLUMNS.filter((c) => c.family === family);
      for (const row of await dayCellSums(trx, family, fromAt, toAt, now)) {
        const day = String(row.bucket);
        for (const dim of DIMENSIONS) {
          const key = row[`k${dim}`];
          if (key === null || key === undefined) continue;
          const id = JSON.stringify([dim, day, row.br, key]);
          let cell = cells.get(id);
          if (!cell) {
            cell = { dim, day, week: weekOf(day), month: `${day.slice(0, 7)}-01`, branchId: String(row.br), grp: String(key), ...Object.fromEntries(CELL_COLUMNS.map((c) => [camel(c.column), 0])) };
            cells.set(id, cell);
          }
          for (const { alias, column } of columns) (cell[camel(column)] as number) += Number(row[alias] ?? 0);
        }
        if (family !== 'orders') continue;
        for (const stage of STAGES) {
          const pending = row[`pend${stage.toLowerCase()}`];
          if (pending === null || pending === undefined) continue;
          const until = Date.parse(String(pending)) + STAGE_WITHIN_HOURS[stage] * 3_600_000;
          validUntil.set(day, Math.min(until, validUntil.get(day) ?? Infinity));
        }
      }
    }
    await trx.deleteFrom('kpiDayCells').where('day', 'in', days).execute();
    await trx.deleteFrom('kpiRolledDays').where('day', 'in', days).execute();
    for (const chunk of chunks([...cells.values()], CELLS_PER_INSERT)) await trx.insertInto('kpiDayCells').values(chunk as never).execute();
    const rolledAt = now.toISOString();
    await trx
      .insertInto('kpiRolledDays')
      .values(days.map((day) => ({ day, rolledAt, validUntil: validUntil.has(day) ? new Date(validUntil.get(day)!).toISOString() : null })))
      .execute();
    return cells.size;
  });
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface FiguresRollupJob {
  start(): void;
  stop(): Promise<void>;
}

/** The backend's job (buildServer's kpiRollupMs): a run at start, then every `everyMs` (every CATCH_UP_MS while days wait). */
export function figuresRollupJob(db: Kysely<ServerSchema>, everyMs: number, onError: (error: unknown) => void): FiguresRollupJob {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const next = (ms: number) => {
    if (!stopped) timer = setTimeout(run, ms);
  };
  const run = () => {
    running = rollUpFigures(db, new Date()).then(
      (result) => next(result && result.backlog > 0 ? CATCH_UP_MS : everyMs),
      (error: unknown) => {
        onError(error);
        next(everyMs);
      },
    );
  };
  return {
    start: () => next(0),
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
