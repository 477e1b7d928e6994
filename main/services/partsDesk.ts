import type { PartsDecisionOutcome, WaitingPartsRequest } from '../../shared/domain/partsDesk.js';
import type { PartsDecision } from '../../shared/domain/partsRequest.js';
import { WorkstationError } from '../../shared/workstationApi.js';
import type { LocalCache } from './localCache/localCache.js';
import { BackendError, type BackendClient } from './sync/backendClient.js';

/**
 * The parts desk's queue: its branch's requests waiting for a decision, each with the RDC's stock of
 * the part (whether an approval ships or goes to headquarters' plan). Online: a decision takes the
 * warehouse's stock as it is now, which only the backend knows.
 */
export async function waitingPartsRequests(backend: BackendClient, cache: LocalCache): Promise<WaitingPartsRequest[]> {
  const [requests, stock] = await online(() => Promise.all([backend.waitingPartsRequests(), backend.rdcStock()]));
  const onHand = new Map(stock.map((s) => [s.partNumber, s.quantity]));
  return requests.map((request) => ({
    request,
    orderNumber: cache.serviceOrders.find(request.orderId)?.orderNumber ?? '',
    onHand: onHand.get(request.partNumber) ?? 0,
  }));
}

/** Approves or rejects one request at the backend; the seats see the new status through sync. */
export function decidePartsRequest(backend: BackendClient, requestId: string, decision: PartsDecision): Promise<PartsDecisionOutcome> {
  return online(() => backend.decideParts(requestId, decision));
}

async function online<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof BackendError)) throw error;
    if (error.kind === 'unreachable') throw new WorkstationError('backend_unreachable', error.message);
    if (error.kind === 'unauthorized') throw new WorkstationError('auth_failed', error.message);
    throw new WorkstationError(error.status === 409 ? 'invalid_transition' : 'bad_input', error.message);
  }
}
