import { randomUUID } from 'node:crypto';
import { Migrator, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { suggestOutlets } from '../../shared/domain/outletSuggestion.js';
import { regionNeedsPick } from '../../shared/domain/region.js';
import { migrateToLatest } from '../../server/db/migrate.js';
import { serverMigrations } from '../../server/db/migrations/index.js';
import { openServerDatabase } from '../../server/db/openServerDatabase.js';
import { syncedTables } from '../../server/db/syncedTables.js';
import { createTestDatabase, testEngines } from './support/testDatabase.js';

const at = '2026-11-01T08:00:00.000Z';

describe.each(testEngines())('migration 0015 (regions as data) on %s', (engine) => {
  it('maps free-text regions to codes, keeps and flags what names nothing, and logs every row it changed', async () => {
    const store = await createTestDatabase(engine);
    const database = openServerDatabase(store.url);
    try {
      const { db } = database;
      const migrator = new Migrator({ db, provider: { getMigrations: async () => serverMigrations(database.dialect) } });
      expect((await migrator.migrateTo('0013_login_throttle')).error).toBeUndefined();

      const branch = randomUUID();
      await sql`insert into branches (id, code, name, regions) values (${branch}, 'BJ01', '北京分公司', '["北京"]')`.execute(db);
      const customer = async (name: string, province: string, city: string, address: string) => {
        const id = randomUUID();
        await sql`insert into customers (id, version, deleted, branch_id, name, phone, alt_phone, vip_tier, province, city, address, created_at, updated_at)
          values (${id}, 1, false, ${branch}, ${name}, ${`+86138${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`}, null, 'none', ${province}, ${city}, ${address}, ${at}, ${at})`.execute(db);
        return id;
      };
      const beijing = await customer('张伟', '北京', '北京', '海淀区中关村大街27号');
      const beijingFull = await customer('李娜', '北京市', '北京市', '朝阳区建国路1号');
      const shenzhen = await customer('王强', '广东', '深圳', '南山区科技园');
      const unknown = await customer('赵敏', '火星', '奥林帕斯', '环形山1号');
      const outlet = async (name: string, provinces: string[], cities: string[]) => {
        const id = randomUUID();
        await sql`insert into outlets (id, version, deleted, branch_id, name, provinces, cities, categories, load)
          values (${id}, 2, false, ${branch}, ${name}, ${JSON.stringify(provinces)}, ${JSON.stringify(cities)}, '["air_conditioner"]', 0)`.execute(db);
        return id;
      };
      const beijingOutlet = await outlet('北京家电服务站', [], ['北京市']);
      const centre = await outlet('北京分公司直属服务中心', ['北京市', '河北省'], []);
      await sql`update change_log_head set seq = 10 where id = 1`.execute(db);

      expect((await migrateToLatest(database)).map((r) => r.migrationName)).toContain('0015_regions');

      const customers = new Map((await syncedTables.customer.load(db, [beijing, beijingFull, shenzhen, unknown])).map((c) => [c.id, c]));
      expect(customers.get(beijing)).toMatchObject({ province: '北京市', city: '北京市', provinceCode: '110000', cityCode: '110100', districtCode: '110108', samePhoneReason: null });
      expect(customers.get(beijingFull)).toMatchObject({ provinceCode: '110000', cityCode: '110100', districtCode: '110105' });
      expect(customers.get(shenzhen)).toMatchObject({ province: '广东省', city: '深圳市', provinceCode: '440000', cityCode: '440300', districtCode: '440305' });
      // Unknown text stays as typed, codes null: the seat asks the agent to pick.
      expect(customers.get(unknown)).toMatchObject({ province: '火星', city: '奥林帕斯', provinceCode: null, cityCode: null, version: 1 });
      expect(regionNeedsPick(customers.get(unknown)!)).toBe(true);

      const outlets = await syncedTables.outlet.load(db, [beijingOutlet, centre]);
      const codesOf = (id: string) => outlets.find((o) => o.id === id)?.regionCodes;
      expect(codesOf(beijingOutlet)).toEqual(['110100']);
      expect(codesOf(centre)).toEqual(['110000', '130000']);

      // Bug 5 on migrated data: the customer saved as 北京 / 北京 now gets Beijing's outlets, the city's first.
      expect(suggestOutlets(customers.get(beijing)!, 'air_conditioner', outlets).map((o) => o.id)).toEqual([beijingOutlet, centre]);
      expect(suggestOutlets(customers.get(unknown)!, 'air_conditioner', outlets)).toEqual([]);

      // Every changed row has a new version and a change-log entry after the head, so seats pull it.
      const log = (await sql<{ seq: number | string; entity: string; entityId: string; fields: string }>`select seq, entity, entity_id, fields from change_log order by seq`.execute(db)).rows;
      expect(log.map((e) => Number(e.seq))).toEqual([11, 12, 13, 14, 15]);
      expect(log.filter((e) => e.entity === 'customer').map((e) => e.entityId).sort()).toEqual([beijing, beijingFull, shenzhen].sort());
      expect(log.filter((e) => e.entity === 'outlet').map((e) => e.entityId).sort()).toEqual([beijingOutlet, centre].sort());
      for (const entry of log) {
        const row = entry.entity === 'customer' ? customers.get(entry.entityId) : outlets.find((o) => o.id === entry.entityId);
        expect(row?.version).toBe(Number(entry.seq));
      }
      expect(JSON.parse(log.find((e) => e.entityId === beijing)!.fields)).toEqual(['province', 'city', 'provinceCode', 'cityCode', 'districtCode']);
      const head = await sql<{ seq: number | string }>`select seq from change_log_head`.execute(db);
      expect(Number(head.rows[0]!.seq)).toBe(15);
    } finally {
      await database.close();
      await store.drop();
    }
  });
});
