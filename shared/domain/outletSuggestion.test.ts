import { describe, expect, it } from 'vitest';
import type { Outlet } from './outlet.js';
import { suggestOutlets } from './outletSuggestion.js';

let idSeq = 0;
function outlet(name: string, serves: Partial<Pick<Outlet, 'regionCodes' | 'categories' | 'load' | 'deleted'>>): Outlet {
  idSeq += 1;
  return {
    id: `00000000-0000-4000-8000-${String(idSeq).padStart(12, '0')}`,
    version: idSeq,
    capacity: null,
    deleted: false,
    branchId: '11111111-1111-4111-8111-111111111111',
    name,
    regionCodes: [],
    categories: ['air_conditioner'],
    load: 0,
    ...serves,
  };
}

/** 河北省 130000, 保定市 130600, its 竞秀区 130602; 石家庄市 130100; 山东省 370000. */
const baoding = { name: '王芳', city: '保定市', provinceCode: '130000', cityCode: '130600', districtCode: '130602' };

describe('suggestOutlets', () => {
  it("keeps outlets serving the customer's city or province and the category", () => {
    const outlets = [
      outlet('保定空调站', { regionCodes: ['130600'] }),
      outlet('河北全省站', { regionCodes: ['130000'] }),
      outlet('石家庄站', { regionCodes: ['130100'] }),
      outlet('山东站', { regionCodes: ['370000'] }),
      outlet('保定冰箱站', { regionCodes: ['130600'], categories: ['refrigerator'] }),
      outlet('已撤销站', { regionCodes: ['130600'], deleted: true }),
    ];
    expect(suggestOutlets(baoding, 'air_conditioner', outlets).map((o) => o.name)).toEqual(['保定空调站', '河北全省站']);
    expect(suggestOutlets(baoding, 'refrigerator', outlets).map((o) => o.name)).toEqual(['保定冰箱站']);
    expect(suggestOutlets(baoding, 'tv', outlets)).toEqual([]);
  });

  it('puts outlets in the city before province-wide ones, then the least loaded first', () => {
    const outlets = [
      outlet('省站甲', { regionCodes: ['130000'], load: 1 }),
      outlet('市站忙', { regionCodes: ['130600'], load: 9 }),
      outlet('市站闲', { regionCodes: ['130600'], load: 2 }),
      outlet('省站乙', { regionCodes: ['130000'], load: 0 }),
    ];
    expect(suggestOutlets(baoding, 'air_conditioner', outlets).map((o) => o.name)).toEqual(['市站闲', '市站忙', '省站乙', '省站甲']);
  });

  it('puts an outlet naming the district before the city\'s, and matches by code, not by name', () => {
    const outlets = [outlet('市站', { regionCodes: ['130600'] }), outlet('竞秀区站', { regionCodes: ['130602'], load: 9 }), outlet('莲池区站', { regionCodes: ['130606'] })];
    expect(suggestOutlets(baoding, 'air_conditioner', outlets).map((o) => o.name)).toEqual(['竞秀区站', '市站']);
    // Bug 5: a customer saved as 北京 / 北京 had no outlet, the outlets naming 北京市; by code the names no longer matter.
    const beijing = { name: '张伟', city: '北京', provinceCode: '110000', cityCode: '110100', districtCode: null };
    expect(suggestOutlets(beijing, 'air_conditioner', [outlet('北京家电服务站', { regionCodes: ['110100'] })]).map((o) => o.name)).toEqual(['北京家电服务站']);
    // A region never picked (free text that named nothing) matches no outlet.
    expect(suggestOutlets({ ...baoding, provinceCode: null, cityCode: null, districtCode: null }, 'air_conditioner', outlets)).toEqual([]);
  });

  it('does not reorder the list it was given', () => {
    const outlets = [outlet('乙', { regionCodes: ['130600'], load: 5 }), outlet('甲', { regionCodes: ['130600'], load: 1 })];
    suggestOutlets(baoding, 'air_conditioner', outlets);
    expect(outlets.map((o) => o.name)).toEqual(['乙', '甲']);
  });
});
