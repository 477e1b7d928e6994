import { PassThrough, type Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { ServerSchema } from '../db/schema.js';
import { feedBound, scopeHead } from '../db/changeLogSeqs.js';
import type { AgentScope } from '../scope/agentScope.js';
import type { ChangeNotifier } from './changeNotifier.js';

/** Every 15 s: proxies and load balancers drop connections that stay silent for long. */
export const DEFAULT_HEARTBEAT_MS = 15_000;

/**
 * GET /sync/events for one agent's scope, as Server-Sent Events: first the scope's current head,
 * then `event: changes` / `data: {"headSeq":N}` whenever a change concerns the scope, and a comment
 * line as heartbeat. The seat pulls when headSeq is beyond its cursor; polling remains its fallback.
 */
export async function openChangeEventStream(
  db: Kysely<ServerSchema>,
  notifier: ChangeNotifier,
  scope: AgentScope,
  heartbeatMs: number,
): Promise<Readable> {
  const stream = new PassThrough();
  const send = (headSeq: number) => stream.write(`event: changes\ndata: ${JSON.stringify({ headSeq })}\n\n`);
  // Subscribe before reading the head: a change committed in between is sent, not lost.
  const unsubscribe = notifier.subscribe(scope, { changed: send, closed: () => stream.end() });
  const heartbeat = setInterval(() => stream.write(': heartbeat\n\n'), heartbeatMs);
  stream.once('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
  });
  try {
    const head = await scopeHead(db, scope, await feedBound(db, scope));
    // Tell EventSource to retry after 2 s when the connection drops.
    stream.write('retry: 2000\n\n');
    send(head);
  } catch (error) {
    stream.destroy();
    throw error;
  }
  return stream;
}
