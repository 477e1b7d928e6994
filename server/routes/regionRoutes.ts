import { RegionTableAnswer, RegionTableQuery } from '../../shared/api/rest.js';
import { agentRoute } from '../http/route.js';
import { shippedRegionTable } from '../regions/regionTable.js';

export const regionTableRoute = agentRoute({
  method: 'GET',
  url: '/regions',
  summary: 'The administrative division code table (GB/T 2260: provinces, cities, districts) this backend ships; regions null when ?edition= is already this one',
  query: RegionTableQuery,
  response: RegionTableAnswer,
  handler: async ({ query }) => {
    const table = shippedRegionTable();
    return { edition: table.edition, regions: query.edition === table.edition ? null : table.regions };
  },
});
