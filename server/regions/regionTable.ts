import { RegionIndex, type Region, type RegionLevel, type RegionTable } from '../../shared/domain/region.js';
import { REGION_TABLE_SOURCE } from './regionTableData.js';

/**
 * The edition of the administrative division codes this backend ships (regionTableData.ts, made
 * by scripts/generateRegionTable.ts): served at GET /regions, used by the customer rules and the
 * migration of free-text regions. A code's parent follows from the code (GB/T 2260): a city
 * PPCC00 lies in PP0000, a district PPCCDD in PPCC00.
 */
function parse(list: string, level: RegionLevel): Region[] {
  return list.split('|').map((entry) => {
    const code = entry.slice(0, 6);
    const parentCode = level === 'province' ? null : level === 'city' ? `${code.slice(0, 2)}0000` : `${code.slice(0, 4)}00`;
    return { code, name: entry.slice(6), level, parentCode };
  });
}

let table: RegionTable | undefined;
let index: RegionIndex | undefined;

export function shippedRegionTable(): RegionTable {
  table ??= {
    edition: REGION_TABLE_SOURCE.edition,
    regions: [...parse(REGION_TABLE_SOURCE.provinces, 'province'), ...parse(REGION_TABLE_SOURCE.cities, 'city'), ...parse(REGION_TABLE_SOURCE.districts, 'district')],
  };
  return table;
}

export function shippedRegionIndex(): RegionIndex {
  index ??= RegionIndex.of(shippedRegionTable());
  return index;
}
