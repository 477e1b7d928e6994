import { RegionTableAnswer, RegionTableQuery } from '../../shared/api/rest.js';
import { agentRoute, JsonBody } from '../http/route.js';
import { shippedRegionTable } from '../regions/regionTable.js';

/** The whole table as sent, serialised once: it is the same for every agent until the backend is upgraded. */
let wholeTable: JsonBody<RegionTableAnswer> | undefined;

export const regionTableRoute = agentRoute({
  method: 'GET',
  url: '/regions',
  summary: 'The administrative division code table (GB/T 2260: provinces, cities, districts) this backend ships; regions null when ?edition= is already this one',
  query: RegionTableQuery,
  contentType: 'application/json',
  response: RegionTableAnswer,
  handler: async ({ query }) => {
    const table = shippedRegionTable();
    if (query.edition === table.edition) return { edition: table.edition, regions: null };
    wholeTable ??= new JsonBody(Buffer.from(JSON.stringify({ edition: table.edition, regions: table.regions })));
    return wholeTable;
  },
});
