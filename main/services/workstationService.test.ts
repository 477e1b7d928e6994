import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEAT_CONFIG } from '../../shared/seatConfig.js';
import { makeTempDir } from '../../tests/support/tempDir.js';
import { WorkstationService } from './workstationService.js';

const tmp = makeTempDir('workstation-service');
afterAll(() => tmp.cleanup());

describe('the workstation contract at the seat', () => {
  it('refuses a NUL character or a lone surrogate anywhere in the input as bad_input naming the field, before anything runs', async () => {
    const service = new WorkstationService({ config: { ...DEFAULT_SEAT_CONFIG, dataDir: tmp.dir }, host: 'browser-seat', appVersion: 't' });
    try {
      const result = await service.dispatch('customers.create', { name: '王\u0000芳', phone: '13800138000', province: '北京', city: '北京', address: 'x' });
      expect(result).toEqual({ ok: false, error: { code: 'bad_input', message: 'name: must not contain a NUL character' } });
      const surrogate = await service.dispatch('customers.create', { name: '王\uD83D芳', phone: '13800138000', province: '北京', city: '北京', address: 'x' });
      expect(surrogate).toEqual({ ok: false, error: { code: 'bad_input', message: 'name: must not contain a lone UTF-16 surrogate' } });
      // Without the NUL the same call gets past validation (and stops at the missing session).
      const clean = await service.dispatch('customers.create', { name: '王芳', phone: '13800138000', province: '北京', city: '北京', address: 'x' });
      expect(clean).toMatchObject({ ok: false, error: { code: 'not_logged_in' } });
    } finally {
      service.close();
    }
  });
});

describe('the desktop link at the seat', () => {
  it('keeps the phone the page reports (validated), and sends the host commands as desktop.command events', async () => {
    const service = new WorkstationService({ config: { ...DEFAULT_SEAT_CONFIG, dataDir: tmp.dir }, host: 'electron', appVersion: 't' });
    try {
      const events: unknown[] = [];
      service.on((event, payload) => events.push({ event, payload }));
      const status = { loggedIn: true, agentState: 'ready', registered: true, callActive: false, ringing: false };
      expect(await service.dispatch('desktop.reportPhone', status)).toEqual({ ok: true, output: { ok: true } });
      expect(service.desktop.phone).toEqual(status);
      expect(await service.dispatch('desktop.reportPhone', { ...status, agentState: 'asleep' })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
      expect(service.desktop.phone).toEqual(status);
      service.desktop.send({ kind: 'answer' });
      expect(events).toEqual([{ event: 'desktop.command', payload: { kind: 'answer' } }]);
      expect(service.unsyncedChanges).toBe(0);
    } finally {
      service.close();
    }
  });
});

describe('the backend on the host\'s network stack', () => {
  it('sends the login through the fetch the host gives (the Electron app: net.fetch with the system proxy)', async () => {
    const seen: string[] = [];
    const hostFetch: typeof fetch = async (input) => {
      seen.push(new URL(String(input)).pathname);
      throw new TypeError('fetch failed');
    };
    const service = new WorkstationService({ config: { ...DEFAULT_SEAT_CONFIG, dataDir: tmp.dir }, host: 'electron', appVersion: 't', fetch: hostFetch });
    try {
      const result = await service.dispatch('session.login', { login: 'bj.agent1', password: 'demo1234' });
      expect(result.ok).toBe(false);
      expect(seen).toContain('/auth/login');
    } finally {
      service.close();
    }
  });
});
