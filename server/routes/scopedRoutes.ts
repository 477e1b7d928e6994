import type { Kysely } from 'kysely';
import type { z } from 'zod';
import { IdParam } from '../../shared/api/rest.js';
import type { Agent } from '../../shared/domain/branch.js';
import type { ServerSchema } from '../db/schema.js';
import type { Written } from '../http/agentWrites.js';
import { agentRoute, type Route } from '../http/route.js';
import { scopeOf, type AgentScope } from '../scope/agentScope.js';
import type { ScopedChange } from '../sync/changeNotifier.js';

interface RouteText {
  url: string;
  summary: string;
}

interface ListSpec<Q extends z.ZodType, R extends z.ZodType> {
  summary: string;
  query: Q;
  response: R;
  list(db: Kysely<ServerSchema>, scope: AgentScope, query: z.output<Q>): Promise<z.output<R>>;
}

interface DetailSpec<R extends z.ZodType> {
  summary: string;
  response: R;
  read(db: Kysely<ServerSchema>, caller: Agent, id: string): Promise<z.output<R>>;
}

interface WriteSpec<B extends z.ZodType, R extends z.ZodType> {
  summary: string;
  status?: number;
  errors: readonly number[];
  body: B;
  response: R;
  write(db: Kysely<ServerSchema>, caller: Agent, body: z.output<B>): Promise<{ row: z.output<R>; changes: ScopedChange[] }>;
}

/**
 * The routes of one resource at `url`, in this order: GET url (`list`, scopedListRoute), the
 * `collection` routes (other paths below url that are not one row's, e.g. /orders/duplicates),
 * GET url/:id (`detail`, scopedDetailRoute), POST url (`create`, agentWriteRoute), then the `item`
 * routes (one row's sub-paths, e.g. /orders/:id/events). Each part is optional.
 */
export function resourceRoutes<Q extends z.ZodType, LR extends z.ZodType, DR extends z.ZodType, B extends z.ZodType, CR extends z.ZodType>(spec: {
  url: string;
  list?: ListSpec<Q, LR>;
  collection?: readonly Route[];
  detail?: DetailSpec<DR>;
  create?: WriteSpec<B, CR>;
  item?: readonly Route[];
}): Route[] {
  const { url } = spec;
  return [
    ...(spec.list ? [scopedListRoute({ url, ...spec.list })] : []),
    ...(spec.collection ?? []),
    ...(spec.detail ? [scopedDetailRoute({ url: `${url}/:id`, ...spec.detail })] : []),
    ...(spec.create ? [agentWriteRoute({ url, ...spec.create })] : []),
    ...(spec.item ?? []),
  ];
}

/** GET /things: a page (or search) of the rows in the calling agent's scope (agentScope.ts). */
export function scopedListRoute<Q extends z.ZodType, R extends z.ZodType>(spec: RouteText & ListSpec<Q, R>): Route {
  return agentRoute({
    method: 'GET',
    url: spec.url,
    summary: spec.summary,
    query: spec.query,
    response: spec.response,
    // agentRoute parsed the query with spec.query.
    handler: ({ caller, query }, { db }) => spec.list(db, scopeOf(caller), query as z.output<Q>),
  });
}

/** GET /things/:id: one row; 404 when absent, 403 when outside the caller's scope (the reader says which). */
export function scopedDetailRoute<R extends z.ZodType>(spec: RouteText & DetailSpec<R>): Route {
  return agentRoute({
    method: 'GET',
    url: spec.url,
    summary: spec.summary,
    errors: [403, 404],
    params: IdParam,
    response: spec.response,
    handler: ({ caller, params }, { db }) => spec.read(db, caller, params.id),
  });
}

/**
 * POST /things/:id/<action>: an act on one row in the caller's scope (a decision, a status step,
 * an import into it); the seats its change-log entries concern are told after commit.
 */
export function itemWriteRoute<B extends z.ZodType, R extends z.ZodType>(
  spec: RouteText & {
    errors: readonly number[];
    body: B;
    response: R;
    bodyLimit?: number;
    write(db: Kysely<ServerSchema>, caller: Agent, id: string, body: z.output<B>): Promise<Written<z.output<R>>>;
  },
): Route {
  return agentRoute({
    method: 'POST',
    url: spec.url,
    summary: spec.summary,
    errors: spec.errors,
    params: IdParam,
    body: spec.body,
    response: spec.response,
    ...(spec.bodyLimit ? { bodyLimit: spec.bodyLimit } : {}),
    handler: async ({ caller, params, body }, { db, changes }) => {
      // agentRoute parsed the body with spec.body.
      const written = await spec.write(db, caller, params.id, body as z.output<B>);
      changes.publish(written.changes);
      return written.answer;
    },
  });
}

/** POST /things: an agent's write (applyMutation.createRow or alike); the seats its change-log entries concern are told after commit. */
function agentWriteRoute<B extends z.ZodType, R extends z.ZodType>(spec: RouteText & WriteSpec<B, R>): Route {
  return agentRoute({
    method: 'POST',
    url: spec.url,
    summary: spec.summary,
    status: spec.status ?? 201,
    errors: spec.errors,
    body: spec.body,
    response: spec.response,
    handler: async ({ caller, body }, { db, changes }) => {
      // agentRoute parsed the body with spec.body.
      const written = await spec.write(db, caller, body as z.output<B>);
      changes.publish(written.changes);
      return written.row;
    },
  });
}
