import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, LoginResponse } from '../../shared/api/rest.js';
import { hashPassword, verifyPassword } from '../../server/auth/passwords.js';
import { DEMO_PASSWORD } from '../../server/seed/demoLogins.js';
import { startTestBackend, type TestBackend } from './support/testBackend.js';

let backend: TestBackend;
beforeAll(async () => {
  backend = await startTestBackend({ customers: 20 });
});
afterAll(() => backend.close());

const login = (payload: unknown) => backend.app.inject({ method: 'POST', url: '/auth/login', payload: payload as object });

describe('POST /auth/login', () => {
  it('answers a token, the agent and their branch for the right password', async () => {
    const response = await login({ login: 'gz.agent1', password: DEMO_PASSWORD });
    expect(response.statusCode).toBe(200);
    const body = LoginResponse.parse(response.json());
    expect(body.agent.login).toBe('gz.agent1');
    expect(body.branch.code).toBe('GZ01');
    expect(body.agent.branchId).toBe(body.branch.id);
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(body)).not.toContain('passwordHash');
  });

  it('answers 401 invalid_credentials, with one message, for a wrong password or an unknown login', async () => {
    const wrongPassword = await login({ login: 'gz.agent1', password: 'not-the-password' });
    const unknownLogin = await login({ login: 'nobody', password: DEMO_PASSWORD });
    for (const response of [wrongPassword, unknownLogin]) {
      expect(response.statusCode).toBe(401);
      expect(ApiError.parse(response.json()).error.code).toBe('invalid_credentials');
    }
    expect(wrongPassword.json().error.message).toBe(unknownLogin.json().error.message);
  });

  it('answers 400 bad_input naming the missing field', async () => {
    const response = await login({ login: 'gz.agent1' });
    expect(response.statusCode).toBe(400);
    const { error } = ApiError.parse(response.json());
    expect(error.code).toBe('bad_input');
    expect(error.message).toContain('password');
    expect(error.details).toEqual([expect.objectContaining({ path: ['password'] })]);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const response = await backend.app.inject({ method: 'POST', url: '/auth/login', headers: { 'content-type': 'application/json' }, payload: '{nope' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('bad_input');
  });

  it('stores only a hash of the token, which expires after 12 hours', async () => {
    const before = Date.now();
    const token = LoginResponse.parse((await login({ login: 'bj.agent2', password: DEMO_PASSWORD })).json()).token;
    const sessions = await backend.database.db.selectFrom('sessions').selectAll().execute();
    expect(sessions.some((s) => s.tokenHash === token)).toBe(false);
    const newest = sessions.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
    const lifetime = Date.parse(newest?.expiresAt ?? '') - before;
    expect(lifetime).toBeGreaterThan(12 * 3_600_000 - 5_000);
    expect(lifetime).toBeLessThan(12 * 3_600_000 + 5_000);
  });
});

describe('bearer tokens', () => {
  it('are required: none, unknown or malformed → 401 unauthorized', async () => {
    for (const authorization of [undefined, 'Bearer not-a-real-token', 'Basic Zm9vOmJhcg==', 'Bearer']) {
      const response = await backend.app.inject({
        method: 'GET',
        url: '/customers?query=王',
        headers: authorization ? { authorization } : {},
      });
      expect(response.statusCode).toBe(401);
      expect(ApiError.parse(response.json()).error.code).toBe('unauthorized');
    }
  });

  it('stop working once the session expired', async () => {
    const authorization = await backend.bearer('bj.agent1');
    const ok = await backend.app.inject({ method: 'GET', url: '/customers?query=王', headers: { authorization } });
    expect(ok.statusCode).toBe(200);
    await backend.database.db.updateTable('sessions').set({ expiresAt: new Date(Date.now() - 1000).toISOString() }).execute();
    const expired = await backend.app.inject({ method: 'GET', url: '/customers?query=王', headers: { authorization } });
    expect(expired.statusCode).toBe(401);
  });
});

describe('password hashes', () => {
  it('are self-describing scrypt hashes with a random salt, verified only by the right password', async () => {
    const first = await hashPassword('s3cret!');
    const second = await hashPassword('s3cret!');
    expect(first).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword('s3cret!', first)).toBe(true);
    expect(await verifyPassword('s3cret?', first)).toBe(false);
    expect(await verifyPassword('s3cret!', 'plain-text')).toBe(false);
  });
});
