import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, LoginResponse, SessionsRevoked } from '../../shared/api/rest.js';
import { buildServer } from '../../server/app.js';
import { login } from '../../server/auth/login.js';
import { DEMO_PASSWORD } from '../../server/seed/demoLogins.js';
import { ApiFailure } from '../../server/http/apiFailure.js';
import { testEngines } from './support/testDatabase.js';
import { startTestBackend, type TestBackend } from './support/testBackend.js';

describe.each(testEngines())('sign-in throttling, sign-out and revocation on %s', (engine) => {
  let backend: TestBackend;
  beforeAll(async () => {
    backend = await startTestBackend({ customers: 5, engine });
  });
  afterAll(() => backend.close());

  const signIn = (name: string, password: string, remoteAddress: string) =>
    backend.app.inject({ method: 'POST', url: '/auth/login', payload: { login: name, password }, remoteAddress });
  const audit = (name: string) =>
    backend.database.db.selectFrom('authAudit').select(['event', 'address', 'actorAgentId']).where('login', '=', name).orderBy('at').execute();
  /** The error code of a direct call to login() at `now`, or 'ok'. */
  const attemptAt = async (name: string, password: string, address: string, now: Date) => {
    try {
      await login(backend.database.db, { login: name, password }, address, now);
      return 'ok';
    } catch (error) {
      if (error instanceof ApiFailure) return error.code;
      throw error;
    }
  };

  it('after 5 failures for a login, the next attempt waits — even with the right password — and every attempt is audited', async () => {
    for (let i = 0; i < 5; i++) expect((await signIn('bj.agent2', 'guess', '10.0.0.1')).statusCode).toBe(401);
    const held = await signIn('bj.agent2', DEMO_PASSWORD, '10.0.0.2');
    expect(held.statusCode).toBe(429);
    expect(ApiError.parse(held.json()).error).toMatchObject({ code: 'too_many_attempts', details: { retryAfterSeconds: 1 } });
    expect((await audit('bj.agent2')).map((r) => r.event)).toEqual([...Array<string>(5).fill('wrong_credentials'), 'throttled']);
    // The delay over, the right password works and clears the count.
    expect(await attemptAt('bj.agent2', DEMO_PASSWORD, '10.0.0.2', new Date(Date.now() + 2_000))).toBe('ok');
    expect((await signIn('bj.agent2', 'guess', '10.0.0.2')).statusCode).toBe(401);
  });

  it('20 failures in a row lock the login for 15 minutes: the right password is refused until then', async () => {
    let now = Date.now();
    for (let failures = 0; failures < 20; ) {
      now += 61_000; // past the longest delay
      const outcome = await attemptAt('gz.agent2', 'guess', '10.0.1.1', new Date(now));
      if (outcome === 'invalid_credentials') failures++;
      else expect(outcome).toBe('too_many_attempts');
    }
    expect(await attemptAt('gz.agent2', DEMO_PASSWORD, '10.0.1.2', new Date(now + 14 * 60_000))).toBe('too_many_attempts');
    expect(await attemptAt('gz.agent2', DEMO_PASSWORD, '10.0.1.2', new Date(now + 16 * 60_000))).toBe('ok');
  });

  it('many failed logins from one address hold back that address, not the others', async () => {
    for (let i = 0; i < 20; i++) expect((await signIn(`nobody${i}`, 'guess', '10.0.2.1')).statusCode).toBe(401);
    expect((await signIn('gz.agent1', DEMO_PASSWORD, '10.0.2.1')).statusCode).toBe(429);
    expect((await signIn('gz.agent1', DEMO_PASSWORD, '10.0.2.2')).statusCode).toBe(200);
  });

  it('behind the trusted balancer (TRUST_PROXY), throttling and the audit see the client it names; anyone else cannot name one', async () => {
    const app = buildServer({ database: backend.database, trustProxy: '10.9.0.1, 10.9.0.2' });
    try {
      const attempt = (remoteAddress: string, forwardedFor: string) =>
        app.inject({ method: 'POST', url: '/auth/login', payload: { login: 'proxied.nobody', password: 'guess' }, remoteAddress, headers: { 'x-forwarded-for': forwardedFor } });
      expect((await attempt('10.9.0.2', '198.51.100.7')).statusCode).toBe(401);
      // A client talking to the API directly cannot pose as another address.
      expect((await attempt('203.0.113.50', '198.51.100.8')).statusCode).toBe(401);
      expect((await audit('proxied.nobody')).map((r) => r.address)).toEqual(['198.51.100.7', '203.0.113.50']);
    } finally {
      await app.close();
    }
  });

  it('POST /auth/logout ends the token at once, and is audited', async () => {
    const response = await signIn('bj.agent1', DEMO_PASSWORD, '10.0.3.1');
    const authorization = `Bearer ${LoginResponse.parse(response.json()).token}`;
    const other = await backend.bearer('bj.agent1');
    expect((await backend.app.inject({ method: 'GET', url: '/agents', headers: { authorization } })).statusCode).toBe(200);
    const out = await backend.app.inject({ method: 'POST', url: '/auth/logout', headers: { authorization }, remoteAddress: '10.0.3.1' });
    expect(out.statusCode).toBe(200);
    expect(SessionsRevoked.parse(out.json())).toEqual({ revoked: 1 });
    expect((await backend.app.inject({ method: 'GET', url: '/agents', headers: { authorization } })).statusCode).toBe(401);
    // Only that session: the agent's other seat stays signed in.
    expect((await backend.app.inject({ method: 'GET', url: '/agents', headers: { authorization: other } })).statusCode).toBe(200);
    expect((await audit('bj.agent1')).map((r) => r.event)).toContain('signed_out');
  });

  it("a supervisor ends every session of an agent of their branch; nobody else may", async () => {
    const target = LoginResponse.parse((await signIn('bj.agent1', DEMO_PASSWORD, '10.0.4.1')).json());
    const seats = [`Bearer ${target.token}`, await backend.bearer('bj.agent1')];
    const revoke = (authorization: string, agentId: string) =>
      backend.app.inject({ method: 'POST', url: `/agents/${agentId}/sessions/revoke`, headers: { authorization } });

    expect((await revoke(await backend.bearer('bj.agent2'), target.agent.id)).statusCode).toBe(403);
    expect((await revoke(await backend.bearer('gz.super'), target.agent.id)).statusCode).toBe(403);
    for (const authorization of seats) expect((await backend.app.inject({ method: 'GET', url: '/agents', headers: { authorization } })).statusCode).toBe(200);

    const supervisor = await backend.bearer('bj.super');
    const response = await revoke(supervisor, target.agent.id);
    expect(response.statusCode).toBe(200);
    expect(SessionsRevoked.parse(response.json()).revoked).toBeGreaterThanOrEqual(2);
    for (const authorization of seats) expect((await backend.app.inject({ method: 'GET', url: '/agents', headers: { authorization } })).statusCode).toBe(401);
    expect((await backend.app.inject({ method: 'GET', url: '/agents', headers: { authorization: supervisor } })).statusCode).toBe(200);
    const [record] = (await audit('bj.agent1')).filter((r) => r.event === 'sessions_revoked');
    expect(record?.actorAgentId).toBeTruthy();
  });

  it('both routes are in /openapi.json', async () => {
    const { paths } = (await backend.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(paths['/auth/logout']?.post).toBeDefined();
    expect(paths['/agents/{id}/sessions/revoke']?.post).toBeDefined();
  });
});
