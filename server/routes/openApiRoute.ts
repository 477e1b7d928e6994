import { z } from 'zod';
import { publicRoute } from '../http/route.js';

export const openApiRoute = publicRoute({
  method: 'GET',
  url: '/openapi.json',
  summary: 'This API described as OpenAPI 3.1',
  response: z.record(z.string(), z.unknown()),
  handler: async (_input, { openApiDocument }) => ({ ...openApiDocument }),
});
