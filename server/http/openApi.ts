import { z } from 'zod';
import { ApiError } from '../../shared/api/rest.js';
import type { JsonSchema, OpenApiDocument, Operation } from './openApiDocument.js';
import type { Route } from './route.js';

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Bad input: the message names each invalid field; nothing was written',
  401: 'Missing, unknown or expired token (or wrong login at /auth/login)',
  403: "Outside the agent's branch",
  404: 'Not found',
  409: 'Conflict',
  503: 'Not ready',
  500: 'Unexpected error',
};

/** The OpenAPI 3.1 description of the route table (JSON Schema 2020-12, as OpenAPI 3.1 uses). */
export function buildOpenApiDocument(routes: readonly Route[], version: string): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const route of routes) {
    const path = route.url.replace(/:(\w+)/g, '{$1}');
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: describeOperation(route) };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Agent Workstation backend', version },
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } },
      schemas: { ApiError: jsonSchema(ApiError, 'output') },
    },
  };
}

function describeOperation(route: Route): Operation {
  const errorStatuses = new Set<number>([...route.errors, 500]);
  if (route.body || route.query || route.params) errorStatuses.add(400);
  if (route.auth) errorStatuses.add(401);
  const responses: Operation['responses'] = {
    [route.status]: { description: 'Success', content: { [route.contentType ?? 'application/json']: { schema: jsonSchema(route.response, 'output') } } },
  };
  for (const status of [...errorStatuses].sort((a, b) => a - b)) {
    responses[status] = {
      description: ERROR_DESCRIPTIONS[status] ?? 'Error',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
    };
  }
  return {
    summary: route.summary,
    security: route.auth ? [{ bearerAuth: [] }] : [],
    parameters: [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')],
    ...(route.body && {
      requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } },
    }),
    responses,
  };
}

function parametersOf(schema: z.ZodType | undefined, location: 'path' | 'query'): Operation['parameters'] {
  if (!schema) return [];
  const { properties = {}, required = [] } = jsonSchema(schema, 'input') as { properties?: JsonSchema; required?: string[] };
  return Object.entries(properties).map(([name, propertySchema]) => ({
    name,
    in: location,
    required: location === 'path' || required.includes(name),
    schema: propertySchema,
  }));
}

/** Requests are described as clients send them (before transforms), answers as the server sends them. */
function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' });
  return rest;
}
