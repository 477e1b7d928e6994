import { IdParam, PartsRequestList, PartsRequestListQuery, PartsRequestStatusChange } from '../../shared/api/rest.js';
import { NewPartsRequest, PartsRequest } from '../../shared/domain/partsRequest.js';
import { agentRoute } from '../http/route.js';
import { scopeOf } from '../scope/agentScope.js';
import { changePartsRequestStatus, createPartsRequest, listPartsRequests, partsRequestDetail } from '../partsRequests/partsRequests.js';

export const listPartsRequestsRoute = agentRoute({
  method: 'GET',
  url: '/parts-requests',
  summary: "The spare-parts requests in the agent's scope, newest first; filter by orderId or status; page with cursor and limit",
  query: PartsRequestListQuery,
  response: PartsRequestList,
  handler: ({ caller, query }, { db }) => listPartsRequests(db, scopeOf(caller), query),
});

export const partsRequestDetailRoute = agentRoute({
  method: 'GET',
  url: '/parts-requests/:id',
  summary: 'One spare-parts request',
  errors: [403, 404],
  params: IdParam,
  response: PartsRequest,
  handler: ({ caller, params }, { db }) => partsRequestDetail(db, caller, params.id),
});

export const createPartsRequestRoute = agentRoute({
  method: 'POST',
  url: '/parts-requests',
  summary: "Request spare parts for an order of the agent's branch that is still being worked on (409 once it is completed or cancelled)",
  status: 201,
  errors: [409],
  body: NewPartsRequest,
  response: PartsRequest,
  handler: async ({ caller, body }, { db, changes }) => {
    const created = await createPartsRequest(db, caller, body);
    changes.publish(created.changes);
    return created.row;
  },
});

export const changePartsRequestStatusRoute = agentRoute({
  method: 'POST',
  url: '/parts-requests/:id/status',
  summary: 'The parts desk moves a request on: requested → approved → shipped → received, or requested → rejected (supervisors; 409 for any other step)',
  errors: [403, 404, 409],
  params: IdParam,
  body: PartsRequestStatusChange,
  response: PartsRequest,
  handler: async ({ caller, params, body }, { db, changes }) => {
    const changed = await changePartsRequestStatus(db, caller, params.id, body.status);
    changes.publish(changed.changes);
    return changed.row;
  },
});
