import { createHmac } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkstationService } from '../../main/services/workstationService.js';
import { DEMO_PASSWORD } from '../../server/seed/demoLogins.js';
import type { CallResult } from '../../shared/rawBridge.js';
import { DEFAULT_SEAT_CONFIG, SipAccount, type SeatConfig } from '../../shared/seatConfig.js';
import { startBackend, type RunningBackend } from '../support/backendProcess.js';
import { makeTempDir } from '../support/tempDir.js';

/**
 * The softphone's account on a seat with per-agent SIP credentials (the default): after sign-in
 * the seat asks the backend for the agent's short-lived credential, and the page gets that, for
 * the agent's own extension, never a long-lived password.
 */
const SECRET = 'integration-secret-shared-with-the-proxy';
const tmp = makeTempDir('softphone-credential');
let backend: RunningBackend;
const seats: WorkstationService[] = [];
const PROXY: NonNullable<SeatConfig['sip']> = { wsUrl: 'wss://sip.hq.example:7443', domain: 'hq.example', credential: 'per_agent', iceServers: [], iceGatheringTimeoutMs: 500, ringNoAnswerSeconds: 20 };

async function seatOf(login: string, sip: SeatConfig['sip'] = PROXY): Promise<WorkstationService> {
  const seat = new WorkstationService({
    config: { ...DEFAULT_SEAT_CONFIG, backendUrl: backend.url, dataDir: path.join(tmp.dir, `${login}-${seats.length}`), syncIntervalMs: 600_000, sip },
    host: 'browser-seat',
    appVersion: 'test',
  });
  seats.push(seat);
  const signedIn = await seat.dispatch('session.login', { login, password: DEMO_PASSWORD });
  if (!signedIn.ok) throw new Error(signedIn.error.message);
  return seat;
}

const account = (seat: WorkstationService): Promise<CallResult> => seat.dispatch('softphone.account', {});

beforeAll(async () => {
  backend = await startBackend({ dir: tmp.dir, customers: 10, env: { SIP_CREDENTIAL_SECRET: SECRET, SIP_CREDENTIAL_LIFETIME_S: '3600' } });
}, 60_000);
afterAll(async () => {
  for (const seat of seats) seat.close();
  await backend?.stop();
  tmp.cleanup();
});

describe('softphone.account with per-agent SIP credentials', () => {
  it("gives the page the signed-in agent's own extension and short-lived credential, fresh on each ask", async () => {
    const seat = await seatOf('bj.agent1');
    const before = Date.now();
    const result = await account(seat);
    if (!result.ok) throw new Error(result.error.message);
    const sip = SipAccount.parse(result.output);
    expect(sip).toMatchObject({ wsUrl: PROXY.wsUrl, domain: 'hq.example', user: '1001', authorizationUser: expect.stringMatching(/^\d+:1001$/) });
    expect(sip.password).toBe(createHmac('sha1', SECRET).update(sip.authorizationUser!).digest('base64'));
    const expiresIn = Date.parse(sip.credentialExpiresAt!) - before;
    expect(expiresIn).toBeGreaterThan(3590_000);
    expect(expiresIn).toBeLessThanOrEqual(3601_000);
    expect(Number(sip.authorizationUser!.split(':')[0]) * 1000).toBe(Date.parse(sip.credentialExpiresAt!));
    // the other agent on another seat: their own extension
    const other = await account(await seatOf('bj.agent2'));
    expect(other.ok && (other.output as SipAccount).user).toBe('1002');
  });

  it('a role without a phone gets a clear credentials_unavailable, and so does a page before sign-in', async () => {
    const parts = await account(await seatOf('bj.parts'));
    expect(parts).toMatchObject({ ok: false, error: { code: 'credentials_unavailable', message: expect.stringMatching(/no SIP credential: .*has no phone/) } });
    const notSignedIn = new WorkstationService({ config: { ...DEFAULT_SEAT_CONFIG, backendUrl: backend.url, dataDir: path.join(tmp.dir, 'none'), sip: PROXY }, host: 'browser-seat', appVersion: 'test' });
    seats.push(notSignedIn);
    expect(await account(notSignedIn)).toMatchObject({ ok: false, error: { code: 'not_logged_in' } });
  });

  it('the seat_password fallback hands on the seat account unchanged (no backend credential)', async () => {
    const seat = await seatOf('bj.agent1', { ...PROXY, credential: 'seat_password', user: '2001', password: 'pbx-pw' });
    const result = await account(seat);
    expect(result).toMatchObject({ ok: true, output: { user: '2001', password: 'pbx-pw' } });
    expect((result as { output: SipAccount }).output.credentialExpiresAt).toBeUndefined();
  });
});
