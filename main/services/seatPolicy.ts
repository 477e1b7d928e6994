import { execFileSync } from 'node:child_process';
import path from 'node:path';
import iconv from 'iconv-lite';
import { SeatConfigError } from './seatConfigLoader.js';

/**
 * The Windows policy key IT can set by Group Policy (or Intune, or a .reg file) instead of, or
 * over, the seat file in ProgramData. Read on Windows only, through a `PolicyReader`, so the rules
 * are tested in Node with a fake one.
 */
export const SEAT_POLICY_KEY = 'HKLM\\SOFTWARE\\Policies\\AgentWorkstation';

/** One registry value as reg.exe names it: its type (REG_SZ, REG_EXPAND_SZ, REG_DWORD, …) and its data as text. */
export interface RegistryValue {
  type: string;
  data: string;
}

/** The values under a key by name; null when the key does not exist. */
export type PolicyReader = (key: string) => Map<string, RegistryValue> | null;

/** What the policy says about this seat; every part optional. */
export interface SeatPolicy {
  /** A seat file to read instead of `%ProgramData%\AgentWorkstation\seat.json` (e.g. on a share). */
  seatFile?: string;
  /** Over the seat file's `backendUrl`. */
  backendUrl?: string;
  /** Over the seat file's `seatCode`. */
  seatCode?: string;
  /** Over the seat file's `updates.enabled` (0: IT pushes versions itself). */
  updatesEnabled?: boolean;
}

const TEXT_TYPES = new Set(['REG_SZ', 'REG_EXPAND_SZ']);

/**
 * The seat policy from the registry values (names compared without case, as Windows does).
 * REG_EXPAND_SZ expands %VARIABLES% from `env`. A value of the wrong type, or a seat file that is
 * no absolute path, stops the start naming the value (IT's mistake must not be guessed around).
 */
export function seatPolicyFrom(values: Map<string, RegistryValue>, env: NodeJS.ProcessEnv): SeatPolicy {
  const byName = new Map([...values].map(([name, value]) => [name.toLowerCase(), value]));
  const text = (name: string): string | undefined => {
    const value = byName.get(name.toLowerCase());
    if (!value) return undefined;
    if (!TEXT_TYPES.has(value.type)) throw new SeatConfigError(`${SEAT_POLICY_KEY}\\${name} must be a string (REG_SZ), not ${value.type}`);
    const data = value.type === 'REG_EXPAND_SZ' ? expand(value.data, env) : value.data;
    return data.trim() === '' ? undefined : data.trim();
  };
  const policy: SeatPolicy = {};
  const seatFile = text('SeatFile');
  if (seatFile !== undefined) {
    if (!path.win32.isAbsolute(seatFile)) throw new SeatConfigError(`${SEAT_POLICY_KEY}\\SeatFile must be a full path such as D:\\Seats\\seat.json or \\\\server\\share\\seat.json, not ${seatFile}`);
    policy.seatFile = seatFile;
  }
  const backendUrl = text('BackendUrl');
  if (backendUrl !== undefined) policy.backendUrl = backendUrl;
  const seatCode = text('SeatCode');
  if (seatCode !== undefined) policy.seatCode = seatCode;
  const updates = byName.get('updatesenabled');
  if (updates) {
    if (updates.type !== 'REG_DWORD' || !/^0x[01]$/i.test(updates.data)) {
      throw new SeatConfigError(`${SEAT_POLICY_KEY}\\UpdatesEnabled must be a REG_DWORD of 0 or 1, not ${updates.type} ${updates.data}`);
    }
    policy.updatesEnabled = updates.data.endsWith('1');
  }
  return policy;
}

/** %NAME% replaced by the variable (names without case, as Windows does); unknown ones left as they are. */
function expand(data: string, env: NodeJS.ProcessEnv): string {
  const byName = new Map(Object.entries(env).map(([name, value]) => [name.toLowerCase(), value]));
  return data.replace(/%([^%]+)%/g, (whole, name: string) => byName.get(name.toLowerCase()) ?? whole);
}

/** The seat policy on Windows (null where there is none or on another system). */
export function readSeatPolicy(platform: NodeJS.Platform, reader: PolicyReader | undefined, env: NodeJS.ProcessEnv): SeatPolicy | null {
  if (platform !== 'win32' || !reader) return null;
  const values = reader(SEAT_POLICY_KEY);
  return values ? seatPolicyFrom(values, env) : null;
}

type RunReg = (file: string, args: string[]) => Buffer;

/**
 * The real reader: `reg query <key>` (reg.exe is on every Windows; no native module to unpack,
 * no PowerShell, which locked-down PCs often forbid). reg.exe writes in the console's OEM code
 * page when its output is piped: UTF-8 is taken when the bytes are valid UTF-8, else GB18030 (a
 * superset of code page 936, Simplified Chinese Windows'), so a path with Chinese folder names survives.
 * A key that does not exist makes reg.exe exit 1: no policy.
 */
export function regQueryPolicyReader(run: RunReg = (file, args) => execFileSync(file, args, { windowsHide: true, stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 })): PolicyReader {
  return (key) => {
    let output: Buffer;
    try {
      output = run('reg.exe', ['query', key]);
    } catch (error) {
      if ((error as { status?: number }).status === 1) return null;
      throw new SeatConfigError(`the policy key ${key} cannot be read: ${(error as Error).message}`);
    }
    return parseRegQuery(decode(output), key);
  };
}

function decode(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return iconv.decode(bytes, 'gb18030');
  }
}

/** `reg query`'s listing: the key's own values (four spaces, name, four spaces, type, four spaces, data); subkeys are not followed. */
export function parseRegQuery(output: string, key: string): Map<string, RegistryValue> {
  const values = new Map<string, RegistryValue>();
  let inKey = false;
  for (const line of output.split(/\r?\n/)) {
    if (/^HKEY_/i.test(line)) {
      inKey = line.trim().toLowerCase() === key.replace(/^HKLM\\/i, 'HKEY_LOCAL_MACHINE\\').toLowerCase();
      continue;
    }
    const value = inKey ? /^ {4}(.+?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/.exec(line) : null;
    if (value) values.set(value[1]!, { type: value[2]!, data: value[3] ?? '' });
  }
  return values;
}
