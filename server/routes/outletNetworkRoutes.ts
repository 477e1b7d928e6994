import { ROLE_DUTIES } from '../../shared/domain/roles.js';
import {
  OutletCapacityPage,
  OutletCapacityQuery,
  OutletGapPage,
  OutletGapQuery,
  OutletVolumePage,
  OutletVolumeQuery,
} from '../../shared/domain/outletNetwork.js';
import type { Agent } from '../../shared/domain/branch.js';
import { ApiFailure } from '../http/apiFailure.js';
import { agentRoute } from '../http/route.js';
import { outletCapacity, outletGaps, outletVolume } from '../outletNetwork/outletNetwork.js';

/** Headquarters alone reads the outlet network (shared/domain/roles.ts `plansOutletNetwork`); 403 for everyone else. */
function headquartersOnly(caller: Agent): void {
  if (!ROLE_DUTIES[caller.role].plansOutletNetwork) throw new ApiFailure(403, 'forbidden', 'only headquarters reads the outlet network');
}

export const outletNetworkRoutes = [
  agentRoute({
    method: 'GET',
    url: '/outlet-network/volume',
    summary:
      'Service orders made per month (hotline time, UTC+8) across every branch, by region (customer province) and product line, by outlet, or by technician; at most 24 months, keyset pages. Headquarters only',
    errors: [403],
    query: OutletVolumeQuery,
    response: OutletVolumePage,
    handler: ({ caller, query }, { db }) => {
      headquartersOnly(caller);
      return outletVolume(db, query, new Date());
    },
  }),
  agentRoute({
    method: 'GET',
    url: '/outlet-network/capacity',
    summary: "Every outlet's load (orders it works on now) against its planned capacity, fullest first. Headquarters only",
    errors: [403],
    query: OutletCapacityQuery,
    response: OutletCapacityPage,
    handler: ({ caller, query }, { db }) => {
      headquartersOnly(caller);
      return outletCapacity(db, query, new Date());
    },
  }),
  agentRoute({
    method: 'GET',
    url: '/outlet-network/gaps',
    summary: 'Regions (province, city) whose customers own products of a category no outlet in service is authorised for (the dispatch rule), most products first. Headquarters only',
    errors: [403],
    query: OutletGapQuery,
    response: OutletGapPage,
    handler: ({ caller, query }, { db }) => {
      headquartersOnly(caller);
      return outletGaps(db, query, new Date());
    },
  }),
];
