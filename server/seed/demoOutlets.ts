import type { Branch } from '../../shared/domain/branch.js';
import type { Outlet } from '../../shared/domain/outlet.js';
import type { ProductCategory } from '../../shared/domain/product.js';
import { branchCovering } from '../branches/branchCovering.js';
import { DEMO_CITIES } from './demoGeography.js';
import type { SeededRandom } from './random.js';

const LARGE_APPLIANCES: readonly ProductCategory[] = ['air_conditioner', 'refrigerator', 'washing_machine', 'tv'];
const SMALL_APPLIANCES: readonly ProductCategory[] = ['microwave', 'kitchen', 'small_appliance'];
/** Open orders each kind of outlet can work on at once (its capacity): city stations, small-appliance stations, the branch's service centre. */
const CAPACITY = { station: 30, smallAppliances: 15, serviceCentre: 60 } as const;
/** Cities per branch with an outlet of their own; the rest of the branch is served province-wide. */
const CITIES_WITH_OUTLETS = 3;

/**
 * A handful of authorised outlets per branch: large-appliance outlets in its three biggest demo
 * cities, a small-appliance outlet in the first, and a service centre covering all its provinces
 * for every category — so every demo customer has somewhere to be dispatched to.
 */
export function demoOutlets(branches: readonly Branch[], random: SeededRandom): Outlet[] {
  const outlets: Outlet[] = [];
  // The capacity is no random draw: the outlets' ids and loads stay what they were before it.
  const make = (branch: Branch, name: string, serves: Pick<Outlet, 'regionCodes' | 'categories'>, capacity: number): void => {
    outlets.push({ id: random.uuid(), version: 0, deleted: false, branchId: branch.id, name, ...serves, load: random.int(0, 20), capacity });
  };
  for (const branch of branches) {
    const cities = DEMO_CITIES.filter((c) => branchCovering(branches, c.province)?.id === branch.id);
    const biggest = [...cities].sort((a, b) => b.weight - a.weight).slice(0, CITIES_WITH_OUTLETS);
    for (const city of biggest) {
      make(branch, `${city.city.replace(/市$/, '')}家电服务站`, { regionCodes: [city.cityCode], categories: [...LARGE_APPLIANCES] }, CAPACITY.station);
    }
    const [first] = biggest;
    if (first) make(branch, `${first.city.replace(/市$/, '')}小家电服务站`, { regionCodes: [first.cityCode], categories: [...SMALL_APPLIANCES] }, CAPACITY.smallAppliances);
    const provinceCodes = [...new Set(cities.map((c) => `${c.cityCode.slice(0, 2)}0000`))];
    make(branch, `${branch.name}直属服务中心`, { regionCodes: provinceCodes, categories: [...LARGE_APPLIANCES, ...SMALL_APPLIANCES] }, CAPACITY.serviceCentre);
  }
  return outlets;
}
