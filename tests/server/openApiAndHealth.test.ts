import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/rest.js';
import { routeTable } from '../../server/routes/routeTable.js';
import { startTestBackend, type TestBackend } from './support/testBackend.js';

let backend: TestBackend;
beforeAll(async () => {
  backend = await startTestBackend({ customers: 10 });
});
afterAll(() => backend.close());

interface Operation {
  security: unknown[];
  parameters: Array<{ name: string; in: string; required: boolean }>;
  requestBody?: { content: { 'application/json': { schema: { properties: Record<string, unknown> } } } };
  responses: Record<string, unknown>;
}

describe('GET /openapi.json', () => {
  it('describes every route of the backend as OpenAPI 3.1', async () => {
    const response = await backend.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const doc = response.json<{ openapi: string; paths: Record<string, Record<string, Operation>> }>();
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect(operations.sort()).toEqual(
      [
        'GET /healthz',
        'GET /readyz',
        'GET /openapi.json',
        'POST /auth/login',
        'POST /auth/logout',
        'GET /customers',
        'GET /customers/{id}',
        'POST /customers',
        'GET /orders',
        'GET /orders/{id}',
        'GET /orders/{id}/events',
        'GET /orders/duplicates',
        'GET /outlets',
        'GET /outlet-network/volume',
        'GET /outlet-network/capacity',
        'GET /outlet-network/gaps',
        'GET /regions',
        'GET /seat/cache-keys/{id}',
        'GET /follow-ups',
        'GET /interactions',
        'GET /products',
        'GET /products/{id}',
        'POST /products',
        'GET /knowledge',
        'GET /knowledge/{id}',
        'GET /parts-requests',
        'GET /parts-requests/{id}',
        'POST /parts-requests',
        'POST /parts-requests/{id}/status',
        'POST /parts-requests/{id}/decision',
        'GET /parts-requests/{id}/steps',
        'GET /parts-stock',
        'GET /campaigns',
        'GET /campaigns/{id}',
        'GET /campaigns/{id}/targets',
        'GET /campaigns/{id}/next-target',
        'GET /campaigns/managed',
        'GET /campaigns/{id}/assignable-agents',
        'POST /campaigns/{id}/targets/import',
        'POST /campaigns/{id}/targets/assign',
        'GET /complaints',
        'GET /complaints/rate',
        'GET /complaints/{id}',
        'POST /complaints',
        'GET /notes',
        'POST /notes',
        'GET /agents',
        'GET /agents/{id}',
        'POST /agents/{id}/sessions/revoke',
        'GET /branches',
        'GET /branches/{id}',
        'GET /kpis',
        'GET /kpis/orders',
        'PUT /presence',
        'PUT /seat/cache-keys/{id}',
        'GET /presence/branch',
        'POST /presence/{id}/not-ready',
        'POST /sip/credential',
        'GET /sync/pull',
        'POST /sync/push',
        'GET /sync/events',
      ].sort(),
    );
    expect(operations.length).toBe(routeTable.length);

    const detail = doc.paths['/customers/{id}']?.get;
    expect(detail?.parameters).toEqual([expect.objectContaining({ name: 'id', in: 'path', required: true })]);
    expect(detail?.security).toEqual([{ bearerAuth: [] }]);
    expect(Object.keys(detail?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404']));
    expect(doc.paths['/auth/login']?.post?.security).toEqual([]);
    expect(Object.keys(doc.paths['/customers']?.post?.requestBody?.content['application/json'].schema.properties ?? {})).toContain('phone');
    expect(doc.paths['/sync/pull']?.get?.parameters.map((p) => p.name)).toEqual(['cursor', 'limit', 'snapshot']);
    expect(Object.keys(doc.paths['/sync/push']?.post?.requestBody?.content['application/json'].schema.properties ?? {})).toEqual(['seatId', 'mutations']);
    expect((doc.paths['/sync/events']?.get?.responses['200'] as { content: Record<string, unknown> }).content).toHaveProperty(['text/event-stream']);
  });
});

describe('health, unknown routes and unexpected errors', () => {
  it('answers /healthz and /readyz', async () => {
    expect((await backend.app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const ready = await backend.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready' });
  });

  it('answers 404 in the error shape for an unknown route', async () => {
    const response = await backend.app.inject({ method: 'GET', url: '/no/such/thing?x=1' });
    expect(response.statusCode).toBe(404);
    expect(ApiError.parse(response.json()).error.code).toBe('not_found');
  });

  // Last: it closes the database under the running server.
  it('answers 503 from /readyz and a bare 500 elsewhere when the database is gone', async () => {
    const authorization = await backend.bearer('bj.agent1');
    await backend.database.close();
    const ready = await backend.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().error.code).toBe('not_ready');
    const failed = await backend.app.inject({ method: 'GET', url: '/customers?query=王', headers: { authorization } });
    expect(failed.statusCode).toBe(500);
    expect(ApiError.parse(failed.json())).toEqual({ error: { code: 'internal', message: 'internal server error' } });
  });
});
