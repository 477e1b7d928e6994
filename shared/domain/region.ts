import { z } from 'zod';
import { refusal, type Refusal } from './refusal.js';

/**
 * China's administrative divisions (GB/T 2260) as data: a six-digit code per province (PP0000),
 * prefecture-level city (PPCC00) and county-level district (PPCCDD). The backend ships the table
 * (server/regions/) and serves it at GET /regions; a seat keeps the copy it pulled in its cache, so
 * pickers, name lookups and region checks work offline (docs/architecture.md §6).
 */

export const RegionCode = z.string().regex(/^\d{6}$/, 'a region code is six digits (GB/T 2260)');
export type RegionCode = z.infer<typeof RegionCode>;

export const RegionLevel = z.enum(['province', 'city', 'district']);
export type RegionLevel = z.infer<typeof RegionLevel>;

export const Region = z.object({
  code: RegionCode,
  name: z.string().min(1),
  level: RegionLevel,
  /** The province of a city, the city of a district; null for a province. */
  parentCode: RegionCode.nullable(),
});
export type Region = z.infer<typeof Region>;

/** One edition of the table, as GET /regions serves it and a seat stores it. */
export const RegionTable = z.object({ edition: z.string().min(1), regions: z.array(Region) });
export type RegionTable = z.infer<typeof RegionTable>;

/** A customer's region: codes from the table; null where the agent has yet to pick (free text that matched nothing). */
export interface RegionCodes {
  provinceCode: string | null;
  cityCode: string | null;
  districtCode: string | null;
}

/** Suffixes people leave out (广东 for 广东省, 内蒙古 for 内蒙古自治区, 海淀 for 海淀区), longest first. */
const NAME_SUFFIXES = ['维吾尔自治区', '壮族自治区', '回族自治区', '特别行政区', '自治区', '自治州', '自治县', '地区', '新区', '省', '市', '区', '县', '盟', '旗'];

/** A name without its administrative suffix (广西壮族自治区 → 广西); a name that is only a suffix stays whole. */
export function shortRegionName(name: string): string {
  const trimmed = name.trim();
  for (const suffix of NAME_SUFFIXES) {
    if (trimmed.endsWith(suffix) && trimmed.length > suffix.length + 1) return trimmed.slice(0, -suffix.length);
  }
  return trimmed;
}

/** How well a region answers what was typed: lower is better; null when it does not. */
function matchRank(region: Region, query: string): number | null {
  if (region.name === query || shortRegionName(region.name) === query) return 0;
  if (region.name.startsWith(query)) return 1;
  if (/^\d+$/.test(query) && region.code.startsWith(query)) return 1;
  if (region.name.includes(query)) return 2;
  return null;
}

/** The table indexed for lookups: by code, by parent, and name matching for pickers and old free text. */
export class RegionIndex {
  private readonly byCode = new Map<string, Region>();
  private readonly byParent = new Map<string | null, Region[]>();

  constructor(
    readonly edition: string,
    regions: readonly Region[],
  ) {
    for (const region of regions) {
      this.byCode.set(region.code, region);
      const siblings = this.byParent.get(region.parentCode) ?? [];
      siblings.push(region);
      this.byParent.set(region.parentCode, siblings);
    }
    for (const siblings of this.byParent.values()) siblings.sort((a, b) => a.code.localeCompare(b.code));
  }

  static of(table: RegionTable): RegionIndex {
    return new RegionIndex(table.edition, table.regions);
  }

  get size(): number {
    return this.byCode.size;
  }

  /** Every region, by code. */
  all(): Region[] {
    return [...this.byCode.values()].sort((a, b) => a.code.localeCompare(b.code));
  }

  get(code: string | null): Region | undefined {
    return code === null ? undefined : this.byCode.get(code);
  }

  /** The provinces (parent null), or the cities of a province, or the districts of a city; by code. */
  children(parentCode: string | null): readonly Region[] {
    return this.byParent.get(parentCode) ?? [];
  }

  /**
   * The regions of one level under `parentCode` (any parent when null) that answer `query`: the
   * exact or short name first (海淀 → 海淀区), then name or code prefixes, then names containing it;
   * by code within each. An empty query lists them all.
   */
  match(query: string, level: RegionLevel, parentCode: string | null, limit = 20): Region[] {
    const typed = query.trim();
    const candidates = parentCode === null ? [...this.byCode.values()].filter((r) => r.level === level) : this.children(parentCode).filter((r) => r.level === level);
    if (typed === '') return candidates.slice(0, limit);
    return candidates
      .map((region) => ({ region, rank: matchRank(region, typed) }))
      .filter((m): m is { region: Region; rank: number } => m.rank !== null)
      .sort((a, b) => a.rank - b.rank || a.region.code.localeCompare(b.region.code))
      .slice(0, limit)
      .map((m) => m.region);
  }

  /** Whether the codes name regions of this table, each inside the one before (a city in its province, a district in its city). */
  consistent(codes: RegionCodes): boolean {
    const province = this.get(codes.provinceCode);
    const city = this.get(codes.cityCode);
    const district = this.get(codes.districtCode);
    if (codes.provinceCode !== null && province?.level !== 'province') return false;
    if (codes.cityCode !== null && (city?.level !== 'city' || city.parentCode !== codes.provinceCode)) return false;
    if (codes.districtCode !== null && (district?.level !== 'district' || district.parentCode !== codes.cityCode)) return false;
    return true;
  }

  /**
   * The codes that free text names (a customer's province and city as typed before regions were
   * data, e.g. 北京 / 北京 → 110000 / 110100; the district from the start of the address, 海淀区…).
   * What matches nothing, or more than one region, stays null: the agent is asked to pick.
   */
  resolveNames(province: string, city: string, address = ''): RegionCodes {
    const codes: RegionCodes = { provinceCode: null, cityCode: null, districtCode: null };
    const provinceRegion = this.uniqueByName(this.children(null), province);
    if (!provinceRegion) return codes;
    codes.provinceCode = provinceRegion.code;
    const cities = this.children(provinceRegion.code);
    let cityRegion = this.uniqueByName(cities, city);
    if (!cityRegion) {
      // A district typed as the city (北京 / 朝阳区): its city is the one.
      const districts = cities.flatMap((c) => this.children(c.code));
      const district = this.uniqueByName(districts, city);
      if (!district) return codes;
      cityRegion = this.get(district.parentCode);
      codes.districtCode = district.code;
    }
    if (!cityRegion) return codes;
    codes.cityCode = cityRegion.code;
    if (codes.districtCode === null) {
      const rest = address.trim();
      const named = this.children(cityRegion.code).filter((d) => rest.startsWith(d.name));
      if (named.length === 1) codes.districtCode = named[0]!.code;
    }
    return codes;
  }

  /** The names of the regions the codes name, for display (a code this table lacks gives null). */
  names(codes: RegionCodes): { province: string | null; city: string | null; district: string | null } {
    return { province: this.get(codes.provinceCode)?.name ?? null, city: this.get(codes.cityCode)?.name ?? null, district: this.get(codes.districtCode)?.name ?? null };
  }

  private uniqueByName(regions: readonly Region[], text: string): Region | undefined {
    const typed = text.trim();
    if (typed === '') return undefined;
    const exact = regions.filter((r) => r.name === typed || shortRegionName(r.name) === typed || shortRegionName(r.name) === shortRegionName(typed));
    return exact.length === 1 ? exact[0] : undefined;
  }
}

/** Whether a customer's region still has to be picked: free text that named no city of the table. */
export function regionNeedsPick(customer: Pick<RegionCodes, 'cityCode'>): boolean {
  return customer.cityCode === null;
}

/** A customer's region fields as stored: codes, and the names shown for them. */
export interface CustomerRegion extends RegionCodes {
  province: string;
  city: string;
}

/** A region as a form or an API client gives it: codes picked from the table, or (older clients, REST) names. */
export interface GivenRegion {
  provinceCode?: string | null;
  cityCode?: string | null;
  districtCode?: string | null;
  province?: string;
  city?: string;
  address?: string;
}

const CODE_FIELDS = ['provinceCode', 'cityCode', 'districtCode'] as const;
const REGION_FIELDS: readonly string[] = [...CODE_FIELDS, 'province', 'city'];

/**
 * The one rule for a customer's region, at the seat (offline, with its copy of the table) and at
 * the backend: picked codes must name regions of the table, each inside the one before, and give
 * the names shown; names alone (an older seat's outbox, a REST client) are resolved to codes as the
 * migration of free text does, and kept as typed, codes null, when they name nothing. A region
 * this rule decided, given back with its names, is decided the same again (a seat pushes it so).
 */
export function customerRegion(index: RegionIndex, given: GivenRegion): CustomerRegion | Refusal {
  const namesGiven = given.province !== undefined || given.city !== undefined;
  const picked = (given.cityCode !== undefined && given.cityCode !== null) || (!namesGiven && CODE_FIELDS.some((field) => given[field] !== undefined));
  if (picked) {
    const codes: RegionCodes = { provinceCode: given.provinceCode ?? null, cityCode: given.cityCode ?? null, districtCode: given.districtCode ?? null };
    if (codes.provinceCode === null || codes.cityCode === null) return refusal('region_required', {}, codes.provinceCode === null ? 'provinceCode' : 'cityCode');
    if (!index.consistent(codes)) {
      // The first level that does not fit names the field.
      const field = !index.consistent({ ...codes, cityCode: null, districtCode: null }) ? 'provinceCode' : !index.consistent({ ...codes, districtCode: null }) ? 'cityCode' : 'districtCode';
      return refusal('region_unknown', { code: codes[field] ?? '' }, field);
    }
    const names = index.names(codes);
    return { ...codes, province: names.province!, city: names.city! };
  }
  const province = given.province?.trim() ?? '';
  const city = given.city?.trim() ?? '';
  if (province === '' || city === '') return refusal('region_required', {}, province === '' ? 'provinceCode' : 'cityCode');
  const codes = index.resolveNames(province, city, given.address);
  const names = index.names(codes);
  return { ...codes, province: names.province ?? province, city: names.city ?? city };
}

/**
 * The region fields an update changes, decided by the same rule from the row as it would be:
 * nothing when the update touches no region field.
 */
export function customerRegionChanges(index: RegionIndex, current: CustomerRegion & { address: string }, changes: Readonly<Record<string, unknown>>): CustomerRegion | Refusal | null {
  if (!REGION_FIELDS.some((field) => changes[field] !== undefined)) return null;
  const merged = { ...current, ...changes } as CustomerRegion & { address: string };
  const touchedCodes = CODE_FIELDS.some((field) => changes[field] !== undefined);
  const touchedNames = changes.province !== undefined || changes.city !== undefined;
  const codes = { provinceCode: merged.provinceCode, cityCode: merged.cityCode, districtCode: merged.districtCode };
  const names = { province: merged.province, city: merged.city, address: merged.address };
  return customerRegion(index, { ...(touchedCodes ? codes : {}), ...(touchedNames || !touchedCodes ? names : {}) });
}

/** Whether a value is a refusal rather than a region. */
export function isRefusal(value: CustomerRegion | Refusal | null): value is Refusal {
  return value !== null && 'code' in value;
}
