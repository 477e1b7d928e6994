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

type Family = 'calls' | 'orders' | 'satisfaction' | 'parts' | 'complaints';
const FAMILIES: readonly Family[] = ['calls', 'orders', 'satisfaction', 'parts', 'complaints'];
const STAGES: readonly SlaStage[] = ['dispatch', 'accept', 'onSite', 'complete'];

/** What every source is cut to: the range (UTC instants), the groups, the branches, the moment "overdue" is judged at. */
interface Frame {
  period: KpiPeriod;
  by: KpiDimension;
  fromAt: string;
  toAt: string;
  scope: FiguresScope;
  now: string;
  /** One group only (the drill-down): filtered where the rows are read, below the fenced subqueries. */
  key?: string;
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

/** The group key is present, and the frame's one group if it names one. */
function inGroup(key: string, frame: Frame): RawBuilder<unknown> {
  return frame.key === undefined ? sql`${sql.raw(key)} is not null` : sql`${sql.raw(key)} = ${frame.key}`;
}

function inRange(column: string | RawBuilder<unknown>, frame: Frame): RawBuilder<unknown> {
  const at = typeof column === 'string' ? sql.raw(column) : column;
  return sql`${at} >= ${frame.fromAt} and ${at} < ${frame.toAt}`;
}

const flag = (condition: RawBuilder<unknown>) => sql`case when ${condition} then 1 else 0 end`;

/**
 * What an order's group needs beyond the order: the customer (region: their province), the product
 * (category). Joined only then: every order has its customer (a foreign key), so leaving the join
 * out changes no row, and each join costs a lookup per order on a branch's year of orders.
 */
function groupJoins(by: KpiDimension): RawBuilder<unknown> {
  if (by === 'region') return sql`join customers c on c.id = o.customer_id`;
  if (by === 'category') return sql`left join products p on p.id = o.product_id`;
  return sql``;
}

/** One row per record of the family in the frame; null when the family has no such groups (calls by outlet). */
function rowSource(db: Kysely<ServerSchema>, family: Family, frame: Frame): RawBuilder<unknown> | null {
  const d = kpiDialectOf(db);
  const key = groupKey(family, frame.by);
  if (key === null) return null;
  const groupOf = (at: string | RawBuilder<unknown>) => sql`${d.periodOf(frame.period, typeof at === 'string' ? sql.raw(at) : at)} as bucket, ${sql.raw(key)} as grp`;
  const notDeleted = (alias: string) => sql`${sql.raw(`${alias}.deleted`)} = ${0}`;
  const orderJoins = sql`join service_orders o on o.id = src_row.order_id ${groupJoins(frame.by)}`;
  switch (family) {
    case 'calls': {
      const answered = sql`i.disposition in (${sql.join(WRAP_UP_DISPOSITIONS)})`;
      return sql`select ${groupOf('i.started_at')}, null as orderid,
          ${flag(answered)} as answered,
          ${flag(sql`i.direction = 'inbound' and not ${answered}`)} as missed,
          case when ${answered} then i.talk_seconds + i.wrap_up_seconds else 0 end as handle
        from interactions i ${frame.by === 'region' ? sql`left join customers c on c.id = i.customer_id` : sql``}
        where ${notDeleted('i')} and i.channel = 'phone' and ${inRange('i.started_at', frame)} and ${inScope('i.branch_id', frame.scope)} and ${inGroup(key, frame)}`;
    }
    case 'orders':
      return ordersSource(frame, d, key);
    case 'complaints':
      return sql`select ${groupOf('k.received_at')}, k.order_id as orderid
        from complaints k join customers c on c.id = k.customer_id left join service_orders o on o.id = k.order_id left join products p on p.id = o.product_id
        where ${notDeleted('k')} and ${inRange('k.received_at', frame)} and ${inScope('k.branch_id', frame.scope)} and ${sql.raw(key)} is not null`;
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
function ordersSource(frame: Frame, d: KpiDialect, key: string): RawBuilder<unknown> {
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
    return sql`${flag(sql`${doneAt} is not null and not ${late}`)} as ${sql.raw(`${stage.toLowerCase()}met`)},
      case when ${doneAt} is not null then ${flag(late)} else ${flag(overdueNow)} end as ${sql.raw(`${stage.toLowerCase()}missed`)}`;
  });
  const secondOrder = sql`exists (select 1 from service_orders o2 where o2.product_id = o.product_id and o2.id <> o.id and o2.deleted = ${0}
    and o2.created_at > o.created_at and ${d.elapsedMs(sql`o.created_at`, sql`o2.created_at`)} <= ${windowMs})`;
  const callBack = sql`exists (select 1 from interactions i where i.customer_id = o.customer_id and i.deleted = ${0}
    and i.disposition in (${sql.join(WRAP_UP_DISPOSITIONS)}) and i.started_at > o.created_at and ${d.elapsedMs(sql`o.created_at`, sql`i.started_at`)} <= ${windowMs})`;
  return sql`select stage.bucket, stage.grp, stage.orderid, stage.fcrorders, stage.fcrresolved, ${sql.join(stageColumns)}
    from (select ${d.periodOf(frame.period, sql`o.created_at`)} as bucket, ${sql.raw(key)} as grp, o.id as orderid, o.status as status,
        ${flag(sql`o.product_id is not null`)} as fcrorders,
        ${flag(sql`o.product_id is not null and not ${secondOrder} and not ${callBack}`)} as fcrresolved,
        ${sql.join(STAGES.map((stage) => sql`${done[stage]} as ${sql.raw(`${stage}_done`)}, ${startedBy[stage]} as ${sql.raw(`${stage}_start`)}`))}
      from service_orders o ${groupJoins(frame.by)}
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

function addSums(row: KpiRow, family: Family, sums: Sums): void {
  switch (family) {
    case 'calls':
      row.calls = { answered: n(sums.answered), missed: n(sums.missed), handleSeconds: n(sums.handle) };
      return;
    case 'orders':
      row.firstContact = { orders: n(sums.fcrorders), resolved: n(sums.fcrresolved) };
      row.complaints = { ...row.complaints, orders: n(sums.made) };
      for (const stage of STAGES) row.sla[stage] = { met: n(sums[`${stage.toLowerCase()}met`]), missed: n(sums[`${stage.toLowerCase()}missed`]) };
      return;
    case 'satisfaction':
      row.satisfaction = { rated: n(sums.rated), scoreSum: n(sums.scoresum), byScore: [n(sums.score1), n(sums.score2), n(sums.score3), n(sums.score4), n(sums.score5)] };
      return;
    case 'parts':
      row.parts = { received: n(sums.received), cycleSeconds: n(sums.cycle) };
      return;
    case 'complaints':
      row.complaints = { ...row.complaints, received: n(sums.received) };
  }
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
 * One page of figures, (period, group) in order. Each family hands its first `limit + 1` groups
 * after the cursor; the page is the first `limit` of their union, so no group is missed or repeated.
 */
export function figuresPage(db: Kysely<ServerSchema>, scope: FiguresScope, request: FiguresRequest, now: Date): Promise<KpiPage> {
  return kpiDialectOf(db).figuresRun(db, (run) => figuresPageIn(run, scope, request, now));
}

async function figuresPageIn(db: Kysely<ServerSchema>, scope: FiguresScope, request: FiguresRequest, now: Date): Promise<KpiPage> {
  const frame: Frame = {
    period: request.period,
    by: request.by,
    fromAt: hotlineDayStartsAt(request.from),
    toAt: hotlineDayStartsAt(new Date(Date.parse(`${request.to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)),
    scope,
    now: now.toISOString(),
  };
  const after = request.cursor ? positionOf(request.cursor) : null;
  const callsApply = groupKey('calls', request.by) !== null;
  const groups = new Map<string, KpiRow>();
  for (const family of FAMILIES) {
    for (const sums of await familyPage(db, family, frame, after, request.limit + 1)) {
      const id = JSON.stringify([sums.bucket, sums.grp]);
      const row = groups.get(id) ?? emptyRow(sums.bucket, String(sums.grp), callsApply);
      addSums(row, family, sums);
      groups.set(id, row);
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
    fromAt: hotlineDayStartsAt(request.start),
    toAt: hotlineDayStartsAt(periodEnd(request.period, request.start)),
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
