import { parentPort, workerData } from 'node:worker_threads';
import type { SyncPullResponse } from '../../../shared/api/rest.js';
import { customerRows } from '../localCache/customerTable.js';
import { productRows } from '../localCache/productTable.js';
import type { PackedRows } from '../localCache/rowParams.js';
import { serviceOrderRows } from '../localCache/serviceOrderTable.js';
import { BackendClient, BackendError } from './backendClient.js';
import type { SnapshotReaderReply, SnapshotReaderRequest, SnapshotReaderWorkerData } from './snapshotPages.js';

/**
 * The worker thread that reads an initial-sync snapshot: fetches each page (the same client and
 * schema check as the seat's own requests), then hands it over and fetches the next, never more
 * than `ahead` pages in front of the thread that applies them. Stops at the last page or the
 * first error, which it reports.
 */
const { baseUrl, token, timeoutMs, pageSize, position, ahead } = workerData as SnapshotReaderWorkerData;
const port = parentPort!;
const backend = new BackendClient({ baseUrl, timeoutMs });
backend.setToken(token);

let credits = ahead;
let wake: (() => void) | null = null;
port.on('message', (request: SnapshotReaderRequest) => {
  if (request !== 'more') return;
  credits++;
  wake?.();
  wake = null;
});

/** The big tables' rows as upsert parameters: arrays cross to the other thread far cheaper than objects. */
function packed(page: SyncPullResponse): { page: SyncPullResponse; packed: PackedRows } {
  const rows: PackedRows = { customer: [], product: [], serviceOrder: [] };
  const changes = page.changes.filter((change) => {
    if (change.entity === 'customer') rows.customer.push(customerRows.params(change.row));
    else if (change.entity === 'product') rows.product.push(productRows.params(change.row));
    else if (change.entity === 'serviceOrder') rows.serviceOrder.push(serviceOrderRows.params(change.row));
    else return true;
    return false;
  });
  return { page: { ...page, changes }, packed: rows };
}

/** The next position as the page gives it, read before the page is checked (then checked with it). */
function nextPosition(json: unknown): string | null {
  const next = (json as { snapshot?: { next?: unknown } } | null)?.snapshot?.next;
  return typeof next === 'string' ? next : null;
}

async function read(): Promise<void> {
  const fetchPage = async (at: string) => {
    if (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
    return backend.snapshotPageUnchecked(pageSize, at);
  };
  let fetching: Promise<unknown> | null = fetchPage(position);
  while (fetching) {
    const json = await fetching;
    // The next request goes out before this page is checked: the backend prepares it meanwhile.
    const next = nextPosition(json);
    fetching = next === null ? null : fetchPage(next);
    fetching?.catch(() => undefined); // awaited on the next turn; an error meanwhile is not unhandled
    const page = backend.checkSnapshotPage(json);
    if (!page.snapshot) throw new BackendError('server', 'the backend answered a snapshot request without a snapshot position');
    if (page.snapshot.next !== next) throw new BackendError('server', 'the snapshot page changed while it was checked');
    port.postMessage({ type: 'page', ...packed(page) } satisfies SnapshotReaderReply);
  }
}

read()
  .catch((error: unknown) => {
    const reply: SnapshotReaderReply =
      error instanceof BackendError
        ? { type: 'error', kind: error.kind, message: error.message, status: error.status, code: error.code }
        : { type: 'error', kind: 'server', message: String((error as Error)?.message ?? error) };
    port.postMessage(reply);
  })
  .finally(() => port.close());
