import { describe, expect, it } from 'vitest';
import type { Outlet } from './outlet.js';
import { suggestOutlets } from './outletSuggestion.js';

let idSeq = 0;
function outlet(name: string, serves: Partial<Pick<Outlet, 'provinces' | 'cities' | 'categories' | 'load' | 'deleted'>>): Outlet {
  idSeq += 1;
  return {
    id: `00000000-0000-4000-8000-${String(idSeq).padStart(12, '0')}`,
    version: idSeq,
    deleted: false,
    branchId: '11111111-1111-4111-8111-111111111111',
    name,
    provinces: [],
    cities: [],
    categories: ['air_conditioner'],
    load: 0,
    ...serves,
  };
}

const baoding = { province: '河北省', city: '保定市' };

describe('suggestOutlets', () => {
  it("keeps outlets serving the customer's city or province and the category", () => {
    const outlets = [
      outlet('保定空调站', { cities: ['保定市'] }),
      outlet('河北全省站', { provinces: ['河北省'] }),
      outlet('石家庄站', { cities: ['石家庄市'] }),
      outlet('山东站', { provinces: ['山东省'] }),
      outlet('保定冰箱站', { cities: ['保定市'], categories: ['refrigerator'] }),
      outlet('已撤销站', { cities: ['保定市'], deleted: true }),
    ];
    expect(suggestOutlets(baoding, 'air_conditioner', outlets).map((o) => o.name)).toEqual(['保定空调站', '河北全省站']);
    expect(suggestOutlets(baoding, 'refrigerator', outlets).map((o) => o.name)).toEqual(['保定冰箱站']);
    expect(suggestOutlets(baoding, 'tv', outlets)).toEqual([]);
  });

  it('puts outlets in the city before province-wide ones, then the least loaded first', () => {
    const outlets = [
      outlet('省站甲', { provinces: ['河北省'], load: 1 }),
      outlet('市站忙', { cities: ['保定市'], load: 9 }),
      outlet('市站闲', { cities: ['保定市'], load: 2 }),
      outlet('省站乙', { provinces: ['河北省'], load: 0 }),
    ];
    expect(suggestOutlets(baoding, 'air_conditioner', outlets).map((o) => o.name)).toEqual(['市站闲', '市站忙', '省站乙', '省站甲']);
  });

  it('does not reorder the list it was given', () => {
    const outlets = [outlet('乙', { cities: ['保定市'], load: 5 }), outlet('甲', { cities: ['保定市'], load: 1 })];
    suggestOutlets(baoding, 'air_conditioner', outlets);
    expect(outlets.map((o) => o.name)).toEqual(['乙', '甲']);
  });
});
