import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { ServerDatabase } from './db/openServerDatabase.js';
import { frameworkErrorReply, installErrorReplies } from './http/errorReplies.js';
import { installJsonBodyParser } from './http/jsonBody.js';
import { buildOpenApiDocument } from './http/openApi.js';
import type { RouteContext } from './http/route.js';
import { routeTable } from './routes/routeTable.js';
import { DEFAULT_HEARTBEAT_MS } from './sync/changeEventStream.js';
import { ChangeNotifier } from './sync/changeNotifier.js';

const API_VERSION = '0.1.0';

export interface BuildServerOptions {
  /** An open, migrated database. The caller closes it after closing the server. */
  database: ServerDatabase;
  /** false (default) is silent; true logs at info; or a pino level. */
  logger?: boolean | { level: string };
  /** Heartbeat interval of /sync/events streams (default 15 s). */
  eventHeartbeatMs?: number;
  /** Who tells the seats of new changes; given when writers outside the routes (the complaint escalation sweep) publish too. */
  changes?: ChangeNotifier;
}

/** The REST backend as a Fastify instance: every route of the route table, not yet listening. */
export function buildServer({ database, logger = false, eventHeartbeatMs = DEFAULT_HEARTBEAT_MS, changes = new ChangeNotifier() }: BuildServerOptions): FastifyInstance {
  const app = Fastify({ logger: loggerOptions(logger), frameworkErrors: frameworkErrorReply });
  installErrorReplies(app);
  installJsonBodyParser(app);

  // Open event streams would keep close() waiting forever.
  app.addHook('preClose', async () => changes.closeAll());
  const context: RouteContext = {
    db: database.db,
    openApiDocument: buildOpenApiDocument(routeTable, API_VERSION),
    changes,
    eventHeartbeatMs,
  };
  for (const route of routeTable) {
    app.route({
      method: route.method,
      url: route.url,
      handler: async (request, reply) => {
        const { authorization } = request.headers;
        const result = await route.handle({ authorization, address: request.ip, body: request.body, query: request.query, params: request.params }, context);
        if (route.contentType) reply.header('content-type', route.contentType).header('cache-control', 'no-store');
        return reply.code(route.status).send(result);
      },
    });
  }
  return app;
}

function loggerOptions(logger: NonNullable<BuildServerOptions['logger']>): FastifyServerOptions['logger'] {
  if (logger === false) return false;
  return {
    level: logger === true ? 'info' : logger.level,
    // Query strings carry phone numbers and names (personal data): log the path only.
    serializers: { req: (request) => ({ method: request.method, url: request.url.split('?')[0] }) },
    redact: ['req.headers.authorization', '*.password', '*.token'],
  };
}
