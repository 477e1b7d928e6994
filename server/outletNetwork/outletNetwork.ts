import { sql, type Kysely } from 'kysely';
import { hotlineDayStartsAt } from '../../shared/domain/kpis.js';
import { outletServes } from '../../shared/domain/orderDispatch.js';
import {
  monthBounds,
  type OutletCapacityPage,
  type OutletGapPage,
  type OutletGapRow,
  type OutletVolumePage,
  type OutletVolumeRow,
  type OutletVolumeView,
} from '../../shared/domain/outletNetwork.js';
import type { ProductCategory } from '../../shared/domain/product.js';
import type { ServerSchema } from '../db/schema.js';
import { outletFromRecord } from '../db/syncedRecords.js';
import { ApiFailure } from '../http/apiFailure.js';
import { decodePageCursor, encodePageCursor } from '../http/pageCursor.js';
import { kpiDialectOf } from '../kpis/kpiSql.js';
import { shippedRegionIndex } from '../regions/regionTable.js';

/**
 * Headquarters' outlet network (shared/domain/outletNetwork.ts) as SQL, the same on SQLite and
 * PostgreSQL: every branch (the route lets headquarters alone in), keyset pages, bounded ranges.
 */

/** Separates the parts of a compound group key (never in a code, an id or a category). */
const SEP = '|';

interface VolumeRequest {
  by: OutletVolumeView;
  from: string;
  to: string;
  cursor?: string | undefined;
  limit: number;
}

/** Service orders made per month (hotline clock) by region and product line, by outlet, or by technician. */
export async function outletVolume(db: Kysely<ServerSchema>, request: VolumeRequest, now: Date): Promise<OutletVolumePage> {
  const d = kpiDialectOf(db);
  const technician = d.jsonText(sql.raw('o.completion'), 'technician');
  const group = {
    region: { key: sql`coalesce(c.province_code, '') || ${SEP} || coalesce(p.category, '')`, only: sql`1 = 1` },
    outlet: { key: sql`o.outlet_id`, only: sql`o.outlet_id is not null` },
    technician: { key: sql`coalesce(o.outlet_id, '') || ${SEP} || ${technician}`, only: sql`${technician} is not null` },
  }[request.by];
  const fromAt = hotlineDayStartsAt(monthBounds(request.from).first);
  const toAt = hotlineDayStartsAt(monthBounds(request.to).next);
  const after = request.cursor ? decodePageCursor(request.cursor) : null;
  const grp = d.bytewise(sql.raw('grp'));
  const afterWhere = after ? sql`where bucket > ${after.key} or (bucket = ${after.key} and ${grp} > ${after.id})` : sql``;
  const { rows } = await sql<{ bucket: string; grp: string; orders: unknown }>`select bucket, grp, count(*) as orders from (
      select ${d.periodOf('month', sql.raw('o.created_at'))} as bucket, ${group.key} as grp
      from service_orders o join customers c on c.id = o.customer_id left join products p on p.id = o.product_id
      where o.deleted = ${0} and o.created_at >= ${fromAt} and o.created_at < ${toAt} and ${group.only}
    ) src ${afterWhere} group by bucket, grp order by bucket, ${grp} limit ${request.limit + 1}`.execute(db);
  const page = rows.slice(0, request.limit);
  const outletIds = request.by === 'region' ? [] : [...new Set(page.map((r) => r.grp.split(SEP)[0]!).filter((id) => id !== ''))];
  const outletNames = new Map(outletIds.length === 0 ? [] : (await db.selectFrom('outlets').select(['id', 'name']).where('id', 'in', outletIds).execute()).map((o) => [o.id, o.name]));
  const regions = shippedRegionIndex();
  const items = page.map((r): OutletVolumeRow => {
    const row: OutletVolumeRow = { month: r.bucket, regionCode: null, regionName: null, category: null, outletId: null, outletName: null, technician: null, orders: Number(r.orders) };
    if (request.by === 'region') {
      const [code = '', category = ''] = r.grp.split(SEP);
      return { ...row, regionCode: code || null, regionName: code ? (regions.get(code)?.name ?? code) : null, category };
    }
    const [outletId = '', ...name] = r.grp.split(SEP);
    const outlet = outletId ? { outletId, outletName: outletNames.get(outletId) ?? outletId } : {};
    return { ...row, ...outlet, ...(request.by === 'technician' ? { technician: name.join(SEP) } : {}) };
  });
  const last = page.at(-1);
  return { items, nextCursor: rows.length > request.limit && last ? encodePageCursor({ key: last.bucket, id: last.grp }) : null, computedAt: now.toISOString() };
}

/** Each outlet's load against its capacity, fullest first (per mille of capacity; unplanned outlets last). */
export async function outletCapacity(db: Kysely<ServerSchema>, request: { cursor?: string | undefined; limit: number }, now: Date): Promise<OutletCapacityPage> {
  const d = kpiDialectOf(db);
  const permille = sql`case when o.capacity is null then -1 else (o.load * 1000) / o.capacity end`;
  const id = d.bytewise(sql.raw('o.id'));
  const after = request.cursor ? { key: positionOf(request.cursor, -1), id: decodePageCursor(request.cursor).id } : null;
  const afterWhere = after ? sql`and (${permille} < ${Number(after.key)} or (${permille} = ${Number(after.key)} and ${id} > ${after.id}))` : sql``;
  const { rows } = await sql<{ id: string; name: string; branchId: string; branchCode: string; branchName: string; categories: string; load: unknown; capacity: unknown; permille: unknown }>`
    select o.id, o.name, o.branch_id, b.code as branch_code, b.name as branch_name, o.categories, o.load, o.capacity, ${permille} as permille
    from outlets o join branches b on b.id = o.branch_id
    where o.deleted = ${0} ${afterWhere}
    order by permille desc, ${id} limit ${request.limit + 1}`.execute(db);
  const page = rows.slice(0, request.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      outletId: r.id,
      name: r.name,
      branchId: r.branchId,
      branchName: `${r.branchCode} ${r.branchName}`,
      categories: JSON.parse(r.categories) as string[],
      load: Number(r.load),
      capacity: r.capacity === null ? null : Number(r.capacity),
    })),
    nextCursor: rows.length > request.limit && last ? encodePageCursor({ key: String(Number(last.permille)), id: last.id }) : null,
    computedAt: now.toISOString(),
  };
}

/** A whole number a cursor of ours carries (at least `min`); 400 otherwise. */
function positionOf(cursor: string, min = 0): number {
  const value = Number(decodePageCursor(cursor).key);
  if (!Number.isInteger(value) || value < min) throw new ApiFailure(400, 'bad_input', 'invalid query: cursor: not a cursor this server handed out');
  return value;
}

/** How many (region, category) groups of the install base one answer looks at: every district of the country times every category is far below. */
const GAP_GROUPS_MAX = 50_000;

/**
 * Regions where customers own products of a category that no outlet in service is authorised for,
 * by the dispatch rule (`outletServes`): the install base grouped by district and category in SQL,
 * each group checked against the outlets, the uncovered ones summed per city; most products first.
 */
export async function outletGaps(db: Kysely<ServerSchema>, request: { cursor?: string | undefined; limit: number }, now: Date): Promise<OutletGapPage> {
  const { rows: groups } = await sql<{ provinceCode: string; cityCode: string | null; districtCode: string | null; category: string; products: unknown }>`
    select c.province_code, c.city_code, c.district_code, p.category, count(*) as products
    from products p join customers c on c.id = p.customer_id
    where p.deleted = ${0} and c.deleted = ${0} and c.province_code is not null
    group by c.province_code, c.city_code, c.district_code, p.category
    limit ${GAP_GROUPS_MAX}`.execute(db);
  const outlets = (await db.selectFrom('outlets').selectAll().where('deleted', '=', 0).execute()).map(outletFromRecord);
  const regions = shippedRegionIndex();
  const gaps = new Map<string, OutletGapRow>();
  for (const g of groups) {
    const customer = { name: '', city: '', provinceCode: g.provinceCode, cityCode: g.cityCode, districtCode: g.districtCode };
    if (outlets.some((o) => outletServes(o, customer, g.category as ProductCategory))) continue;
    const key = [g.provinceCode, g.cityCode ?? '', g.category].join(SEP);
    const gap = gaps.get(key) ?? {
      provinceCode: g.provinceCode,
      provinceName: regions.get(g.provinceCode)?.name ?? g.provinceCode,
      cityCode: g.cityCode,
      cityName: g.cityCode === null ? null : (regions.get(g.cityCode)?.name ?? g.cityCode),
      category: g.category,
      products: 0,
    };
    gap.products += Number(g.products);
    gaps.set(key, gap);
  }
  const ordered = [...gaps.entries()].sort(([ka, a], [kb, b]) => b.products - a.products || (ka < kb ? -1 : ka > kb ? 1 : 0));
  // The list is made whole for each page (it is bounded above): the cursor is the position reached.
  const start = request.cursor ? positionOf(request.cursor) : 0;
  const page = ordered.slice(start, start + request.limit).map(([, gap]) => gap);
  const end = start + page.length;
  return { items: page, nextCursor: end < ordered.length ? encodePageCursor({ key: String(end), id: 'gaps' }) : null, computedAt: now.toISOString() };
}
