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

describe('the Windows policy key (HKLM\\SOFTWARE\\Policies\\AgentWorkstation) over the seat file', () => {
  const policy = (entries: Record<string, [string, string]>) => () => new Map(Object.entries(entries).map(([name, [type, data]]) => [name, { type, data }]));
  const windowsUser = 'C:\\Users\\li\\AppData\\Roaming\\Agent Workstation';

  it('its SeatFile wins over the ProgramData file; its BackendUrl and SeatCode over the file\'s values', () => {
    const programData = seatFile('programdata.json', { backendUrl: 'https://programdata.example', seatCode: '01' });
    const share = seatFile('share.json', { backendUrl: 'https://share.example', seatCode: '02', syncIntervalMs: 7000 });
    const host = { platform: 'win32' as const, isPackaged: true, env: {}, userDataDir: windowsUser, machineSeatFile: programData };
    expect(provisionSeat({ ...host, readPolicy: policy({ SeatFile: ['REG_SZ', share] }) })).toMatchObject({
      kind: 'ready',
      seatFile: share,
      config: { backendUrl: 'https://share.example', seatCode: '02', syncIntervalMs: 7000 },
    });
    expect(provisionSeat({ ...host, readPolicy: policy({ SeatFile: ['REG_SZ', share], BackendUrl: ['REG_SZ', 'https://policy.example'], SeatCode: ['REG_SZ', '09'] }) })).toMatchObject({
      kind: 'ready',
      seatFile: share,
      config: { backendUrl: 'https://policy.example', seatCode: '09', syncIntervalMs: 7000, dataDir: `${windowsUser}\\seat` },
    });
    // no policy key: the ProgramData file, as before
    expect(provisionSeat({ ...host, readPolicy: () => null })).toMatchObject({ kind: 'ready', seatFile: programData, config: { seatCode: '01' } });
  });

  it('BackendUrl and SeatCode alone provision the seat without any file; one of them alone does not', () => {
    const host = { platform: 'win32' as const, isPackaged: true, env: {}, userDataDir: windowsUser, machineSeatFile: path.join(tmp.dir, 'none.json') };
    expect(provisionSeat({ ...host, readPolicy: policy({ BackendUrl: ['REG_SZ', 'https://hq.example'], SeatCode: ['REG_SZ', '12'] }) })).toEqual({
      kind: 'ready',
      seatFile: null,
      config: { ...DEFAULT_SEAT_CONFIG, backendUrl: 'https://hq.example', seatCode: '12', dataDir: `${windowsUser}\\seat` },
    });
    expect(provisionSeat({ ...host, readPolicy: policy({ BackendUrl: ['REG_SZ', 'https://hq.example'] }) })).toMatchObject({ kind: 'needs-seat-file' });
  });

  it('a SeatFile that is not there: the first-run screen names it', () => {
    const missing = 'Z:\\Seats\\BJ01-07.json';
    expect(provisionSeat({ platform: 'win32', isPackaged: true, env: {}, userDataDir: path.join(tmp.dir, 'empty-profile'), readPolicy: policy({ SeatFile: ['REG_SZ', missing] }) })).toMatchObject({
      kind: 'needs-seat-file',
      seatFile: missing,
    });
  });

  it('UpdatesEnabled turns updates off (or on) over IT\'s file; the policy is checked like the file', () => {
    const host = { platform: 'win32' as const, isPackaged: true, env: {}, userDataDir: windowsUser, machineSeatFile: path.join(tmp.dir, 'none.json') };
    const seat = { BackendUrl: ['REG_SZ', 'https://hq.example'], SeatCode: ['REG_SZ', '05'] } as Record<string, [string, string]>;
    expect(provisionSeat({ ...host, readPolicy: policy({ ...seat, UpdatesEnabled: ['REG_DWORD', '0x0'] }) })).toMatchObject({ config: { updates: { enabled: false, checkEveryHours: 4 } } });
    const withoutSay = provisionSeat({ ...host, readPolicy: policy(seat) });
    expect(withoutSay.kind === 'ready' && withoutSay.config.updates).toBe(undefined);
    const itsFile = seatFile('its-updates.json', { backendUrl: 'https://hq.example', seatCode: '09', updates: { channel: 'pilot' } });
    expect(provisionSeat({ ...host, machineSeatFile: itsFile, readPolicy: policy({ UpdatesEnabled: ['REG_DWORD', '0x0'] }) })).toMatchObject({ config: { updates: { enabled: false, channel: 'pilot' } } });
    expect(provisionSeat({ ...host, machineSeatFile: itsFile, readPolicy: () => null })).toMatchObject({ config: { updates: { enabled: true, channel: 'pilot' } } });
    expect(() => provisionSeat({ ...host, machineSeatFile: itsFile, readPolicy: policy({ BackendUrl: ['REG_SZ', 'http://hq.example'] }) })).toThrow(/plain http off this PC/);
    expect(() => provisionSeat({ ...host, machineSeatFile: itsFile, readPolicy: policy({ SeatCode: ['REG_SZ', '7'] }) })).toThrow(/seatCode/);
  });

  it('is not read on Linux, nor from a checkout (where the environment rules)', () => {
    const file = seatFile('linux-machine.json', { backendUrl: 'https://hq.example', seatCode: '03' });
    const reader = () => {
      throw new Error('the policy must not be read here');
    };
    expect(provisionSeat({ platform: 'linux', isPackaged: true, env: {}, userDataDir: '/home/li/.config/aw', machineSeatFile: file, readPolicy: reader })).toMatchObject({ config: { seatCode: '03' } });
    expect(provisionSeat({ platform: 'win32', isPackaged: false, env: {}, userDataDir: '/u', machineSeatFile: file, readPolicy: reader })).toMatchObject({ config: { seatCode: '03' } });
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
