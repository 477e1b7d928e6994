import { sql, type Kysely, type RawBuilder } from 'kysely';
import { WRAP_UP_DISPOSITIONS } from '../../shared/domain/interaction.js';
import {
  FIRST_CONTACT_WINDOW_DAYS,
  hotlineDayStartsAt,
  LOW_SATISFACTION,
  periodEnd,
  type KpiDimension,
  type KpiFigure,
  type KpiOrderPage,
  type KpiPage,
  type KpiPeriod,
  type KpiRow,
} from '../../shared/domain/kpis.js';
import { STAGE_WITHIN_HOURS, statusesWaitingFor, type SlaStage } from '../../shared/domain/orderSla.js';
import type { ServerSchema } from '../db/schema.js';
import { decodePageCursor, encodePageCursor } from '../http/pageCursor.js';
import type { FiguresScope } from '../scope/agentScope.js';
import { kpiDialectOf, type KpiDialect } from './kpiSql.js';

/**
 * The figures of shared/domain/kpis.ts as SQL, the same on SQLite and PostgreSQL. Each family of
 * figures (calls, orders, satisfaction, parts) is a row source: one row per call / order /
 * follow-up / parts request in the range and the scope, with its period, its group key and its
 * part in each figure. A page of figures sums each source by (period, key); the drill-down lists
 * the orders of one group whose row counts in one figure. Both read the same source, so a figure
 * and the orders behind it cannot disagree.
 */

export type Family = 'calls' | 'orders' | 'satisfaction' | 'parts' | 'complaints';
export const FAMILIES: readonly Family[] = ['calls', 'orders', 'satisfaction', 'parts', 'complaints'];
export const STAGES: readonly SlaStage[] = ['dispatch', 'accept', 'onSite', 'complete'];
export const DIMENSIONS: readonly KpiDimension[] = ['branch', 'agent', 'outlet', 'category', 'region'];

/** What every source is cut to: the ranges (UTC instants), the groups, the branches, the moment "overdue" is judged at. */
interface Frame {
  period: KpiPeriod;
  by: KpiDimension;
  /** [from, to) ranges of instants, in order: the whole request, or the days the day cells do not hold. */
  ranges: ReadonlyArray<readonly [string, string]>;
  scope: FiguresScope;
  now: string;
  /** One group only (the drill-down): filtered where the rows are read, below the fenced subqueries. */
  key?: string;
  /**
   * Day cells (kpiRollup.ts): instead of one group, each row carries the branch it is scoped by
   * (`br`) and its key in every grouping (`kbranch`, `kagent`, …; null where it has none), days
   * as periods, every branch; `pend<stage>`: the start of a stage still open and not yet overdue.
   */
  cells?: boolean;
}

/** The branch a family's row belongs to, for the scope (a supervisor reads their branch's). */
const SCOPE_COLUMN: Record<Family, string> = { calls: 'i.branch_id', orders: 'o.branch_id', complaints: 'k.branch_id', satisfaction: 'src_row.branch_id', parts: 'src_row.branch_id' };

/** The key columns of a day cells row (Frame.cells), after `br`. */
const CELL_KEY_COLUMNS = DIMENSIONS.map((d) => `k${d}`);

/** What a row source selects as its group: `grp`, or (cells) the branch and every grouping's key. */
function groupColumns(family: Family, frame: Frame): RawBuilder<unknown> {
  if (!frame.cells) return sql`${sql.raw(groupKey(family, frame.by) ?? 'null')} as grp`;
  return sql.join([sql`${sql.raw(SCOPE_COLUMN[family])} as br`, ...DIMENSIONS.map((d) => sql`cast(${sql.raw(groupKey(family, d) ?? 'null')} as text) as ${sql.raw(`k${d}`)}`)]);
}

/** The group key of each dimension, by the table its family reads it from (null: the family has no such group). */
function groupKey(family: Family, by: KpiDimension): string | null {
  if (family === 'calls') return ({ branch: 'i.branch_id', agent: 'i.agent_id', region: 'c.province', outlet: null, category: null } as const)[by];
  if (family === 'complaints') return ({ branch: 'k.branch_id', agent: 'k.taken_by', outlet: 'k.outlet_id', category: 'p.category', region: 'c.province' } as const)[by];
  return ({ branch: 'o.branch_id', agent: 'o.owner_agent_id', outlet: 'o.outlet_id', category: 'p.category', region: 'c.province' } as const)[by];
}

function inScope(column: string, scope: FiguresScope): RawBuilder<unknown> {
  if (scope.branchIds === null) return sql`1 = 1`;
  if (scope.branchIds.length === 0) return sql`1 = 0`;
  return sql`${sql.raw(column)} in (${sql.join(scope.branchIds)})`;
}

/** The group key is present, and the frame's one group if it names one (day cells: every row, its keys as they are). */
function inGroup(key: string, frame: Frame): RawBuilder<unknown> {
  if (frame.cells) return sql`1 = 1`;
  return frame.key === undefined ? sql`${sql.raw(key)} is not null` : sql`${sql.raw(key)} = ${frame.key}`;
}

function inRange(column: string | RawBuilder<unknown>, frame: Frame): RawBuilder<unknown> {
  const at = typeof column === 'string' ? sql.raw(column) : column;
  if (frame.ranges.length === 0) return sql`1 = 0`;
  return sql`(${sql.join(
    frame.ranges.map(([from, to]) => sql`(${at} >= ${from} and ${at} < ${to})`),
    sql` or `,
  )})`;
}

const flag = (condition: RawBuilder<unknown>) => sql`case when ${condition} then 1 else 0 end`;

/**
 * What an order's group needs beyond the order: the customer (region: their province), the product
 * (category). Joined only then: every order has its customer (a foreign key), so leaving the join
 * out changes no row, and each join costs a lookup per order on a branch's year of orders.
 */
function groupJoins(by: KpiDimension | 'every'): RawBuilder<unknown> {
  if (by === 'every') return sql`join customers c on c.id = o.customer_id left join products p on p.id = o.product_id`;
  if (by === 'region') return sql`join customers c on c.id = o.customer_id`;
  if (by === 'category') return sql`left join products p on p.id = o.product_id`;
  return sql``;
}

/** One row per record of the family in the frame; null when the family has no such groups (calls by outlet). */
function rowSource(db: Kysely<ServerSchema>, family: Family, frame: Frame): RawBuilder<unknown> | null {
  const d = kpiDialectOf(db);
  const key = frame.cells ? (groupKey(family, 'branch') as string) : groupKey(family, frame.by);
  if (key === null) return null;
  const groupOf = (at: string | RawBuilder<unknown>) => sql`${d.periodOf(frame.period, typeof at === 'string' ? sql.raw(at) : at)} as bucket, ${groupColumns(family, frame)}`;
  const notDeleted = (alias: string) => sql`${sql.raw(`${alias}.deleted`)} = ${0}`;
  const joinsFor: KpiDimension | 'every' = frame.cells ? 'every' : frame.by;
  const orderJoins = sql`join service_orders o on o.id = src_row.order_id ${groupJoins(joinsFor)}`;
  switch (family) {
    case 'calls': {
      const answered = sql`i.disposition in (${sql.join(WRAP_UP_DISPOSITIONS)})`;
      return sql`select ${groupOf('i.started_at')}, null as orderid,
          ${flag(answered)} as answered,
          ${flag(sql`i.direction = 'inbound' and not ${answered}`)} as missed,
          case when ${answered} then i.talk_seconds + i.wrap_up_seconds else 0 end as handle
        from interactions i ${frame.cells || frame.by === 'region' ? sql`left join customers c on c.id = i.customer_id` : sql``}
        where ${notDeleted('i')} and i.channel = 'phone' and ${inRange('i.started_at', frame)} and ${inScope('i.branch_id', frame.scope)} and ${inGroup(key, frame)}`;
    }
    case 'orders':
      return ordersSource(frame, d, key, joinsFor);
    case 'complaints':
      return sql`select ${groupOf('k.received_at')}, k.order_id as orderid
        from complaints k join customers c on c.id = k.customer_id left join service_orders o on o.id = k.order_id left join products p on p.id = o.product_id
        where ${notDeleted('k')} and ${inRange('k.received_at', frame)} and ${inScope('k.branch_id', frame.scope)} and ${frame.cells ? sql`1 = 1` : sql`${sql.raw(key)} is not null`}`;
    case 'satisfaction':
      return sql`select ${groupOf('src_row.done_at')}, o.id as orderid, src_row.satisfaction as score
        from follow_ups src_row ${orderJoins}
        where ${notDeleted('src_row')} and src_row.status = 'done' and src_row.satisfaction is not null
          and ${inRange('src_row.done_at', frame)} and ${inScope('src_row.branch_id', frame.scope)} and ${inGroup(key, frame)}`;
    case 'parts': {
      // Received when the parts desk recorded the step (partsDesk.ts); rows from before the steps were kept: their last change.
      const receivedAt = sql`coalesce((select max(s.at) from parts_request_steps s where s.request_id = src_row.id and s.status = 'received'), src_row.updated_at)`;
      return sql`select ${groupOf(receivedAt)}, o.id as orderid,
          ${d.elapsedMs(sql.raw('src_row.created_at'), receivedAt)} / 1000 as cycle
        from parts_requests src_row ${orderJoins}
        where ${notDeleted('src_row')} and src_row.status = 'received'
          and ${inRange(receivedAt, frame)} and ${inScope('src_row.branch_id', frame.scope)} and ${inGroup(key, frame)}`;
    }
  }
}

/**
 * Orders made in the frame: first-contact resolution and each SLA stage. A stage is done when its
 * step is (dispatch: dispatchedAt; accept, on site, complete: the first status change to accepted,
 * in_service, completed); it counts from creation (dispatch, complete) or from the dispatch (accept,
 * on site; from creation when the dispatch time was not recorded), as shared/domain/orderSla.ts says.
 */
function ordersSource(frame: Frame, d: KpiDialect, key: string, joins: KpiDimension | 'every'): RawBuilder<unknown> {
  const windowMs = FIRST_CONTACT_WINDOW_DAYS * 86_400_000;
  const reached = (status: string) => sql`(select min(e.at) from order_events e where e.order_id = o.id and e.kind = 'status_changed' and e.to_status = ${status})`;
  const done: Record<SlaStage, RawBuilder<unknown>> = { dispatch: sql`o.dispatched_at`, accept: reached('accepted'), onSite: reached('in_service'), complete: reached('completed') };
  const startedBy: Record<SlaStage, RawBuilder<unknown>> = {
    dispatch: sql`o.created_at`,
    accept: sql`coalesce(o.dispatched_at, o.created_at)`,
    onSite: sql`coalesce(o.dispatched_at, o.created_at)`,
    complete: sql`o.created_at`,
  };
  const stageColumns = STAGES.map((stage) => {
    const limitMs = STAGE_WITHIN_HOURS[stage] * 3_600_000;
    const doneAt = sql`stage.${sql.raw(`${stage}_done`)}`;
    const startAt = sql`stage.${sql.raw(`${stage}_start`)}`;
    const late = sql`${d.elapsedMs(startAt, doneAt)} > ${limitMs}`;
    const overdueNow = sql`stage.status in (${sql.join(statusesWaitingFor(stage))}) and ${d.elapsedMs(startAt, sql`${frame.now}`)} > ${limitMs}`;
    // Day cells: a stage still open whose deadline has not passed yet turns missed without any change of a row; the cells hold until then (kpiRollup.ts).
    const pending = frame.cells
      ? sql`, case when ${doneAt} is null and stage.status in (${sql.join(statusesWaitingFor(stage))}) and not (${d.elapsedMs(startAt, sql`${frame.now}`)} > ${limitMs}) then ${startAt} end as ${sql.raw(`pend${stage.toLowerCase()}`)}`
      : sql``;
    return sql`${flag(sql`${doneAt} is not null and not ${late}`)} as ${sql.raw(`${stage.toLowerCase()}met`)},
      case when ${doneAt} is not null then ${flag(late)} else ${flag(overdueNow)} end as ${sql.raw(`${stage.toLowerCase()}missed`)}${pending}`;
  });
  const groupAliases = frame.cells ? sql.raw(['br', ...CELL_KEY_COLUMNS].map((c) => `stage.${c}`).join(', ')) : sql`stage.grp`;
  const secondOrder = sql`exists (select 1 from service_orders o2 where o2.product_id = o.product_id and o2.id <> o.id and o2.deleted = ${0}
    and o2.created_at > o.created_at and ${d.elapsedMs(sql`o.created_at`, sql`o2.created_at`)} <= ${windowMs})`;
  const callBack = sql`exists (select 1 from interactions i where i.customer_id = o.customer_id and i.deleted = ${0}
    and i.disposition in (${sql.join(WRAP_UP_DISPOSITIONS)}) and i.started_at > o.created_at and ${d.elapsedMs(sql`o.created_at`, sql`i.started_at`)} <= ${windowMs})`;
  return sql`select stage.bucket, ${groupAliases}, stage.orderid, stage.fcrorders, stage.fcrresolved, ${sql.join(stageColumns)}
    from (select ${d.periodOf(frame.period, sql`o.created_at`)} as bucket, ${groupColumns('orders', frame)}, o.id as orderid, o.status as status,
        ${flag(sql`o.product_id is not null`)} as fcrorders,
        ${flag(sql`o.product_id is not null and not ${secondOrder} and not ${callBack}`)} as fcrresolved,
        ${sql.join(STAGES.map((stage) => sql`${done[stage]} as ${sql.raw(`${stage}_done`)}, ${startedBy[stage]} as ${sql.raw(`${stage}_start`)}`))}
      from service_orders o ${groupJoins(joins)}
      where o.deleted = ${0} and ${inRange('o.created_at', frame)} and ${inScope('o.branch_id', frame.scope)} and ${inGroup(key, frame)} ${d.fence}) stage`;
}

/** What each family sums per group (aliases without underscores: the CamelCasePlugin leaves them as they are). */
const SUMS: Record<Family, RawBuilder<unknown>> = {
  calls: sql`sum(answered) as answered, sum(missed) as missed, sum(handle) as handle`,
  orders: sql.join([
    sql`count(*) as made, sum(fcrorders) as fcrorders, sum(fcrresolved) as fcrresolved`,
    ...STAGES.map((s) => sql`sum(${sql.raw(`${s.toLowerCase()}met`)}) as ${sql.raw(`${s.toLowerCase()}met`)}, sum(${sql.raw(`${s.toLowerCase()}missed`)}) as ${sql.raw(`${s.toLowerCase()}missed`)}`),
  ]),
  satisfaction: sql.join([sql`count(*) as rated, sum(score) as scoresum`, ...[1, 2, 3, 4, 5].map((n) => sql`sum(case when score = ${n} then 1 else 0 end) as ${sql.raw(`score${n}`)}`)]),
  parts: sql`count(*) as received, sum(cycle) as cycle`,
  complaints: sql`count(*) as received`,
};

type Sums = Record<string, unknown> & { bucket: string; grp: string };

interface GroupPosition {
  bucket: string;
  grp: string;
}

async function familyPage(db: Kysely<ServerSchema>, family: Family, frame: Frame, after: GroupPosition | null, limit: number): Promise<Sums[]> {
  const source = rowSource(db, family, frame);
  if (!source) return [];
  const grp = kpiDialectOf(db).bytewise(sql.raw('grp'));
  const afterWhere = after ? sql`where bucket > ${after.bucket} or (bucket = ${after.bucket} and ${grp} > ${after.grp})` : sql``;
  const { rows } = await sql<Sums>`select bucket, grp, ${SUMS[family]} from (${source}) src ${afterWhere} group by bucket, grp order by bucket, ${grp} limit ${limit}`.execute(db);
  return rows;
}

const n = (value: unknown): number => Number(value ?? 0);

function emptyRow(bucket: string, grp: string, callsApply: boolean): KpiRow {
  const stage = () => ({ met: 0, missed: 0 });
  return {
    period: bucket,
    key: grp,
    label: grp,
    calls: callsApply ? { answered: 0, missed: 0, handleSeconds: 0 } : null,
    firstContact: { orders: 0, resolved: 0 },
    satisfaction: { rated: 0, scoreSum: 0, byScore: [0, 0, 0, 0, 0] },
    sla: { dispatch: stage(), accept: stage(), onSite: stage(), complete: stage() },
    parts: { received: 0, cycleSeconds: 0 },
    complaints: { received: 0, orders: 0 },
  };
}

/** Adds a family's sums to a group's row (a group's days may come from the day cells and from the rows). */
function addSums(row: KpiRow, family: Family, sums: Record<string, unknown>): void {
  switch (family) {
    case 'calls': {
      const calls = row.calls ?? { answered: 0, missed: 0, handleSeconds: 0 };
      row.calls = { answered: calls.answered + n(sums.answered), missed: calls.missed + n(sums.missed), handleSeconds: calls.handleSeconds + n(sums.handle) };
      return;
    }
    case 'orders':
      row.firstContact = { orders: row.firstContact.orders + n(sums.fcrorders), resolved: row.firstContact.resolved + n(sums.fcrresolved) };
      row.complaints = { ...row.complaints, orders: row.complaints.orders + n(sums.made) };
      for (const stage of STAGES) {
        row.sla[stage] = { met: row.sla[stage].met + n(sums[`${stage.toLowerCase()}met`]), missed: row.sla[stage].missed + n(sums[`${stage.toLowerCase()}missed`]) };
      }
      return;
    case 'satisfaction': {
      const [s1, s2, s3, s4, s5] = row.satisfaction.byScore;
      row.satisfaction = {
        rated: row.satisfaction.rated + n(sums.rated),
        scoreSum: row.satisfaction.scoreSum + n(sums.scoresum),
        byScore: [s1 + n(sums.score1), s2 + n(sums.score2), s3 + n(sums.score3), s4 + n(sums.score4), s5 + n(sums.score5)],
      };
      return;
    }
    case 'parts':
      row.parts = { received: row.parts.received + n(sums.received), cycleSeconds: row.parts.cycleSeconds + n(sums.cycle) };
      return;
    case 'complaints':
      row.complaints = { ...row.complaints, received: row.complaints.received + n(sums.received) };
  }
}

/** A day cell's columns (kpi_day_cells) as each family's sums, by the aliases of SUMS. */
const CELL_SUMS: Record<Family, Record<string, string>> = {
  calls: { answered: 'calls_answered', missed: 'calls_missed', handle: 'calls_handle' },
  orders: {
    made: 'orders_made',
    fcrorders: 'fcr_orders',
    fcrresolved: 'fcr_resolved',
    ...Object.fromEntries(STAGES.flatMap((s) => [[`${s.toLowerCase()}met`, `${cellStage(s)}_met`], [`${s.toLowerCase()}missed`, `${cellStage(s)}_missed`]])),
  },
  satisfaction: { rated: 'rated', scoresum: 'score_sum', score1: 'score1', score2: 'score2', score3: 'score3', score4: 'score4', score5: 'score5' },
  parts: { received: 'parts_received', cycle: 'parts_cycle' },
  complaints: { received: 'complaints_received' },
};

/** A stage's name in kpi_day_cells' columns (on_site_met). */
function cellStage(stage: SlaStage): string {
  return stage === 'onSite' ? 'on_site' : stage;
}

/** Every column of a day cell that holds a sum, with the family and SUMS alias it stands for. */
export const CELL_COLUMNS: ReadonlyArray<{ family: Family; alias: string; column: string }> = FAMILIES.flatMap((family) =>
  Object.entries(CELL_SUMS[family]).map(([alias, column]) => ({ family, alias, column })),
);

/**
 * The days of [from, to] the day cells hold for a request made at `now`: rolled at or before it
 * (the cells judged "overdue" then) and still good (no open stage's deadline passed since).
 */
async function heldDays(db: Kysely<ServerSchema>, from: string, to: string, now: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('kpiRolledDays')
    .select('day')
    .where('day', '>=', from)
    .where('day', '<=', to)
    .where('rolledAt', '<=', now)
    .where((eb) => eb.or([eb('validUntil', 'is', null), eb('validUntil', '>', now)]))
    .execute();
  return new Set(rows.map((r) => r.day));
}

const addDay = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The instants of the days of [from, to] not in `held`, as ranges of consecutive days. */
function rangesWithout(from: string, to: string, held: ReadonlySet<string>): Array<[string, string]> {
  const ranges: Array<[string, string]> = [];
  let runStart: string | null = null;
  for (let day = from; day <= addDay(to, 1); day = addDay(day, 1)) {
    const live = day <= to && !held.has(day);
    if (live && runStart === null) runStart = day;
    if (!live && runStart !== null) {
      ranges.push([hotlineDayStartsAt(runStart), hotlineDayStartsAt(day)]);
      runStart = null;
    }
  }
  return ranges;
}

/** The day cells' sums of the held days, by (period, group), after the cursor: the same page order as the families'. */
async function cellsPage(db: Kysely<ServerSchema>, request: FiguresRequest, scope: FiguresScope, days: readonly string[], after: GroupPosition | null, limit: number): Promise<Sums[]> {
  const bucket = sql.raw(request.period);
  const grp = kpiDialectOf(db).bytewise(sql.raw('grp'));
  const afterWhere = after ? sql`and (${bucket} > ${after.bucket} or (${bucket} = ${after.bucket} and ${grp} > ${after.grp}))` : sql``;
  const sums = sql.join(CELL_COLUMNS.map(({ family, alias, column }) => sql`sum(${sql.raw(column)}) as ${sql.raw(`${family}${alias}`)}`));
  const { rows } = await sql<Sums>`select ${bucket} as bucket, grp, ${sums} from kpi_day_cells
    where dim = ${request.by} and day in (${sql.join(days)}) and ${inScope('branch_id', scope)} ${afterWhere}
    group by ${bucket}, grp order by ${bucket}, ${grp} limit ${limit}`.execute(db);
  return rows;
}

export interface FiguresRequest {
  period: KpiPeriod;
  by: KpiDimension;
  from: string;
  to: string;
  cursor?: string | undefined;
  limit: number;
}

/**
 * One page of figures, (period, group) in order. The days the day cells hold (kpiRollup.ts) are
 * summed from them, the others from the rows. Each source (the cells, each family's rows) hands its
 * first `limit + 1` groups after the cursor; the page is the first `limit` of their union, each
 * group's parts added up, so no group is missed, repeated or cut short. `dayCells: false`: every
 * day from the rows (the rollup's test compares both).
 */
export function figuresPage(db: Kysely<ServerSchema>, scope: FiguresScope, request: FiguresRequest, now: Date, { dayCells = true }: { dayCells?: boolean } = {}): Promise<KpiPage> {
  return kpiDialectOf(db).figuresRun(db, (run) => figuresPageIn(run, scope, request, now, dayCells));
}

async function figuresPageIn(db: Kysely<ServerSchema>, scope: FiguresScope, request: FiguresRequest, now: Date, dayCells: boolean): Promise<KpiPage> {
  const held = dayCells ? await heldDays(db, request.from, request.to, now.toISOString()) : new Set<string>();
  // Headquarters' rows by branch named: the range scans use the (branch, time) indexes (every branch's calls have no index by time alone).
  const rowScope = scope.branchIds === null ? { branchIds: await everyBranch(db) } : scope;
  const frame: Frame = { period: request.period, by: request.by, ranges: rangesWithout(request.from, request.to, held), scope: rowScope, now: now.toISOString() };
  const after = request.cursor ? positionOf(request.cursor) : null;
  const callsApply = groupKey('calls', request.by) !== null;
  const groups = new Map<string, KpiRow>();
  const rowOf = (bucket: string, grp: unknown) => {
    const id = JSON.stringify([bucket, String(grp)]);
    const row = groups.get(id) ?? emptyRow(bucket, String(grp), callsApply);
    groups.set(id, row);
    return row;
  };
  if (frame.ranges.length > 0) {
    for (const family of FAMILIES) {
      for (const sums of await familyPage(db, family, frame, after, request.limit + 1)) addSums(rowOf(sums.bucket, sums.grp), family, sums);
    }
  }
  if (held.size > 0) {
    for (const cell of await cellsPage(db, request, scope, [...held], after, request.limit + 1)) {
      const row = rowOf(cell.bucket, cell.grp);
      for (const family of FAMILIES) {
        if (family === 'calls' && !callsApply) continue;
        addSums(row, family, Object.fromEntries(CELL_COLUMNS.filter((c) => c.family === family).map((c) => [c.alias, cell[`${family}${c.alias}`]])));
      }
    }
  }
  const ordered = [...groups.values()].sort((a, b) => compare(a.period, b.period) || compare(a.key, b.key));
  const rows = ordered.slice(0, request.limit);
  const last = rows.at(-1);
  await labelRows(db, request.by, rows);
  return { items: rows, nextCursor: ordered.length > request.limit && last ? encodePageCursor({ key: last.period, id: last.key }) : null, computedAt: now.toISOString() };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function positionOf(cursor: string): GroupPosition {
  const { key, id } = decodePageCursor(cursor);
  return { bucket: key, grp: id };
}

/** Names for the groups: agents, branches and outlets by name; categories (the desk translates them) and provinces as they are. */
async function labelRows(db: Kysely<ServerSchema>, by: KpiDimension, rows: KpiRow[]): Promise<void> {
  const ids = [...new Set(rows.map((r) => r.key))];
  if (ids.length === 0) return;
  let names = new Map<string, string>();
  if (by === 'agent') names = new Map((await db.selectFrom('agents').select(['id', 'displayName']).where('id', 'in', ids).execute()).map((a) => [a.id, a.displayName]));
  if (by === 'branch') names = new Map((await db.selectFrom('branches').select(['id', 'code', 'name']).where('id', 'in', ids).execute()).map((b) => [b.id, `${b.code} ${b.name}`]));
  if (by === 'outlet') names = new Map((await db.selectFrom('outlets').select(['id', 'name']).where('id', 'in', ids).execute()).map((o) => [o.id, o.name]));
  for (const row of rows) row.label = names.get(row.key) ?? row.key;
}

const FIGURE_FAMILY: Record<KpiFigure, { family: Family; counts: RawBuilder<unknown> }> = {
  orders: { family: 'orders', counts: sql`fcrorders = 1` },
  not_resolved: { family: 'orders', counts: sql`fcrorders = 1 and fcrresolved = 0` },
  sla_missed_dispatch: { family: 'orders', counts: sql`dispatchmissed = 1` },
  sla_missed_accept: { family: 'orders', counts: sql`acceptmissed = 1` },
  sla_missed_onSite: { family: 'orders', counts: sql`onsitemissed = 1` },
  sla_missed_complete: { family: 'orders', counts: sql`completemissed = 1` },
  rated: { family: 'satisfaction', counts: sql`1 = 1` },
  low_rated: { family: 'satisfaction', counts: sql`score <= ${LOW_SATISFACTION}` },
  parts_received: { family: 'parts', counts: sql`1 = 1` },
  complained: { family: 'complaints', counts: sql`1 = 1` },
};

export interface FigureOrdersRequest {
  figure: KpiFigure;
  period: KpiPeriod;
  start: string;
  by: KpiDimension;
  key: string;
  cursor?: string | undefined;
  limit: number;
}

interface FigureOrderRow {
  id: string;
  orderNumber: string;
  branchId: string;
  customerId: string;
  status: string;
  type: string;
  ownerAgentId: string;
  createdAt: string;
}

/** The orders behind one figure of one group in one period, oldest first, in keyset pages. */
export function figureOrders(db: Kysely<ServerSchema>, scope: FiguresScope, request: FigureOrdersRequest, now: Date): Promise<KpiOrderPage> {
  return kpiDialectOf(db).figuresRun(db, (run) => figureOrdersIn(run, scope, request, now));
}

async function figureOrdersIn(db: Kysely<ServerSchema>, scope: FiguresScope, request: FigureOrdersRequest, now: Date): Promise<KpiOrderPage> {
  const { family, counts } = FIGURE_FAMILY[request.figure];
  const frame: Frame = {
    period: request.period,
    by: request.by,
    ranges: [[hotlineDayStartsAt(request.start), hotlineDayStartsAt(periodEnd(request.period, request.start))]],
    scope,
    now: now.toISOString(),
    key: request.key,
  };
  const source = rowSource(db, family, frame);
  if (!source) return { items: [], nextCursor: null };
  const after = request.cursor ? decodePageCursor(request.cursor) : null;
  const afterWhere = after ? sql`and (so.created_at > ${after.key} or (so.created_at = ${after.key} and so.id > ${after.id}))` : sql``;
  const { rows } = await sql<FigureOrderRow>`select so.id, so.order_number, so.branch_id, so.customer_id, so.status, so.type, so.owner_agent_id, so.created_at
    from service_orders so
    where so.id in (select orderid from (${source}) src where bucket = ${request.start} and grp = ${request.key} and ${counts}) ${afterWhere}
    order by so.created_at, so.id limit ${request.limit + 1}`.execute(db);
  const items = rows.slice(0, request.limit);
  const last = items.at(-1);
  return { items, nextCursor: rows.length > request.limit && last ? encodePageCursor({ key: last.createdAt, id: last.id }) : null };
}

async function everyBranch(db: Kysely<ServerSchema>): Promise<string[]> {
  return (await db.selectFrom('branches').select('id').execute()).map((b) => b.id);
}

/** One row of a family's day cells query: the day, the row's branch, its key in every grouping, the family's sums (SUMS) and, for orders, `pend<stage>`. */
export type DayCellSums = Record<string, unknown> & { bucket: string; br: string };

/**
 * A family's sums over [fromAt, toAt) by day, branch and every grouping's key at once, judged at
 * `now` (kpiRollup.ts folds them into day cells): the row sources of the figures, so a cell and
 * the live figure cannot disagree. Orders also give, per stage, the earliest start of a stage
 * still open and not yet overdue (`pend<stage>`), after whose deadline the cells no longer hold.
 */
export async function dayCellSums(db: Kysely<ServerSchema>, family: Family, fromAt: string, toAt: string, now: Date): Promise<DayCellSums[]> {
  // Every branch by name, not "any": the range scans then use the (branch, time) indexes (a year of calls has no index by time alone).
  const frame: Frame = { period: 'day', by: 'branch', ranges: [[fromAt, toAt]], scope: { branchIds: await everyBranch(db) }, now: now.toISOString(), cells: true };
  const source = rowSource(db, family, frame);
  if (!source) return [];
  const keys = sql.raw(['bucket', 'br', ...CELL_KEY_COLUMNS].join(', '));
  const pending = family === 'orders' ? sql`, ${sql.join(STAGES.map((s) => sql`min(${sql.raw(`pend${s.toLowerCase()}`)}) as ${sql.raw(`pend${s.toLowerCase()}`)}`))}` : sql``;
  const { rows } = await sql<DayCellSums>`select ${keys}, ${SUMS[family]}${pending} from (${source}) src group by ${keys}`.execute(db);
  return rows;
}
