/**
 * Settings of the SIP test rig (npm run sip:rig): where it keeps its state, which network
 * namespace it runs in, its ports and its accounts. Everything binds to 127.0.0.1 only.
 *
 * One rig = one run directory (default `.tmp/sip-rig/` in the project). Tests start their own
 * rig in a temporary run directory, so rigs never share state; each one gets its own network
 * namespace (named after the run directory), so rigs never share ports either.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ephemeralSipCredential } from '../../../server/sip/sipCredentials.js';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const RESOURCES_DIR = path.join(PROJECT_ROOT, 'resources/sip');
export const DEFAULT_RUN_DIR = path.join(PROJECT_ROOT, '.tmp/sip-rig');

/** The address every listener binds to. Nothing in the rig ever uses another one. */
export const LOOPBACK = '127.0.0.1';

export interface RigPorts {
  /** Kamailio, SIP over UDP: the customers' side. */
  sipUdp: number;
  /** Kamailio, SIP over WebSocket (ws://127.0.0.1:<ws>): the softphone. */
  ws: number;
  /** Kamailio, SIP over secure WebSocket (self-signed certificate); 0 = no wss listener. */
  wss: number;
  /** rtpengine's control socket (ng protocol, UDP). */
  rtpengineNg: number;
  rtpMin: number;
  rtpMax: number;
  /** The PSTN peer (baresip, auto-answer) that takes calls to unregistered customer numbers; 0 = none. */
  pstnSip: number;
  pstnCtrl: number;
}

/**
 * An agent's SIP account on the rig: the address of record's user (the extension) and a short-lived
 * credential for it (Kamailio auth_ephemeral, as the backend issues it after sign-in).
 */
export interface AgentAccount {
  user: string;
  /** The digest authorization user: "<expiry, Unix s>:<user>". */
  authorizationUser: string;
  password: string;
  expiresAt: string;
}

/** Digest realm of the rig's Kamailio. */
export const REALM = 'aw-sip-rig';

/**
 * The secret the rig's Kamailio (auth_ephemeral) shares with the backend: a test backend started
 * with SIP_CREDENTIAL_SECRET set to it issues credentials the rig takes. Loopback test rig only;
 * a real proxy's secret is IT's (docs/architecture.md, "The SIP credential").
 */
export const RIG_SIP_SECRET = 'aw-sip-rig-auth-ephemeral-secret';

/**
 * The rig's agents (the demo agents' extensions, server/seed/demoLogins.ts): Kamailio takes any
 * 1xxx user whose auth_ephemeral credential checks out; these are the ones the tests use.
 */
export const AGENT_USERS: readonly string[] = ['1001', '1002', '1003'];

/**
 * A fresh credential for the agent `user`, valid `lifetimeSeconds` (negative: already expired),
 * made as the backend makes it (server/sip/sipCredentials.ts) with the rig's secret.
 */
export function agentAccount(user: string, lifetimeSeconds = 12 * 3600, secret = RIG_SIP_SECRET): AgentAccount {
  if (!/^1\d{3}$/.test(user)) throw new Error(`${user} is not an agent of the rig (agents are 1xxx, e.g. ${AGENT_USERS.join(', ')})`);
  const c = ephemeralSipCredential(secret, user, new Date(Date.now() + lifetimeSeconds * 1000));
  return { user, authorizationUser: c.user, password: c.password, expiresAt: c.expiresAt };
}

export const DEFAULT_PORTS: RigPorts = {
  sipUdp: 5060,
  ws: 5066,
  wss: 7443,
  rtpengineNg: 2223,
  rtpMin: 30000,
  rtpMax: 30999,
  pstnSip: 5070,
  pstnCtrl: 5075,
};

const PORT_ENV: Record<keyof RigPorts, string> = {
  sipUdp: 'SIP_RIG_SIP_PORT',
  ws: 'SIP_RIG_WS_PORT',
  wss: 'SIP_RIG_WSS_PORT',
  rtpengineNg: 'SIP_RIG_RTPENGINE_PORT',
  rtpMin: 'SIP_RIG_RTP_MIN',
  rtpMax: 'SIP_RIG_RTP_MAX',
  pstnSip: 'SIP_RIG_PSTN_PORT',
  pstnCtrl: 'SIP_RIG_PSTN_CTRL_PORT',
};

export interface RigSettings {
  runDir: string;
  /** Network namespace name, or null: run in the current namespace (loopback only, one rig per host). */
  netns: string | null;
  ports: RigPorts;
  tls: boolean;
  pstn: boolean;
  /** The longest registration Kamailio grants (s); a short one tests the phone's refresh margin. */
  maxExpires: number;
}

/** Kamailio pings a WebSocket idle this long (s), and closes it when the Pong does not come. */
export const WS_KEEPALIVE_SECONDS = 5;

export interface SettingsOverrides {
  runDir?: string | undefined;
  /** `false` = no namespace; a string = that name. */
  netns?: string | false | undefined;
  tls?: boolean | undefined;
  pstn?: boolean | undefined;
  ports?: Partial<RigPorts> | undefined;
  maxExpires?: number | undefined;
}

/** The namespace name for a run directory: `aw-sip-` and a short hash of its absolute path. */
export function netnsNameFor(runDir: string): string {
  const hash = crypto.createHash('sha1').update(path.resolve(runDir)).digest('hex').slice(0, 8);
  return `aw-sip-${hash}`;
}

function portFromEnv(env: NodeJS.ProcessEnv, key: keyof RigPorts): number | undefined {
  const raw = env[PORT_ENV[key]];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`${PORT_ENV[key]}=${raw} is not a port number`);
  return n;
}

/** Settings from overrides (command line), then the environment, then the defaults. */
export function resolveSettings(overrides: SettingsOverrides = {}, env: NodeJS.ProcessEnv = process.env): RigSettings {
  const runDir = path.resolve(overrides.runDir ?? env.SIP_RIG_DIR ?? DEFAULT_RUN_DIR);
  let netns: string | null;
  const nsEnv = env.SIP_RIG_NETNS;
  if (overrides.netns === false) netns = null;
  else if (typeof overrides.netns === 'string') netns = overrides.netns;
  else if (nsEnv === 'none' || nsEnv === '0') netns = null;
  else if (nsEnv) netns = nsEnv;
  else netns = netnsNameFor(runDir);
  if (netns !== null && !/^[A-Za-z0-9_.-]{1,40}$/.test(netns)) throw new Error(`bad network namespace name "${netns}"`);

  const ports = { ...DEFAULT_PORTS };
  for (const key of Object.keys(PORT_ENV) as (keyof RigPorts)[]) {
    const v = overrides.ports?.[key] ?? portFromEnv(env, key);
    if (v !== undefined) ports[key] = v;
  }
  const tls = overrides.tls ?? env.SIP_RIG_TLS !== '0';
  // baresip also opens wildcard-bound resolver sockets: fine inside the namespace (only lo there),
  // so without a namespace the PSTN peer is off unless asked for (--pstn, SIP_RIG_PSTN=1)
  const pstn = overrides.pstn ?? (env.SIP_RIG_PSTN ? env.SIP_RIG_PSTN !== '0' : netns !== null);
  if (!tls) ports.wss = 0;
  if (!pstn) {
    ports.pstnSip = 0;
    ports.pstnCtrl = 0;
  }
  if (ports.rtpMin >= ports.rtpMax || ports.rtpMin % 2 !== 0) throw new Error(`bad RTP port range ${ports.rtpMin}-${ports.rtpMax}`);
  const maxExpires = overrides.maxExpires ?? (env.SIP_RIG_MAX_EXPIRES ? Number(env.SIP_RIG_MAX_EXPIRES) : 600);
  if (!Number.isInteger(maxExpires) || maxExpires < 10 || maxExpires > 86_400) throw new Error(`bad registrar max expires ${maxExpires} (10-86400 s)`);
  return { runDir, netns, ports, tls, pstn, maxExpires };
}

/** What `start` writes to <runDir>/rig.json: everything a test or `sip:call` needs to find the rig. */
export interface RigState {
  version: 1;
  runDir: string;
  netns: string | null;
  /** True when this rig created the namespace (then `stop` deletes it once it is empty). */
  createdNetns: boolean;
  ports: RigPorts;
  tls: boolean;
  pstn: boolean;
  /** The longest registration Kamailio grants (s); absent in rigs started before it existed (600). */
  maxExpires?: number;
  startedAt: string;
  processes: { name: RigProcessName; pid: number }[];
  urls: { ws: string; wss: string | null; sipUdp: string };
  realm: string;
  /** The agents' extensions the tests use (any 1xxx with a valid credential registers). */
  agents: string[];
  /** The auth_ephemeral secret Kamailio checks agents' credentials with (RIG_SIP_SECRET). */
  sipSecret: string;
  /** Executable wrappers that run a command (or Chromium) inside the rig's namespace. */
  wrappers: { inRig: string; chromium: string };
}

export type RigProcessName = 'rtpengine' | 'kamailio' | 'baresip-pstn';

export function statePath(runDir: string): string {
  return path.join(runDir, 'rig.json');
}

export function readState(runDir: string): RigState | null {
  try {
    return JSON.parse(fs.readFileSync(statePath(runDir), 'utf8')) as RigState;
  } catch {
    return null;
  }
}

export function writeState(state: RigState): void {
  fs.mkdirSync(state.runDir, { recursive: true });
  const file = statePath(state.runDir);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2) + '\n');
  fs.renameSync(`${file}.tmp`, file);
}

export function urlsFor(ports: RigPorts): RigState['urls'] {
  return {
    ws: `ws://${LOOPBACK}:${ports.ws}`,
    wss: ports.wss ? `wss://${LOOPBACK}:${ports.wss}` : null,
    sipUdp: `sip:${LOOPBACK}:${ports.sipUdp}`,
  };
}
