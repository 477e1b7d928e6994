import { describe, expect, it } from 'vitest';
import { shippedRegionIndex } from '../../server/regions/regionTable.js';
import { customerRegion, customerRegionChanges, isRefusal, RegionIndex, RegionTable, regionNeedsPick, shortRegionName } from '../../shared/domain/region.js';

const regions = shippedRegionIndex();

describe('the shipped region table (GB/T 2260)', () => {
  it('holds every province, city and district once, each inside its parent', () => {
    expect(RegionTable.safeParse({ edition: regions.edition, regions: [...regions.children(null)] }).success).toBe(true);
    expect(regions.children(null)).toHaveLength(34);
    expect(regions.size).toBeGreaterThan(3800);
    expect(regions.get('110000')?.name).toBe('北京市');
    expect(regions.get('110100')).toMatchObject({ name: '北京市', level: 'city', parentCode: '110000' });
    expect(regions.get('110108')).toMatchObject({ name: '海淀区', level: 'district', parentCode: '110100' });
    expect(regions.get('440300')).toMatchObject({ name: '深圳市', parentCode: '440000' });
  });
});

describe('region picker matching', () => {
  it('finds a district by the start of its name, the short name first', () => {
    expect(regions.match('海淀', 'district', '110100').map((r) => r.code)).toEqual(['110108']);
    expect(regions.match('朝阳', 'district', '110100').map((r) => r.name)).toEqual(['朝阳区']);
    // Without a parent, every 朝阳区 of the country: Beijing's and Changchun's.
    expect(regions.match('朝阳', 'district', null).map((r) => r.code)).toEqual(expect.arrayContaining(['110105', '220104']));
  });

  it('finds provinces by short name, prefix or code, exact matches first', () => {
    expect(regions.match('广', 'province', null).map((r) => r.name)).toEqual(['广东省', '广西壮族自治区']);
    expect(regions.match('内蒙古', 'province', null).map((r) => r.code)).toEqual(['150000']);
    expect(regions.match('44', 'province', null).map((r) => r.code)).toEqual(['440000']);
    expect(regions.match('深圳', 'city', '440000').map((r) => r.code)).toEqual(['440300']);
    // A name containing the text comes after names starting with it.
    const jiang = regions.match('江', 'province', null).map((r) => r.name);
    expect(jiang.slice(0, 2)).toEqual(['江苏省', '江西省']);
    expect(jiang).toContain('黑龙江省');
    expect(jiang.indexOf('黑龙江省')).toBeGreaterThan(1);
  });

  it('lists a parent\'s children for an empty query and nothing for text that names none', () => {
    expect(regions.match('', 'city', '110000').map((r) => r.code)).toEqual(['110100']);
    expect(regions.match('不存在', 'province', null)).toEqual([]);
  });
});

describe('free text to codes', () => {
  it('maps 北京 / 北京 to 110000 / 110100 and finds the district at the start of the address', () => {
    expect(regions.resolveNames('北京', '北京', '海淀区中关村大街27号')).toEqual({ provinceCode: '110000', cityCode: '110100', districtCode: '110108' });
    expect(regions.resolveNames('北京市', '北京市', '某路1号')).toEqual({ provinceCode: '110000', cityCode: '110100', districtCode: null });
    expect(regions.resolveNames('广东', '深圳', '南山区科技园')).toEqual({ provinceCode: '440000', cityCode: '440300', districtCode: '440305' });
    expect(regions.resolveNames('内蒙古自治区', '呼和浩特市')).toMatchObject({ provinceCode: '150000', cityCode: '150100' });
  });

  it('takes a district typed as the city to its city', () => {
    expect(regions.resolveNames('北京', '朝阳区')).toEqual({ provinceCode: '110000', cityCode: '110100', districtCode: '110105' });
  });

  it('keeps what it cannot place as null, so the agent is asked to pick', () => {
    const unknown = regions.resolveNames('火星', '北京');
    expect(unknown).toEqual({ provinceCode: null, cityCode: null, districtCode: null });
    expect(regionNeedsPick(unknown)).toBe(true);
    expect(regions.resolveNames('上海', '某某')).toEqual({ provinceCode: '310000', cityCode: null, districtCode: null });
    expect(regions.resolveNames('上海', '浦东')).toEqual({ provinceCode: '310000', cityCode: '310100', districtCode: '310115' });
    expect(regionNeedsPick({ cityCode: '110100' })).toBe(false);
  });

  it('checks that codes nest: a city in its province, a district in its city', () => {
    expect(regions.consistent({ provinceCode: '110000', cityCode: '110100', districtCode: '110108' })).toBe(true);
    expect(regions.consistent({ provinceCode: '440000', cityCode: '110100', districtCode: null })).toBe(false);
    expect(regions.consistent({ provinceCode: '110000', cityCode: '110100', districtCode: '440305' })).toBe(false);
    expect(regions.consistent({ provinceCode: '999999', cityCode: null, districtCode: null })).toBe(false);
    expect(regions.names({ provinceCode: '110000', cityCode: '110100', districtCode: '110108' })).toEqual({ province: '北京市', city: '北京市', district: '海淀区' });
  });

  it('short names drop the administrative suffix only', () => {
    expect(['广西壮族自治区', '北京市', '海淀区', '县', '新疆维吾尔自治区'].map(shortRegionName)).toEqual(['广西', '北京', '海淀', '县', '新疆']);
    expect(new RegionIndex('empty', []).resolveNames('北京', '北京')).toEqual({ provinceCode: null, cityCode: null, districtCode: null });
  });
});

describe('a customer\'s region (customerRegion, the rule seat and backend share)', () => {
  it('gives the table\'s names for picked codes and refuses codes that do not nest', () => {
    expect(customerRegion(regions, { provinceCode: '110000', cityCode: '110100', districtCode: '110108' })).toEqual({
      provinceCode: '110000', cityCode: '110100', districtCode: '110108', province: '北京市', city: '北京市',
    });
    expect(customerRegion(regions, { provinceCode: '110000', cityCode: '440300', districtCode: null })).toEqual({ code: 'region_unknown', field: 'cityCode', params: { code: '440300' } });
    expect(customerRegion(regions, { provinceCode: '110000', cityCode: '110100', districtCode: '440305' })).toMatchObject({ code: 'region_unknown', field: 'districtCode' });
    expect(customerRegion(regions, { provinceCode: '110000', cityCode: null })).toMatchObject({ code: 'region_required', field: 'cityCode' });
  });

  it('resolves names from older clients and keeps unknown text, codes null', () => {
    expect(customerRegion(regions, { province: '北京', city: '北京', address: '朝阳区建国路1号' })).toEqual({
      provinceCode: '110000', cityCode: '110100', districtCode: '110105', province: '北京市', city: '北京市',
    });
    expect(customerRegion(regions, { province: '火星', city: '奥林帕斯' })).toEqual({ provinceCode: null, cityCode: null, districtCode: null, province: '火星', city: '奥林帕斯' });
    expect(customerRegion(regions, { province: '', city: '北京' })).toMatchObject({ code: 'region_required' });
  });

  it('re-decides the region on an update that touches it, and only then', () => {
    const current = { provinceCode: null, cityCode: null, districtCode: null, province: '北京', city: '北京X', address: '海淀区1号' };
    expect(customerRegionChanges(regions, current, { address: '朝阳区2号' })).toBeNull();
    expect(customerRegionChanges(regions, current, { provinceCode: '110000', cityCode: '110100', districtCode: null })).toMatchObject({ cityCode: '110100', city: '北京市' });
    expect(customerRegionChanges(regions, current, { city: '北京' })).toMatchObject({ cityCode: '110100', districtCode: '110108' });
    expect(isRefusal(customerRegionChanges(regions, current, { cityCode: '440300' }))).toBe(true);
  });
});

describe('a region decided at the seat and pushed with its names', () => {
  it('is decided the same at the backend: free text stays free text, picked codes stay picked', () => {
    const current = { provinceCode: '110000', cityCode: '110100', districtCode: '110108', province: '北京市', city: '北京市', address: '海淀区1号' };
    const atSeat = customerRegionChanges(regions, current, { city: '天津' });
    expect(atSeat).toEqual({ provinceCode: '110000', cityCode: null, districtCode: null, province: '北京市', city: '天津' });
    expect(customerRegionChanges(regions, current, { city: '天津', ...(atSeat as object) })).toEqual(atSeat);
    const picked = customerRegionChanges(regions, current, { provinceCode: '440000', cityCode: '440300', districtCode: '440305' });
    expect(customerRegionChanges(regions, current, picked as Record<string, unknown>)).toEqual(picked);
    const created = customerRegion(regions, { province: '广东', city: '深圳', address: '南山区1号' });
    expect(customerRegion(regions, created as object)).toEqual(created);
  });
});
