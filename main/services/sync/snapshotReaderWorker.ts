import { parentPort, workerData } from 'node:worker_threads';
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

async function read(): Promise<void> {
  let next: string | null = position;
  while (next !== null) {
    if (credits === 0) await new Promise<void>((resolve) => (wake = resolve));
    credits--;
    const page = await backend.pull(0, pageSize, next);
    if (!page.snapshot) throw new BackendError('server', 'the backend answered a snapshot request without a snapshot position');
    port.postMessage({ type: 'page', page } satisfies SnapshotReaderReply);
    next = page.snapshot.next;
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
