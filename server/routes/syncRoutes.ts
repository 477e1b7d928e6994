import { Readable } from 'node:stream';
import { z } from 'zod';
import { SyncPullQuery, SyncPullResponse } from '../../shared/api/rest.js';
import { SyncPushRequest, SyncPushResponse } from '../../shared/api/syncPush.js';
import { agentRoute } from '../http/route.js';
import { presenceScopeOf, scopeOf } from '../scope/agentScope.js';
import { openChangeEventStream } from '../sync/changeEventStream.js';
import { pullChanges } from '../sync/pullChanges.js';
import { snapshotReadAheadOf } from '../sync/snapshotReadAhead.js';
import { pushMutations } from '../sync/push/pushMutations.js';

export const syncPullRoute = agentRoute({
  method: 'GET',
  url: '/sync/pull',
  summary:
    "Changes after `cursor` in the agent's scope (their branch, plus records they own), in seq order, each with the row's current state; " +
    'rows that left the scope as removals. With `snapshot` (cursor 0): the initial sync straight from the tables',
  query: SyncPullQuery,
  response: SyncPullResponse,
  // Snapshot pages come as JSON bytes (pullSnapshot), sent as they are under this type.
  contentType: 'application/json',
  handler: async ({ caller, query }, { db }) => {
    const scope = scopeOf(caller);
    if (query.snapshot === undefined) return pullChanges(db, scope, query.cursor, query.limit);
    return (await snapshotReadAheadOf(db).page(db, scope, query.snapshot, query.limit)).body;
  },
});

export const syncPushRoute = agentRoute({
  method: 'POST',
  url: '/sync/push',
  summary: "A seat's outbox: one result per mutation (applied, conflict or rejected); retries by mutationId never apply twice",
  nulCheckedPerItem: { list: 'mutations', field: 'patch' },
  body: SyncPushRequest,
  response: SyncPushResponse,
  handler: async ({ caller, body }, { db, changes }) => {
    const outcome = await pushMutations(db, caller, body);
    changes.publish(outcome.changes);
    return { results: outcome.results };
  },
});

export const syncEventsRoute = agentRoute({
  method: 'GET',
  url: '/sync/events',
  summary:
    "Server-Sent Events: `changes` {headSeq} when the agent's scope (their branch, plus records they own) has new changes, a comment heartbeat every 15 s; " +
    "`presence` (an AgentPresence) when an agent whose presence the caller watches changes state (supervisors: their branch; headquarters: all), `not_ready` when the caller's supervisor put them to not ready. " +
    'Token by Bearer header, or `?token=` for EventSource (which cannot set headers; URLs leak more easily, so prefer the header)',
  tokenInQuery: true,
  contentType: 'text/event-stream',
  query: z.object({ token: z.string().max(200).optional() }),
  response: z.custom<Readable>((value) => value instanceof Readable).describe('text/event-stream: `event: changes` + `data: {"headSeq": 123}`'),
  handler: ({ caller }, { db, changes, eventHeartbeatMs }) => {
    const watched = presenceScopeOf(caller);
    return openChangeEventStream(db, changes, scopeOf(caller), eventHeartbeatMs, { agentId: caller.id, watchedBranchIds: watched ? watched.branchIds : [] });
  },
});
