import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { escalateOverdueComplaints } from './complaints/escalateComplaints.js';
import type { ServerDatabase } from './db/openServerDatabase.js';
import { frameworkErrorReply, installErrorReplies } from './http/errorReplies.js';
import { installJsonBodyParser } from './http/jsonBody.js';
import { figuresRollupJob } from './kpis/kpiRollup.js';
import { buildOpenApiDocument } from './http/openApi.js';
import type { RouteContext } from './http/route.js';
import { routeTable } from './routes/routeTable.js';
import type { SipCredentialSettings } from './sip/sipCredentials.js';
import { DEFAULT_HEARTBEAT_MS } from './sync/changeEventStream.js';
import { ChangeNotifier, PostgresChangeNotifier } from './sync/changeNotifier.js';

const API_VERSION = '0.1.0';

export interface BuildServerOptions {
  /** An open, migrated database. The caller closes it after closing the server. */
  database: ServerDatabase;
  /** false (default) is silent; true logs at info; or a pino level. */
  logger?: boolean | { level: string };
  /** Heartbeat interval of /sync/events streams (default 15 s). */
  eventHeartbeatMs?: number;
  /**
   * The balancers in front (TRUST_PROXY): their addresses or CIDRs, comma-separated. A request from one of them is taken to come from the client it names in
   * X-Forwarded-For, so login throttling and the audit see the client, not the balancer. Unset:
   * nobody is trusted, and a client cannot pose as another by sending the header itself.
   */
  trustProxy?: string;
  /**
   * How often complaints past a deadline are escalated (escalateOverdueComplaints on the real
   * clock); unset: never (tests call the sweep themselves with a moved clock). With several API
   * processes each sweeps: the sweep writes under the change-log lock, so a complaint escalates once.
   */
  escalationSweepMs?: number;
  /** The clock routes judge time by (default: the real one); tests move it. */
  clock?: () => Date;
  /**
   * The agents' short-lived SIP credentials (POST /sip/credential): the secret shared with the
   * proxy's auth_ephemeral and their lifetime (SIP_CREDENTIAL_SECRET, SIP_CREDENTIAL_LIFETIME_S);
   * unset: none are issued (503).
   */
  sipCredentials?: SipCredentialSettings | null;
  /**
   * How often the figures' day cells are brought up to date (server/kpis/kpiRollup.ts); unset:
   * never (tests roll them themselves). With several API processes one rolls at a time (a lock).
   */
  kpiRollupMs?: number;
}

/** The REST backend as a Fastify instance: every route of the route table, not yet listening. */
export function buildServer({ database, logger = false, eventHeartbeatMs = DEFAULT_HEARTBEAT_MS, trustProxy, escalationSweepMs, clock = () => new Date(), sipCredentials = null, kpiRollupMs }: BuildServerOptions): FastifyInstance {
  const app = Fastify({ logger: loggerOptions(logger), frameworkErrors: frameworkErrorReply, trustProxy: trustedProxies(trustProxy) });
  installErrorReplies(app);
  installJsonBodyParser(app);

  // PostgreSQL: any number of API processes, each woken through LISTEN/NOTIFY; SQLite: this one.
  const changes = database.postgres ? new PostgresChangeNotifier(database.postgres.pool, database.postgres.openClient) : new ChangeNotifier();
  app.addHook('onReady', () => changes.start());
  // Open event streams would keep close() waiting forever.
  app.addHook('preClose', () => changes.stop());
  if (escalationSweepMs) {
    // Complaints escalate on the backend's clock, whether or not any seat is online.
    let sweep: NodeJS.Timeout | undefined;
    app.addHook('onReady', async () => {
      sweep = setInterval(() => {
        escalateOverdueComplaints(database.db, new Date()).then(
          (escalated) => changes.publish(escalated),
          (error: unknown) => app.log.error(`complaint escalation failed: ${error instanceof Error ? error.message : String(error)}`),
        );
      }, escalationSweepMs);
    });
    app.addHook('preClose', async () => clearInterval(sweep));
  }
  if (kpiRollupMs) {
    const rollup = figuresRollupJob(database.db, kpiRollupMs, (error) => app.log.error(`figures rollup failed: ${error instanceof Error ? error.message : String(error)}`));
    app.addHook('onReady', async () => rollup.start());
    app.addHook('preClose', () => rollup.stop());
  }
  const context: RouteContext = {
    db: database.db,
    openApiDocument: buildOpenApiDocument(routeTable, API_VERSION),
    changes,
    eventHeartbeatMs,
    now: clock,
    sipCredentials,
  };
  for (const route of routeTable) {
    app.route({
      method: route.method,
      url: route.url,
      ...(route.bodyLimit === undefined ? {} : { bodyLimit: route.bodyLimit }),
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

function trustedProxies(setting: string | undefined): string[] | false {
  const addresses = (setting ?? '').split(',').map((address) => address.trim()).filter((address) => address !== '');
  return addresses.length > 0 ? addresses : false;
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
