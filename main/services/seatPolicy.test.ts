import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { SeatConfigError } from './seatConfigLoader.js';
import { parseRegQuery, readSeatPolicy, regQueryPolicyReader, SEAT_POLICY_KEY, seatPolicyFrom, type RegistryValue } from './seatPolicy.js';

/** What `reg query HKLM\SOFTWARE\Policies\AgentWorkstation` prints on Windows (CRLF, four-space columns). */
const REG_OUTPUT = [
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\AgentWorkstation',
  '    SeatFile    REG_EXPAND_SZ    %SystemDrive%\\坐席配置\\BJ01-07.json',
  '    BackendUrl    REG_SZ    https://hq.example/api',
  '    SeatCode    REG_SZ    07',
  '    UpdatesEnabled    REG_DWORD    0x0',
  '    Comment    REG_SZ    ',
  '',
  'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\AgentWorkstation\\Other',
  '    SeatCode    REG_SZ    99',
  '',
].join('\r\n');

const values = (entries: Record<string, RegistryValue>) => new Map(Object.entries(entries));

describe('reading the policy key with reg.exe', () => {
  it('parses the key\'s own values (not its subkeys) and decodes what a Chinese Windows writes (GB18030)', () => {
    const calls: string[][] = [];
    const reader = regQueryPolicyReader((file, args) => {
      calls.push([file, ...args]);
      return iconv.encode(REG_OUTPUT, 'gb18030');
    });
    const read = reader(SEAT_POLICY_KEY)!;
    expect(calls).toEqual([['reg.exe', 'query', 'HKLM\\SOFTWARE\\Policies\\AgentWorkstation']]);
    expect(Object.fromEntries(read)).toEqual({
      SeatFile: { type: 'REG_EXPAND_SZ', data: '%SystemDrive%\\坐席配置\\BJ01-07.json' },
      BackendUrl: { type: 'REG_SZ', data: 'https://hq.example/api' },
      SeatCode: { type: 'REG_SZ', data: '07' },
      UpdatesEnabled: { type: 'REG_DWORD', data: '0x0' },
      Comment: { type: 'REG_SZ', data: '' },
    });
    expect(regQueryPolicyReader(() => Buffer.from(REG_OUTPUT, 'utf8'))(SEAT_POLICY_KEY)!.get('SeatFile')!.data).toContain('坐席配置');
  });

  it('no key (reg.exe exits 1): no policy; reg.exe failing otherwise stops the start, naming the key', () => {
    const exit = (status: number) => () => {
      throw Object.assign(new Error(`Command failed: reg.exe (${status})`), { status });
    };
    expect(regQueryPolicyReader(exit(1))(SEAT_POLICY_KEY)).toBeNull();
    expect(() => regQueryPolicyReader(exit(5))(SEAT_POLICY_KEY)).toThrow(/policy key HKLM\\SOFTWARE\\Policies\\AgentWorkstation cannot be read/);
  });

  it('takes only the queried key\'s lines', () => {
    expect(parseRegQuery(REG_OUTPUT, SEAT_POLICY_KEY).get('SeatCode')).toEqual({ type: 'REG_SZ', data: '07' });
    expect(parseRegQuery(REG_OUTPUT, `${SEAT_POLICY_KEY}\\Other`).get('SeatCode')).toEqual({ type: 'REG_SZ', data: '99' });
  });
});

describe('the seat policy', () => {
  it('maps the values (names without case), expands REG_EXPAND_SZ, and leaves empty ones out', () => {
    const policy = seatPolicyFrom(parseRegQuery(REG_OUTPUT, SEAT_POLICY_KEY), { SYSTEMDRIVE: 'D:' });
    expect(policy).toEqual({ seatFile: 'D:\\坐席配置\\BJ01-07.json', backendUrl: 'https://hq.example/api', seatCode: '07', updatesEnabled: false });
    expect(seatPolicyFrom(values({ seatfile: { type: 'REG_SZ', data: '\\\\fs01\\seats\\07.json' }, UPDATESENABLED: { type: 'REG_DWORD', data: '0x1' } }), {})).toEqual({
      seatFile: '\\\\fs01\\seats\\07.json',
      updatesEnabled: true,
    });
    expect(seatPolicyFrom(values({ BackendUrl: { type: 'REG_SZ', data: '   ' } }), {})).toEqual({});
  });

  it('refuses wrong types and a relative seat file, naming the value', () => {
    expect(() => seatPolicyFrom(values({ SeatFile: { type: 'REG_SZ', data: 'seat.json' } }), {})).toThrow(/SeatFile must be a full path/);
    expect(() => seatPolicyFrom(values({ SeatCode: { type: 'REG_DWORD', data: '0x7' } }), {})).toThrow(SeatConfigError);
    expect(() => seatPolicyFrom(values({ UpdatesEnabled: { type: 'REG_SZ', data: 'no' } }), {})).toThrow(/UpdatesEnabled must be a REG_DWORD of 0 or 1/);
    expect(() => seatPolicyFrom(values({ UpdatesEnabled: { type: 'REG_DWORD', data: '0x2' } }), {})).toThrow(/UpdatesEnabled/);
  });

  it('is read on Windows only', () => {
    const reads: string[] = [];
    const reader = (key: string) => {
      reads.push(key);
      return values({ SeatCode: { type: 'REG_SZ', data: '07' } });
    };
    expect(readSeatPolicy('linux', reader, {})).toBeNull();
    expect(reads).toEqual([]);
    expect(readSeatPolicy('win32', reader, {})).toEqual({ seatCode: '07' });
    expect(readSeatPolicy('win32', () => null, {})).toBeNull();
    expect(readSeatPolicy('win32', undefined, {})).toBeNull();
  });
});
