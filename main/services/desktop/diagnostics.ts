import fs from 'node:fs';
import path from 'node:path';
import type { PhoneStatus } from '../../../shared/desktopLink.js';
import type { SessionInfo } from '../../../shared/workstationApi.js';
import type { LocalCache } from '../localCache/localCache.js';
import { zipArchive } from '../zipArchive.js';

/** Keys whose values never leave the PC in a bundle (the SIP password, tokens, keys). */
const SECRET_KEY = /(password|secret|token|credential)$/i;

/** A deep copy with every secret-named field's value replaced by "[redacted]". */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, SECRET_KEY.test(key) ? '[redacted]' : redactSecrets(v)]));
}

/**
 * Log text as it goes into a bundle: pino already redacts secret fields when writing, and this
 * catches what a message may have carried in its words (a bearer token, a password field).
 */
export function scrubLogText(text: string): string {
  return text
    .replace(/(Bearer\s+)[A-Za-z0-9._~+/=-]+/g, '$1[redacted]')
    .replace(/("(?:[A-Za-z]*(?:password|secret|token|credential))"\s*:\s*)"(?:[^"\\]|\\.)*"/gi, '$1"[redacted]"');
}

/** The open cache's health, for IT: SQLite's own check, its schema version and what waits to sync. */
export interface CacheReport {
  agent: string;
  branch: string;
  offline: boolean;
  /** `PRAGMA quick_check`: ["ok"], or the problems SQLite found. */
  integrity: string[];
  schemaVersion: number;
  outboxEntries: number;
  deadLetters: number;
  pullCursor: number;
  lastSyncAt: string | null;
}

export function cacheReport(cache: LocalCache, session: SessionInfo): CacheReport {
  const check = cache.db.pragma('quick_check') as { quick_check: string }[];
  return {
    agent: session.agent.login,
    branch: session.branch.code,
    offline: session.offline,
    integrity: check.map((row) => row.quick_check),
    schemaVersion: cache.db.pragma('user_version', { simple: true }) as number,
    outboxEntries: cache.outbox.count(),
    deadLetters: cache.outbox.deadLetters().length,
    pullCursor: cache.pullCursor,
    lastSyncAt: cache.lastSyncAt,
  };
}

export interface DiagnosticsInput {
  /** The log folder (main.log, renderer.log and their older generations). */
  logDir: string;
  /** App, Electron, Chromium, Node, OS. */
  versions: Record<string, string>;
  seatFile: string | null;
  /** The seat's configuration as loaded (secrets are taken out here). */
  config: unknown;
  /** Null when no agent is logged in (their cache is encrypted with their key: checked at their login). */
  cache: CacheReport | null;
  phone: PhoneStatus;
  /** Anything else the host noticed, e.g. phone keys another program holds. */
  notes: string[];
  now: Date;
}

/**
 * The "export diagnostics" bundle an agent sends to IT: logs, versions, the seat's configuration
 * without secrets, the cache's integrity and the phone's state, as one .zip.
 */
export function diagnosticsBundle(input: DiagnosticsInput): Buffer {
  const logs = fs.existsSync(input.logDir) ? fs.readdirSync(input.logDir).filter((name) => name.endsWith('.log')).sort() : [];
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  return zipArchive(
    [
      {
        name: 'README.txt',
        data: `Agent Workstation diagnostics, ${input.now.toISOString()}.\nPasswords, tokens and keys are left out.\nversions.json, seat.json (configuration), cache.json (the open cache's integrity), phone.json, notes.txt, logs/.\n`,
      },
      { name: 'versions.json', data: json(input.versions) },
      { name: 'seat.json', data: json({ seatFile: input.seatFile, config: redactSecrets(input.config) }) },
      { name: 'cache.json', data: json(input.cache ?? { note: 'no agent logged in: a cache is checked while its agent is logged in' }) },
      { name: 'phone.json', data: json(input.phone) },
      { name: 'notes.txt', data: input.notes.join('\n') + (input.notes.length ? '\n' : '') },
      ...logs.map((name) => ({ name: `logs/${name}`, data: scrubLogText(fs.readFileSync(path.join(input.logDir, name), 'utf8')) })),
    ],
    input.now,
  );
}

/** The bundle's file name, e.g. AgentWorkstation-diagnostics-07-20261207-0530.zip (no spaces, sortable). */
export function diagnosticsFileName(seatCode: string, now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `AgentWorkstation-diagnostics-${seatCode}-${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}.zip`;
}
