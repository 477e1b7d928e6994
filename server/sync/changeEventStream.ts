import { PassThrough, type Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import type { ServerSchema } from '../db/schema.js';
import { feedBound, scopeHead } from '../db/changeLogSeqs.js';
import type { AgentScope } from '../scope/agentScope.js';
import type { ChangeNotifier, PresenceNotice } from './changeNotifier.js';

/** Who the stream is for, as far as presence goes (changeNotifier.ts, PresenceListener). */
export interface PresenceWatch {
  agentId: string;
  /** null: every branch; [] none. */
  watchedBranchIds: readonly string[] | null;
}

/** Every 15 s: proxies and load balancers drop connections that stay silent for long. */
export const DEFAULT_HEARTBEAT_MS = 15_000;

/**
 * GET /sync/events for one agent's scope, as Server-Sent Events: first the scope's current head,
 * then `event: changes` / `data: {"headSeq":N}` whenever a change concerns the scope, and a comment
 * line as heartbeat. The seat pulls when headSeq is beyond its cursor; polling remains its fallback.
 * Presence rides the same stream: `event: presence` (an agent's new presence, to a team board's
 * seat) and `event: not_ready` (the agent's supervisor put them to not ready).
 */
export async function openChangeEventStream(
  db: Kysely<ServerSchema>,
  notifier: ChangeNotifier,
  scope: AgentScope,
  heartbeatMs: number,
  presence?: PresenceWatch,
): Promise<Readable> {
  const stream = new PassThrough();
  const send = (headSeq: number) => stream.write(`event: changes\ndata: ${JSON.stringify({ headSeq })}\n\n`);
  // Subscribe before reading the head: a change committed in between is sent, not lost.
  const unsubscribe = notifier.subscribe(scope, { changed: send, closed: () => stream.end() });
  const sendPresence = (notice: PresenceNotice) =>
    stream.write(notice.kind === 'presence' ? `event: presence\ndata: ${JSON.stringify(notice.presence)}\n\n` : `event: not_ready\ndata: ${JSON.stringify(notice.request)}\n\n`);
  const unsubscribePresence = presence ? notifier.subscribePresence({ ...presence, notice: sendPresence }) : () => undefined;
  const heartbeat = setInterval(() => stream.write(': heartbeat\n\n'), heartbeatMs);
  stream.once('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
    unsubscribePresence();
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
