import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SEAT_CONFIG } from '../../shared/seatConfig.js';
import { makeTempDir } from '../../tests/support/tempDir.js';
import { SeatConfigError } from './seatConfigLoader.js';
import { machineSeatFilePath, provisionSeat } from './seatProvisioning.js';

const tmp = makeTempDir('provisioning');
afterAll(() => tmp.cleanup());

function seatFile(name: string, content: unknown): string {
  const file = path.join(tmp.dir, name);
  fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

const DEV_ENV = { BACKEND_URL: 'http://127.0.0.1:9999', SEAT_CODE: '42', SEAT_DATA_DIR: '/tmp/dev-seat' };

describe('machine seat file', () => {
  it('is under ProgramData on Windows and /etc on Linux', () => {
    expect(machineSeatFilePath('win32', { ProgramData: 'D:\\ProgramData' })).toBe('D:\\ProgramData\\AgentWorkstation\\seat.json');
    expect(machineSeatFilePath('win32', {})).toBe('C:\\ProgramData\\AgentWorkstation\\seat.json');
    expect(machineSeatFilePath('linux', { ProgramData: 'D:\\ProgramData' })).toBe('/etc/agent-workstation/seat.json');
  });
});

describe('provisioning an installed app', () => {
  it('reads the machine seat file, ignores the environment, keeps the data in the user profile', () => {
    const file = seatFile('installed.json', { backendUrl: 'https://hq.example', seatCode: '07', dataDir: 'C:/shared', syncIntervalMs: 5000 });
    const provisioned = provisionSeat({
      platform: 'win32',
      isPackaged: true,
      env: { ...DEV_ENV, SEAT_CONFIG: '/elsewhere/seat.json' },
      userDataDir: 'C:\\Users\\li\\AppData\\Roaming\\Agent Workstation',
      machineSeatFile: file,
    });
    expect(provisioned).toEqual({
      kind: 'ready',
      seatFile: file,
      config: expect.objectContaining({
        backendUrl: 'https://hq.example',
        seatCode: '07',
        dataDir: 'C:\\Users\\li\\AppData\\Roaming\\Agent Workstation\\seat',
      }),
    });
  });

  it('asks for setup, naming the file, when IT has not deployed it; the first-run screen saves in the profile', () => {
    const missing = path.join(tmp.dir, 'not-deployed.json');
    expect(provisionSeat({ platform: 'linux', isPackaged: true, env: DEV_ENV, userDataDir: '/home/li/.config/aw', machineSeatFile: missing })).toEqual({
      kind: 'needs-seat-file',
      seatFile: missing,
      saveTo: '/home/li/.config/aw/seat.json',
    });
  });

  it('reads the seat file the first-run screen saved; the machine file, once IT deploys it, wins', () => {
    const userDataDir = path.join(tmp.dir, 'profile');
    fs.mkdirSync(userDataDir);
    fs.writeFileSync(path.join(userDataDir, 'seat.json'), JSON.stringify({ backendUrl: 'https://branch.example', seatCode: '05', syncIntervalMs: 5000 }));
    const machine = path.join(tmp.dir, 'machine-later.json');
    const host = { platform: 'linux' as const, isPackaged: true, env: {}, userDataDir, machineSeatFile: machine };
    expect(provisionSeat(host)).toMatchObject({ kind: 'ready', seatFile: path.join(userDataDir, 'seat.json'), config: { seatCode: '05', dataDir: path.join(userDataDir, 'seat') } });
    fs.writeFileSync(machine, JSON.stringify({ backendUrl: 'https://hq.example', seatCode: '09' }));
    expect(provisionSeat(host)).toMatchObject({ kind: 'ready', seatFile: machine, config: { seatCode: '09' } });
  });

  it('updates follow IT\'s machine file only: a seat file the user saved cannot turn them off or point them elsewhere', () => {
    const userDataDir = path.join(tmp.dir, 'profile-updates');
    fs.mkdirSync(userDataDir);
    const updates = { enabled: false, url: 'https://elsewhere.example/feed/' };
    fs.writeFileSync(path.join(userDataDir, 'seat.json'), JSON.stringify({ backendUrl: 'https://branch.example', seatCode: '05', updates }));
    const machine = path.join(tmp.dir, 'machine-updates.json');
    const host = { platform: 'linux' as const, isPackaged: true, env: {}, userDataDir, machineSeatFile: machine };
    const fromUser = provisionSeat(host);
    expect(fromUser.kind === 'ready' && fromUser.config.updates).toBe(undefined);
    fs.writeFileSync(machine, JSON.stringify({ backendUrl: 'https://hq.example', seatCode: '09', updates: { enabled: false } }));
    expect(provisionSeat(host)).toMatchObject({ kind: 'ready', seatFile: machine, config: { updates: { enabled: false, checkEveryHours: 4 } } });
    fs.writeFileSync(machine, JSON.stringify({ backendUrl: 'https://hq.example', seatCode: '09', updates: { url: 'http://updates.hq.example/aw/' } }));
    expect(() => provisionSeat(host)).toThrow(/updates\.url must be https/);
  });

  it('refuses a seat file that is there but wrong, naming the field', () => {
    const file = seatFile('wrong.json', { backendUrl: 'https://hq.example', seatCode: '7' });
    expect(() => provisionSeat({ platform: 'linux', isPackaged: true, env: {}, userDataDir: '/home/li/.config/aw', machineSeatFile: file })).toThrow(
      SeatConfigError,
    );
    expect(() => provisionSeat({ platform: 'linux', isPackaged: true, env: {}, userDataDir: '/u', machineSeatFile: file })).toThrow(/seatCode/);
  });
});

describe('provisioning from a checkout', () => {
  it('SEAT_CONFIG naming a file that is not there: the first-run screen, saving to that file', () => {
    const missing = path.join(tmp.dir, 'to-be-made.json');
    expect(provisionSeat({ platform: 'linux', isPackaged: false, env: { SEAT_CONFIG: missing }, userDataDir: '/u', machineSeatFile: path.join(tmp.dir, 'absent.json') })).toEqual({
      kind: 'needs-seat-file',
      seatFile: missing,
      saveTo: missing,
    });
  });

  it('honours SEAT_CONFIG and the environment overrides', () => {
    const file = seatFile('dev.json', { seatCode: '03' });
    const provisioned = provisionSeat({
      platform: 'linux',
      isPackaged: false,
      env: { SEAT_CONFIG: file, BACKEND_URL: DEV_ENV.BACKEND_URL },
      userDataDir: '/home/dev/.config/aw',
      machineSeatFile: path.join(tmp.dir, 'absent.json'),
    });
    expect(provisioned).toMatchObject({ kind: 'ready', seatFile: file, config: { seatCode: '03', backendUrl: DEV_ENV.BACKEND_URL } });
  });

  it('falls back to the machine file, then to the development defaults', () => {
    const machine = seatFile('machine.json', { seatCode: '11' });
    const host = { platform: 'linux' as const, isPackaged: false, env: {}, userDataDir: '/home/dev/.config/aw' };
    expect(provisionSeat({ ...host, machineSeatFile: machine })).toMatchObject({ kind: 'ready', seatFile: machine, config: { seatCode: '11' } });
    expect(provisionSeat({ ...host, machineSeatFile: path.join(tmp.dir, 'absent.json') })).toEqual({
      kind: 'ready',
      seatFile: null,
      config: DEFAULT_SEAT_CONFIG,
    });
  });

  it('refuses a plain-http backend off this PC, and accepts https or loopback', () => {
    const host = { platform: 'linux' as const, isPackaged: false, userDataDir: '/u', machineSeatFile: path.join(tmp.dir, 'absent.json') };
    expect(() => provisionSeat({ ...host, env: { BACKEND_URL: 'http://hq.example:8787' } })).toThrow(/plain http off this PC.*https/);
    for (const backendUrl of ['https://hq.example', 'http://127.0.0.1:8787', 'http://127.0.0.2:9000', 'http://localhost:8787', 'http://[::1]:8787']) {
      expect(provisionSeat({ ...host, env: { BACKEND_URL: backendUrl } })).toMatchObject({ config: { backendUrl } });
    }
  });
});
