import fs from 'node:fs';
import { DEFAULT_SEAT_CONFIG, SeatConfig } from '../../shared/seatConfig.js';
import { describeIssues } from '../../shared/workstationApi.js';

export class SeatConfigError extends Error {
  override name = 'SeatConfigError';
}

/**
 * Seat configuration from, in rising priority: defaults, the seat file IT deploys
 * (`SEAT_CONFIG=/path/seat.json`), and environment variables (BACKEND_URL, SEAT_CODE,
 * SEAT_DATA_DIR, SEAT_SYNC_INTERVAL_MS).
 */
export function loadSeatConfig(env: NodeJS.ProcessEnv = process.env): SeatConfig {
  let fromFile: Record<string, unknown> = {};
  if (env.SEAT_CONFIG) {
    let text: string;
    try {
      text = fs.readFileSync(env.SEAT_CONFIG, 'utf8');
    } catch (error) {
      throw new SeatConfigError(`seat file ${env.SEAT_CONFIG} cannot be read: ${(error as Error).message}`);
    }
    try {
      fromFile = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      throw new SeatConfigError(`seat file ${env.SEAT_CONFIG} is not valid JSON: ${(error as Error).message}`);
    }
  }
  const fromEnv: Record<string, unknown> = {};
  if (env.BACKEND_URL) fromEnv.backendUrl = env.BACKEND_URL;
  if (env.SEAT_CODE) fromEnv.seatCode = env.SEAT_CODE;
  if (env.SEAT_DATA_DIR) fromEnv.dataDir = env.SEAT_DATA_DIR;
  if (env.SEAT_SYNC_INTERVAL_MS) fromEnv.syncIntervalMs = Number(env.SEAT_SYNC_INTERVAL_MS);
  const sip = sipFrom(fromFile.sip, env);
  if (sip !== undefined) fromEnv.sip = sip;
  const parsed = SeatConfig.safeParse({ ...DEFAULT_SEAT_CONFIG, ...fromFile, ...fromEnv });
  if (!parsed.success) {
    throw new SeatConfigError(`seat configuration${env.SEAT_CONFIG ? ` (${env.SEAT_CONFIG})` : ''} is invalid: ${describeIssues(parsed.error)}`);
  }
  if (!isSafeBackendUrl(parsed.data.backendUrl)) {
    throw new SeatConfigError(
      `backendUrl ${parsed.data.backendUrl} is plain http off this PC: agents' passwords and tokens would cross the network in clear; use https://`,
    );
  }
  return parsed.data;
}

/** https anywhere; plain http only to this PC itself (the development backend, the rigs). */
export function isSafeBackendUrl(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (protocol === 'https:') return true;
  return protocol === 'http:' && (hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname));
}

const SIP_ENV: [string, string][] = [
  ['SIP_WS_URL', 'wsUrl'],
  ['SIP_DOMAIN', 'domain'],
  ['SIP_USER', 'user'],
  ['SIP_PASSWORD', 'password'],
  ['SIP_DISPLAY_NAME', 'displayName'],
  ['SIP_CREDENTIAL', 'credential'],
];

/** The seat file's `sip` block with the SIP_* variables laid over it; undefined when neither has one. */
function sipFrom(fileSip: unknown, env: NodeJS.ProcessEnv): unknown {
  const fromEnv: Record<string, unknown> = {};
  for (const [name, field] of SIP_ENV) if (env[name]) fromEnv[field] = env[name];
  if (env.SIP_RING_NO_ANSWER_S) fromEnv.ringNoAnswerSeconds = Number(env.SIP_RING_NO_ANSWER_S);
  if (Object.keys(fromEnv).length === 0) {
    if (typeof fileSip !== 'object' || fileSip === null) return fileSip; // absent, or wrong: validation names it
  }
  const merged: Record<string, unknown> = { ...(typeof fileSip === 'object' && fileSip !== null ? fileSip : {}), ...fromEnv };
  if (merged.domain === undefined && typeof merged.wsUrl === 'string') {
    try {
      merged.domain = new URL(merged.wsUrl).hostname;
    } catch {
      // the URL itself is reported by validation
    }
  }
  return merged;
}
