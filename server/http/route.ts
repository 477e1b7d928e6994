import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Agent } from '../../shared/domain/branch.js';
import { authenticate, bearerToken } from '../auth/authenticate.js';
import type { ServerSchema } from '../db/schema.js';
import type { ChangeNotifier } from '../sync/changeNotifier.js';
import { unstorableTextMessage } from '../../shared/storableText.js';
import { ApiFailure } from './apiFailure.js';
import type { OpenApiDocument } from './openApiDocument.js';
import type { SipCredentialSettings } from '../sip/sipCredentials.js';

export interface RouteContext {
  db: Kysely<ServerSchema>;
  /** The OpenAPI document of the whole route table, built once at start-up. */
  openApiDocument: OpenApiDocument;
  /** Tells open /sync/events streams about committed changes. */
  changes: ChangeNotifier;
  /** Interval of the /sync/events heartbeat comment. */
  eventHeartbeatMs: number;
  /** The backend's clock (a test moves it: presence reachability). */
  now(): Date;
  /** How SIP credentials are issued; null: this backend issues none. */
  sipCredentials: SipCredentialSettings | null;
}

/** What a route sees of an HTTP request before validation. */
interface RawRequest {
  authorization: string | undefined;
  /**
   * The peer's address (Fastify's request.ip). Behind a balancer it is the balancer's until
   * Fastify's trustProxy is set, and then every seat would share one sign-in throttle.
   */
  address: string;
  body: unknown;
  query: unknown;
  params: unknown;
}

/**
 * One row of the route table. The same row registers the Fastify route and describes it in the
 * OpenAPI document, so the two cannot drift apart.
 */
export interface Route {
  method: 'GET' | 'POST' | 'PUT';
  /** Fastify syntax: /customers/:id */
  url: string;
  summary: string;
  /** Needs `Authorization: Bearer <token>`. */
  auth: boolean;
  /** Status of a successful answer. */
  status: number;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  response: z.ZodType;
  /** Statuses worth documenting besides 400, 401 and 500 (e.g. 403, 404). */
  errors: readonly number[];
  /**
   * Set for a streamed answer (the handler returns a Readable), or for a JSON answer the handler
   * may hand over already serialised (a JsonBody); otherwise the handler's value is sent as JSON.
   */
  contentType?: 'text/event-stream' | 'application/json';
  /** The largest request body taken, in bytes, where a route takes more than Fastify's 1 MiB (a campaign's imported list). */
  bodyLimit?: number;
  /** Authenticates (if needed), validates the input, then runs the handler. */
  handle(request: RawRequest, context: RouteContext): Promise<unknown>;
}

/**
 * An answer already serialised: the UTF-8 bytes of a value of the route's response schema, sent
 * as they are (a large answer built as JSON text by the database, not as objects first).
 */
export class JsonBody<T> {
  /** Ties the bytes to the response type they stand for (never set). */
  declare readonly response?: T;

  constructor(readonly bytes: Buffer) {}
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;
type Input = z.ZodType | undefined;

interface RouteSpec<Caller, B, Q, P, R extends z.ZodType> {
  method: Route['method'];
  url: string;
  summary: string;
  status?: number;
  errors?: readonly number[];
  contentType?: Route['contentType'];
  bodyLimit?: number;
  /**
   * Also accept the token as `?token=` (agent routes). Only for EventSource, which cannot set
   * headers: a URL is more easily leaked (proxy logs, history) than a header.
   */
  tokenInQuery?: boolean;
  /**
   * The body field the handler checks for unstorable text (NUL, lone surrogates) item by item, in each entry of `list`
   * (a push: one bad mutation's patch must not refuse the rest). Everything else in the body is
   * checked here as on every route.
   */
  nulCheckedPerItem?: { list: string; field: string };
  body?: B;
  query?: Q;
  params?: P;
  response: R;
  handler(
    input: { caller: Caller; body: Parsed<B>; query: Parsed<Q>; params: Parsed<P>; address: string; token: string | null },
    context: RouteContext,
  ): Promise<z.output<R> | JsonBody<z.output<R>>>;
}

/** A route anyone may call. */
export function publicRoute<
  B extends Input = undefined,
  Q extends Input = undefined,
  P extends Input = undefined,
  R extends z.ZodType = z.ZodType,
>(spec: RouteSpec<null, B, Q, P, R>): Route {
  return makeRoute(spec, false, async () => null);
}

/** A route for signed-in agents: the handler gets the calling agent. */
export function agentRoute<
  B extends Input = undefined,
  Q extends Input = undefined,
  P extends Input = undefined,
  R extends z.ZodType = z.ZodType,
>(spec: RouteSpec<Agent, B, Q, P, R>): Route {
  return makeRoute(spec, true, (request, context) =>
    authenticate(context.db, request.authorization ?? (spec.tokenInQuery ? bearerFromQuery(request.query) : undefined)),
  );
}

function bearerFromQuery(query: unknown): string | undefined {
  const token = typeof query === 'object' && query !== null && 'token' in query ? query.token : undefined;
  return typeof token === 'string' ? `Bearer ${token}` : undefined;
}

function makeRoute<Caller, B extends Input, Q extends Input, P extends Input, R extends z.ZodType>(
  spec: RouteSpec<Caller, B, Q, P, R>,
  auth: boolean,
  identify: (request: RawRequest, context: RouteContext) => Promise<Caller>,
): Route {
  const { handler, status = 200, errors = [], tokenInQuery: _tokenInQuery, nulCheckedPerItem: _nulCheckedPerItem, ...contract } = spec;
  return {
    ...contract,
    auth,
    status,
    errors,
    async handle(request, context) {
      // Who before what: an anonymous caller learns nothing about the input rules.
      const caller = await identify(request, context);
      const answer = await handler(
        {
          caller,
          address: request.address,
          token: bearerToken(request.authorization ?? (spec.tokenInQuery ? bearerFromQuery(request.query) : undefined)),
          params: parsePart<P>(spec.params, request.params, 'path parameters'),
          query: parsePart<Q>(spec.query, request.query, 'query'),
          body: parsePart<B>(spec.body, request.body, 'body', spec.nulCheckedPerItem),
        },
        context,
      );
      if (!(answer instanceof JsonBody)) return answer;
      // Without the JSON content type, Fastify would label the bytes application/octet-stream.
      if (spec.contentType !== 'application/json') throw new Error(`${spec.method} ${spec.url}: a JsonBody needs contentType application/json`);
      return answer.bytes;
    },
  };
}

function parsePart<S extends Input>(schema: S | undefined, value: unknown, part: string, checkedPerItem?: { list: string; field: string }): Parsed<S> {
  if (schema === undefined) return undefined as Parsed<S>;
  const unstorable = unstorableTextMessage(checkedPerItem ? withoutItemField(value, checkedPerItem) : value);
  if (unstorable) throw new ApiFailure(400, 'bad_input', `invalid ${part}: ${unstorable}`);
  const result = schema.safeParse(value);
  if (!result.success) throw ApiFailure.badInput(result.error, part);
  // TypeScript cannot follow a conditional type through these runtime checks; they are the proof.
  return result.data as Parsed<S>;
}

/** The input with `field` of each entry in `list` left out: the parts a handler checks itself. */
function withoutItemField(value: unknown, { list, field }: { list: string; field: string }): unknown {
  if (typeof value !== 'object' || value === null || !Array.isArray((value as Record<string, unknown>)[list])) return value;
  const items = (value as Record<string, unknown[]>)[list]!;
  return { ...value, [list]: items.map((item) => (typeof item === 'object' && item !== null ? { ...item, [field]: null } : item)) };
}
