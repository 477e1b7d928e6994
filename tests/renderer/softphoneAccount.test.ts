import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy, contentSecurityPolicyFor } from '../../main/securityPolicy.js';
import { loadSeatConfig, SeatConfigError } from '../../main/services/seatConfigLoader.js';
import { WorkstationService } from '../../main/services/workstationService.js';
import { DEFAULT_SEAT_CONFIG, sipConnectSource } from '../../shared/seatConfig.js';
import { seatClient } from '../support/seatClient.js';
import { makeTempDir } from '../support/tempDir.js';

/** The softphone's SIP account: seat file + environment, the contract method, the CSP. */
const tmp = makeTempDir('softphone-account');
afterAll(() => tmp.cleanup());

function seatFile(content: unknown): string {
  const file = path.join(tmp.dir, `seat-${Math.random().toString(36).slice(2)}.json`);
  fs.writeFileSync(file, JSON.stringify(content));
  return file;
}

/** The seat_password fallback (a PBX without auth_ephemeral): the seat's own user and password. */
const SIP = { wsUrl: 'wss://sip.hq.example:7443', domain: 'hq.example', user: '1001', password: 'secret-pw', credential: 'seat_password' as const };

describe('SIP account in the seat configuration', () => {
  it('has none by default', () => {
    expect(loadSeatConfig({}).sip).toBeUndefined();
  });

  it('by default takes per-agent credentials from the backend: the seat file names only the proxy, and a password in it is refused', () => {
    const proxy = { wsUrl: 'wss://sip.hq.example:7443', domain: 'hq.example' };
    expect(loadSeatConfig({ SEAT_CONFIG: seatFile({ sip: proxy }) }).sip).toEqual({ ...proxy, credential: 'per_agent', iceServers: [], iceGatheringTimeoutMs: 500, ringNoAnswerSeconds: 20 });
    let message = '';
    try {
      loadSeatConfig({ SEAT_CONFIG: seatFile({ sip: { ...proxy, user: '1001', password: 'long-lived-pw' } }) });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/sip\.password is not used: the backend issues each agent a short-lived SIP credential/);
    expect(message).not.toContain('long-lived-pw');
    expect(() => loadSeatConfig({ SIP_WS_URL: 'ws://127.0.0.1:5066', SIP_PASSWORD: 'pw' })).toThrow(/seat_password/);
    // the fallback must be asked for, and then needs its user
    expect(() => loadSeatConfig({ SEAT_CONFIG: seatFile({ sip: { ...proxy, credential: 'seat_password', password: 'pw' } }) })).toThrow(/sip\.user is required/);
  });

  it('reads the seat file, with defaults for ICE', () => {
    const config = loadSeatConfig({ SEAT_CONFIG: seatFile({ sip: { ...SIP, displayName: '坐席 7' } }) });
    expect(config.sip).toEqual({ ...SIP, displayName: '坐席 7', iceServers: [], iceGatheringTimeoutMs: 500, ringNoAnswerSeconds: 20 });
  });

  it('takes the account from the environment, over the seat file, the domain defaulting to the WebSocket host', () => {
    const env = { SIP_WS_URL: 'ws://127.0.0.1:5066', SIP_USER: '1002', SIP_PASSWORD: 'rig-1002-pw', SIP_CREDENTIAL: 'seat_password' };
    expect(loadSeatConfig(env).sip).toMatchObject({ wsUrl: 'ws://127.0.0.1:5066', domain: '127.0.0.1', user: '1002', password: 'rig-1002-pw' });
    const both = loadSeatConfig({ ...env, SEAT_CONFIG: seatFile({ sip: SIP }), SIP_DOMAIN: 'rig.local' });
    expect(both.sip).toMatchObject({ wsUrl: 'ws://127.0.0.1:5066', domain: 'rig.local', user: '1002', password: 'rig-1002-pw' });
  });

  it('refuses a bad account naming the field, never printing the password', () => {
    const bad = (env: NodeJS.ProcessEnv) => {
      try {
        loadSeatConfig(env);
      } catch (error) {
        expect(error).toBeInstanceOf(SeatConfigError);
        return (error as Error).message;
      }
      throw new Error('accepted');
    };
    expect(bad({ SIP_WS_URL: 'http://127.0.0.1:5066', SIP_USER: '1001', SIP_PASSWORD: 'pw-not-shown', SIP_CREDENTIAL: 'seat_password' })).toMatch(/sip\.wsUrl/);
    const missing = bad({ SIP_WS_URL: 'ws://127.0.0.1:5066', SIP_PASSWORD: 'pw-not-shown', SIP_CREDENTIAL: 'seat_password' });
    expect(missing).toMatch(/sip\.user/);
    expect(missing).not.toContain('pw-not-shown');
    expect(bad({ SEAT_CONFIG: seatFile({ sip: { ...SIP, password: '' } }) })).toMatch(/sip\.password/);
    expect(bad({ SEAT_CONFIG: seatFile({ sip: { ...SIP, extra: 1 } }) })).toMatch(/extra/);
  });
});

describe('softphone.account', () => {
  it('needs a session, then gives the seat account (or null)', async () => {
    const service = new WorkstationService({ config: { ...DEFAULT_SEAT_CONFIG, dataDir: tmp.dir, sip: { ...SIP, iceServers: [], iceGatheringTimeoutMs: 500, ringNoAnswerSeconds: 20 } }, host: 'browser-seat', appVersion: 't' });
    await expect(seatClient(service).softphone.account()).rejects.toMatchObject({ code: 'not_logged_in' });
    service.close();
  });
});

describe('CSP for the softphone', () => {
  it('admits the SIP WebSocket in connect-src only', () => {
    expect(sipConnectSource({ sip: undefined })).toBeNull();
    const csp = contentSecurityPolicyFor({ sip: { ...SIP, wsUrl: 'wss://sip.hq.example:7443/ws', iceServers: [], iceGatheringTimeoutMs: 500, ringNoAnswerSeconds: 20 } });
    expect(csp).toContain("connect-src 'self' wss://sip.hq.example:7443;");
    expect(csp).toContain("script-src 'self';");
    expect(contentSecurityPolicyFor({})).toContain("connect-src 'self';");
    expect(() => contentSecurityPolicy(["ws://x 'unsafe-inline'"])).toThrow(/WebSocket source/);
  });
});
