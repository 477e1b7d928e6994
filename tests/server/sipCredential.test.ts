import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SipCredential } from '../../shared/domain/sipCredential.js';
import { ephemeralSipCredential, sipCredentialSettingsFromEnv } from '../../server/sip/sipCredentials.js';
import { startTestBackend, useTestBackend } from './support/testBackend.js';
import { testEngines } from './support/testDatabase.js';

const SECRET = 'test-secret-shared-with-kamailio';
const HOUR = 3600;
/** The backend's clock: fixed, so expiries are exact. */
let clockAt = new Date('2026-12-07T08:00:00.000Z');

async function credential(backend: { app: import('fastify').FastifyInstance }, authorization: string) {
  const response = await backend.app.inject({ method: 'POST', url: '/sip/credential', headers: { authorization } });
  return { status: response.statusCode, body: response.json<Record<string, unknown>>() };
}

describe.each(testEngines())('POST /sip/credential on %s', (engine) => {
  const { backend, auth } = useTestBackend(
    { engine, customers: 20, clock: () => clockAt, sipCredentials: { secret: SECRET, lifetimeSeconds: 2 * HOUR } },
    { agent: 'bj.agent1', agent2: 'bj.agent2', gz: 'gz.agent1', supervisor: 'bj.super', parts: 'bj.parts', hq: 'hq.admin' },
  );

  it("issues the agent's own auth_ephemeral credential: \"<expiry>:<sipUser>\", base64(HMAC-SHA1(secret, user)), expiring after the lifetime", async () => {
    const { status, body } = await credential(backend, auth.agent);
    expect(status).toBe(200);
    const issued = SipCredential.parse(body);
    const expiry = Math.floor(clockAt.getTime() / 1000) + 2 * HOUR;
    expect(issued).toEqual({
      sipUser: '1001',
      user: `${expiry}:1001`,
      password: createHmac('sha1', SECRET).update(`${expiry}:1001`).digest('base64'),
      expiresAt: new Date(expiry * 1000).toISOString(),
    });
    // per agent: another agent gets their own extension; a supervisor has a phone too
    expect((await credential(backend, auth.agent2)).body).toMatchObject({ sipUser: '1002', user: `${expiry}:1002` });
    expect((await credential(backend, auth.gz)).body).toMatchObject({ sipUser: '1101' });
    expect((await credential(backend, auth.supervisor)).body).toMatchObject({ sipUser: '1003' });
  });

  it('a later request gets a later credential (the seat renews it before it expires)', async () => {
    const first = SipCredential.parse((await credential(backend, auth.agent)).body);
    clockAt = new Date(clockAt.getTime() + 30 * 60_000);
    const second = SipCredential.parse((await credential(backend, auth.agent)).body);
    expect(Date.parse(second.expiresAt) - Date.parse(first.expiresAt)).toBe(30 * 60_000);
    expect(second.password).not.toBe(first.password);
  });

  it('refuses roles without a phone and an agent without a SIP user (403), and anyone not signed in (401)', async () => {
    for (const who of [auth.parts, auth.hq]) {
      const { status, body } = await credential(backend, who);
      expect(status).toBe(403);
      expect(body).toMatchObject({ error: { code: 'forbidden', message: expect.stringMatching(/has no phone/) } });
    }
    await backend.database.db.updateTable('agents').set({ sipUser: null }).where('login', '=', 'bj.agent2').execute();
    const none = await credential(backend, auth.agent2);
    expect(none.status).toBe(403);
    expect(none.body).toMatchObject({ error: { message: expect.stringMatching(/bj\.agent2 has no SIP user/) } });
    expect((await credential(backend, 'Bearer not-a-token')).status).toBe(401);
  });

  it('one extension never belongs to two agents', async () => {
    await expect(backend.database.db.updateTable('agents').set({ sipUser: '1001' }).where('login', '=', 'gz.agent2').execute()).rejects.toThrow();
  });
});

describe('the credential and its settings', () => {
  it('never outlives the session it was asked with', async () => {
    const at = new Date();
    const backend = await startTestBackend({ customers: 5, sipCredentials: { secret: SECRET, lifetimeSeconds: 7 * 24 * HOUR } });
    try {
      const bearer = await backend.bearer('bj.agent1');
      const issued = SipCredential.parse((await credential(backend, bearer)).body);
      const sessionEnd = (await backend.database.db.selectFrom('sessions').select('expiresAt').orderBy('expiresAt', 'desc').executeTakeFirstOrThrow()).expiresAt;
      expect(Date.parse(issued.expiresAt)).toBeLessThanOrEqual(Date.parse(sessionEnd));
      expect(Date.parse(issued.expiresAt)).toBeLessThan(at.getTime() + 13 * HOUR * 1000);
    } finally {
      await backend.close();
    }
  });

  it('a backend without the secret issues none (503)', async () => {
    const backend = await startTestBackend({ customers: 5 });
    try {
      const { status, body } = await credential(backend, await backend.bearer('bj.agent1'));
      expect(status).toBe(503);
      expect(body).toMatchObject({ error: { message: expect.stringMatching(/SIP_CREDENTIAL_SECRET/) } });
    } finally {
      await backend.close();
    }
  });

  it('reads the secret and the lifetime from the environment, and refuses a weak secret or a bad lifetime', () => {
    expect(sipCredentialSettingsFromEnv({})).toBeNull();
    expect(sipCredentialSettingsFromEnv({ SIP_CREDENTIAL_SECRET: SECRET })).toEqual({ secret: SECRET, lifetimeSeconds: 12 * HOUR });
    expect(sipCredentialSettingsFromEnv({ SIP_CREDENTIAL_SECRET: SECRET, SIP_CREDENTIAL_LIFETIME_S: '600' })).toEqual({ secret: SECRET, lifetimeSeconds: 600 });
    expect(() => sipCredentialSettingsFromEnv({ SIP_CREDENTIAL_SECRET: 'short' })).toThrow(/at least 16/);
    expect(() => sipCredentialSettingsFromEnv({ SIP_CREDENTIAL_SECRET: SECRET, SIP_CREDENTIAL_LIFETIME_S: '12h' })).toThrow(/SIP_CREDENTIAL_LIFETIME_S/);
  });

  it('whole seconds: the expiry in the user name is the instant of expiresAt', () => {
    const c = ephemeralSipCredential(SECRET, '1001', new Date('2026-12-07T20:00:00.900Z'));
    expect(c.user).toBe(`${Date.parse('2026-12-07T20:00:00Z') / 1000}:1001`);
    expect(c.expiresAt).toBe('2026-12-07T20:00:00.000Z');
  });
});
