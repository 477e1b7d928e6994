import { IdParam, PartsRequestList, PartsRequestListQuery, PartsRequestStatusChange } from '../../shared/api/rest.js';
import { PartsDecisionOutcome, PartsRequestSteps, RdcStockList, RdcStockQuery } from '../../shared/domain/partsDesk.js';
import { NewPartsRequest, PartsDecision, PartsRequest } from '../../shared/domain/partsRequest.js';
import { agentRoute } from '../http/route.js';
import { decidePartsRequest, listRdcStock, partsRequestSteps } from '../partsRequests/partsDesk.js';
import { changePartsRequestStatus, createPartsRequest, listPartsRequests, partsRequestDetail } from '../partsRequests/partsRequests.js';
import { itemWriteRoute, resourceRoutes } from './scopedRoutes.js';

const changePartsRequestStatusRoute = itemWriteRoute({
  url: '/parts-requests/:id/status',
  summary: "The branch's parts desk moves a decided request on: approved or planned → shipped → received (409 for any other step)",
  errors: [403, 404, 409],
  body: PartsRequestStatusChange,
  response: PartsRequest,
  write: async (db, caller, id, body) => {
    const changed = await changePartsRequestStatus(db, caller, id, body.status);
    return { answer: changed.row, changes: changed.changes };
  },
});

const decidePartsRequestRoute = itemWriteRoute({
  url: '/parts-requests/:id/decision',
  summary:
    "The branch's parts desk decides a requested part: reject (a reason is required), or approve: from the region's warehouse (RDC) when it holds enough " +
    "(stock reduced, shipment made: approved), else to headquarters' parts plan (planned). Once per request (409 after)",
  errors: [403, 404, 409],
  body: PartsDecision,
  response: PartsDecisionOutcome,
  write: decidePartsRequest,
});

const partsRequestStepsRoute = agentRoute({
  method: 'GET',
  url: '/parts-requests/:id/steps',
  summary: 'The steps of a parts request in the caller’s scope: the decision with its reason, then each status, by whom and when',
  errors: [403, 404],
  params: IdParam,
  response: PartsRequestSteps,
  handler: async ({ caller, params }, { db }) => ({ items: await partsRequestSteps(db, caller, params.id) }),
});

export const rdcStockRoute = agentRoute({
  method: 'GET',
  url: '/parts-stock',
  summary: "Parts on hand at the regional warehouses (RDC) by branch and part number: the caller's branch (parts desk, supervisor), every branch (headquarters)",
  errors: [403],
  query: RdcStockQuery,
  response: RdcStockList,
  handler: ({ caller, query }, { db }) => listRdcStock(db, caller, query),
});

export const partsRequestRoutes = resourceRoutes({
  url: '/parts-requests',
  list: {
    summary: "The spare-parts requests in the agent's scope, newest first; filter by orderId or status; page with cursor and limit",
    query: PartsRequestListQuery,
    response: PartsRequestList,
    list: listPartsRequests,
  },
  detail: { summary: 'One spare-parts request', response: PartsRequest, read: partsRequestDetail },
  create: {
    summary: "Request spare parts for an order of the agent's branch that is still being worked on (409 once it is completed or cancelled)",
    errors: [409],
    body: NewPartsRequest,
    response: PartsRequest,
    write: createPartsRequest,
  },
  item: [changePartsRequestStatusRoute, decidePartsRequestRoute, partsRequestStepsRoute],
});
