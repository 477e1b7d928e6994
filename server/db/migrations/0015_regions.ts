import { sql, type Kysely, type Migration } from 'kysely';
import type { RegionIndex } from '../../../shared/domain/region.js';
import { shippedRegionIndex } from '../../regions/regionTable.js';

/**
 * Regions as data (shared/domain/region.ts): customers get their region as GB/T 2260 codes beside
 * the names, outlets serve region codes instead of names, and a customer may carry the reason an
 * agent gave for a second customer with the same phone (shared/domain/customerPhone.ts).
 *
 * Existing free text is mapped with the table this backend ships (北京 / 北京 → 110000 / 110100, the
 * district from the start of the address); what names nothing keeps its text and null codes, and
 * the seats ask the agent to pick. Every row the mapping changed gets a new version and a
 * change-log entry, so seats pull it like any other change.
 */
export const regions: Migration = {
  async up(db: Kysely<unknown>) {
    for (const column of ['province_code', 'city_code', 'district_code', 'same_phone_reason']) {
      await db.schema.alterTable('customers').addColumn(column, 'text').execute();
    }
    await db.schema.alterTable('outlets').addColumn('region_codes', 'text', (c) => c.notNull().defaultTo('[]')).execute();
    const index = shippedRegionIndex();
    const changedCustomers = await mapCustomerRegions(db, index);
    const changedOutlets = await mapOutletRegions(db, index);
    await db.schema.alterTable('outlets').dropColumn('provinces').execute();
    await db.schema.alterTable('outlets').dropColumn('cities').execute();
    await logChanges(db, 'customer', 'customers', changedCustomers, ['province', 'city', 'provinceCode', 'cityCode', 'districtCode']);
    await logChanges(db, 'outlet', 'outlets', changedOutlets, ['regionCodes']);
  },
};

/** Maps each distinct (province, city) once, then districts by address prefix within each mapped city. */
async function mapCustomerRegions(db: Kysely<unknown>, index: RegionIndex): Promise<string[]> {
  const pairs = (await sql<{ province: string; city: string }>`select distinct province, city from customers`.execute(db)).rows;
  for (const { province, city } of pairs) {
    const codes = index.resolveNames(province, city);
    if (codes.provinceCode === null) continue;
    const names = index.names(codes);
    await sql`update customers set province_code = ${codes.provinceCode}, city_code = ${codes.cityCode}, district_code = ${codes.districtCode},
      province = ${names.province}, city = ${names.city ?? city} where province = ${province} and city = ${city}`.execute(db);
    if (codes.cityCode === null || codes.districtCode !== null) continue;
    // Longer names first, so 市中区 is not taken for a 市中… that is another district.
    const districts = [...index.children(codes.cityCode)].sort((a, b) => b.name.length - a.name.length);
    for (const district of districts) {
      await sql`update customers set district_code = ${district.code}
        where city_code = ${codes.cityCode} and district_code is null and address like ${`${district.name}%`}`.execute(db);
    }
  }
  const changed = await sql<{ id: string }>`select id from customers where province_code is not null order by id`.execute(db);
  return changed.rows.map((r) => r.id);
}

/** An outlet's provinces (by name) and cities (by name, anywhere in the country when unique) as codes. */
async function mapOutletRegions(db: Kysely<unknown>, index: RegionIndex): Promise<string[]> {
  const outlets = (await sql<{ id: string; provinces: string; cities: string }>`select id, provinces, cities from outlets order by id`.execute(db)).rows;
  const changed: string[] = [];
  for (const outlet of outlets) {
    const provinceCodes = (JSON.parse(outlet.provinces) as string[]).map((name) => index.resolveNames(name, '').provinceCode);
    const cityCodes = (JSON.parse(outlet.cities) as string[]).map((name) => {
      const named = index.match(name, 'city', null).filter((r) => r.name === name);
      return named.length === 1 ? named[0]!.code : null;
    });
    const codes = [...new Set([...provinceCodes, ...cityCodes].filter((code) => code !== null))];
    if (codes.length === 0) continue;
    await sql`update outlets set region_codes = ${JSON.stringify(codes)} where id = ${outlet.id}`.execute(db);
    changed.push(outlet.id);
  }
  return changed;
}

/** New versions and change-log entries for the rows the mapping changed (seqs from change_log_head, as every writer takes them). */
async function logChanges(db: Kysely<unknown>, entity: string, table: 'customers' | 'outlets', ids: readonly string[], fields: readonly string[]): Promise<void> {
  const BATCH = 500;
  const fieldsJson = JSON.stringify(fields);
  for (let start = 0; start < ids.length; start += BATCH) {
    const batch = ids.slice(start, start + BATCH);
    const head = await sql<{ seq: number | string }>`update change_log_head set seq = seq + ${batch.length} where id = 1 returning seq`.execute(db);
    const last = Number(head.rows[0]!.seq);
    const first = last - batch.length + 1;
    for (const [i, id] of batch.entries()) {
      await sql`update ${sql.table(table)} set version = ${first + i} where id = ${id}`.execute(db);
    }
    await sql`insert into change_log (seq, entity, entity_id, branch_id, fields)
      select v.seq, ${entity}, v.id, t.branch_id, ${fieldsJson}
      from (${sql.join(batch.map((id, i) => sql`select cast(${first + i} as bigint) as seq, cast(${id} as text) as id`), sql` union all `)}) v
      join ${sql.table(table)} t on t.id = v.id`.execute(db);
  }
}
