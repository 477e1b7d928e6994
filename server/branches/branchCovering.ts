import type { Branch } from '../../shared/domain/branch.js';

/**
 * The branch whose regions include the province. Regions are short names (广东, 内蒙古) and
 * addresses often carry the suffix (广东省, 内蒙古自治区), so a region matches as a prefix.
 */
export function branchCovering(branches: readonly Branch[], province: string): Branch | undefined {
  const name = province.trim();
  return branches.find((branch) => branch.regions.some((region) => name.startsWith(region)));
}
