import { sql } from 'kysely';
import { z } from 'zod';
import { ApiFailure } from '../http/apiFailure.js';
import { publicRoute } from '../http/route.js';

export const healthzRoute = publicRoute({
  method: 'GET',
  url: '/healthz',
  summary: 'Liveness: the process answers',
  response: z.object({ status: z.literal('ok') }),
  handler: async () => ({ status: 'ok' as const }),
});

export const readyzRoute = publicRoute({
  method: 'GET',
  url: '/readyz',
  summary: 'Readiness: the database answers a query',
  errors: [503],
  response: z.object({ status: z.literal('ready') }),
  handler: async (_input, { db }) => {
    try {
      await sql`select 1`.execute(db);
    } catch {
      throw new ApiFailure(503, 'not_ready', 'the database is not reachable');
    }
    return { status: 'ready' as const };
  },
});
