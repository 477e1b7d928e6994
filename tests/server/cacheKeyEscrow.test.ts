import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CacheKeyEscrow, MAX_ESCROWS_PER_AGENT, type WrappedCacheKey } from '../../shared/api/cacheKeyEscrow.js';
import { testEngines } from './support/testDatabase.js';
import { agentIdOf, useTestBackend } from './support/testBackend.js';

/**
 * Cache key escrow (docs/architecture.md §8) on both engines: an agent's seat keeps
 * the wrapped key of its cache and gets it back after a fresh login; another agent — of the same
 * branch, a supervisor, headquarters — is never given it (404, as for a cache with none); a cache
 * started afresh drops the escrow it replaces; bad wrapping is refused.
 */
describe.each(testEngines())('cache key escrow on %s', (engine) => {
  let clockMs = Date.parse('2026-12-07T03:00:00.000Z');
  const { backend, auth } = useTestBackend(
    { customers: 5, engine, clock: () => new Date(clockMs) },
    { agent1: 'bj.agent1', agent2: 'bj.agent2', bjSuper: 'bj.super', hq: 'hq.admin' },
  );
  const b64 = (bytes: number) => crypto.randomBytes(bytes).toString('base64');
  const wrapped = (): WrappedCacheKey => ({ scheme: 'scrypt-aes-256-gcm-1', salt: b64(16), iv: b64(12), tag: b64(16), sealed: b64(32) });
  const put = (authorization: string, cacheId: string, payload: object) => backend.app.inject({ method: 'PUT', url: `/seat/cache-keys/${cacheId}`, headers: { authorization }, payload });
  const get = (authorization: string, cacheId: string) => backend.app.inject({ method: 'GET', url: `/seat/cache-keys/${cacheId}`, headers: { authorization } });

  it('gives the wrapped key back to the agent who escrowed it, and to no other agent', async () => {
    const cacheId = crypto.randomUUID();
    const wrappedKey = wrapped();
    const stored = await put(auth.agent1, cacheId, { wrappedKey });
    expect(stored.statusCode, stored.body).toBe(200);
    expect(CacheKeyEscrow.parse(stored.json())).toEqual({ cacheId, wrappedKey, escrowedAt: new Date(clockMs).toISOString() });

    const back = await get(auth.agent1, cacheId);
    expect(back.statusCode, back.body).toBe(200);
    expect(CacheKeyEscrow.parse(back.json()).wrappedKey).toEqual(wrappedKey);

    for (const other of [auth.agent2, auth.bjSuper, auth.hq]) {
      const refused = await get(other, cacheId);
      expect(refused.statusCode).toBe(404);
      expect(refused.body).not.toContain(wrappedKey.sealed);
    }
    // Another agent's PUT on the same cache id makes their own row; agent1's stays theirs.
    expect((await put(auth.agent2, cacheId, { wrappedKey: wrapped() })).statusCode).toBe(200);
    expect(CacheKeyEscrow.parse((await get(auth.agent1, cacheId)).json()).wrappedKey).toEqual(wrappedKey);
    expect((await backend.app.inject({ method: 'GET', url: `/seat/cache-keys/${cacheId}` })).statusCode).toBe(401);
  });

  it('a newer escrow of the same cache replaces the older; one naming `replaces` drops the replaced cache’s', async () => {
    const first = crypto.randomUUID();
    expect((await put(auth.agent1, first, { wrappedKey: wrapped() })).statusCode).toBe(200);
    const newer = wrapped();
    clockMs += 1000;
    expect((await put(auth.agent1, first, { wrappedKey: newer })).statusCode).toBe(200);
    expect(CacheKeyEscrow.parse((await get(auth.agent1, first)).json())).toMatchObject({ wrappedKey: newer, escrowedAt: new Date(clockMs).toISOString() });

    const fresh = crypto.randomUUID();
    expect((await put(auth.agent1, fresh, { wrappedKey: wrapped(), replaces: first })).statusCode).toBe(200);
    expect((await get(auth.agent1, first)).statusCode).toBe(404);
    expect((await get(auth.agent1, fresh)).statusCode).toBe(200);
  });

  it(`keeps at most ${MAX_ESCROWS_PER_AGENT} per agent, dropping the oldest`, async () => {
    const ids: string[] = [];
    for (let i = 0; i < MAX_ESCROWS_PER_AGENT + 2; i++) {
      clockMs += 1000;
      const id = crypto.randomUUID();
      ids.push(id);
      expect((await put(auth.bjSuper, id, { wrappedKey: wrapped() })).statusCode).toBe(200);
    }
    const kept = await backend.database.db.selectFrom('cacheKeyEscrow').select('cacheId').where('agentId', '=', agentIdOf(backend, 'bj.super')).execute();
    expect(kept.map((k) => k.cacheId).sort()).toEqual(ids.slice(2).sort());
  });

  it('refuses a malformed escrow with the field named', async () => {
    const id = crypto.randomUUID();
    const bad = await put(auth.agent1, id, { wrappedKey: { ...wrapped(), scheme: 'plain' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('scheme');
    expect((await put(auth.agent1, id, { wrappedKey: { ...wrapped(), sealed: 'not base64!' } })).statusCode).toBe(400);
    expect((await get(auth.agent1, 'not-a-uuid')).statusCode).toBe(400);
  });
});
