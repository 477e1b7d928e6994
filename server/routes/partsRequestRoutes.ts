import { IdParam, PartsRequestList, PartsRequestListQuery, PartsRequestStatusChange } from '../../shared/api/rest.js';
import { NewPartsRequest, PartsRequest } from '../../shared/domain/partsRequest.js';
import { agentRoute } from '../http/route.js';
import { changePartsRequestStatus, createPartsRequest, listPartsRequests, partsRequestDetail } from '../partsRequests/partsRequests.js';
import { resourceRoutes } from './scopedRoutes.js';

const changePartsRequestStatusRoute = agentRoute({
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
  item: [changePartsRequestStatusRoute],
});
