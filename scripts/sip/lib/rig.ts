/**
 * Start, stop and inspect the SIP test rig: rtpengine (userspace) + Kamailio (+ a baresip "PSTN
 * peer"), all on 127.0.0.1, by default inside a network namespace of their own that has only `lo`.
 * Used by scripts/sip/rig.ts (npm run sip:rig) and by the tests (tests/sip/harness.ts).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  AGENT_USERS,
  LOOPBACK,
  netnsNameFor,
  REALM,
  RIG_SIP_SECRET,
  RESOURCES_DIR,
  readState,
  statePath,
  urlsFor,
  writeState,
  WS_KEEPALIVE_SECONDS,
  type RigPorts,
  type RigProcessName,
  type RigSettings,
  type RigState,
} from './config.js';
import { deleteNetns, ensureNetns, execPrefix, interfacesIn, netnsExists, pidsIn, RigError } from './netns.js';
import { loopTo, readWav, writeWav } from './audio.js';
import { ensurePackages } from './packages.js';
import { exeName, isRunning, listenersInNamespaceOf, listenersOf, sleep, spawnDaemon, stopProcess, tail, type Listener } from './procs.js';

export type Log = (line: string) => void;

/** What the rig's callers (and the PSTN peer) play: resources/sip/audio/customer-8k.wav. */
export const CUSTOMER_AUDIO = path.join(RESOURCES_DIR, 'audio/customer-8k.wav');

const EXE: Record<RigProcessName, string> = { rtpengine: 'rtpengine', kamailio: 'kamailio', 'baresip-pstn': 'baresip' };
const START_ORDER: RigProcessName[] = ['rtpengine', 'kamailio', 'baresip-pstn'];

export function pidFile(runDir: string, name: RigProcessName): string {
  return path.join(runDir, `${name}.pid`);
}
export function logFile(runDir: string, name: RigProcessName): string {
  return path.join(runDir, 'logs', `${name}.log`);
}

function readPid(runDir: string, name: RigProcessName): number | null {
  try {
    const n = Number(fs.readFileSync(pidFile(runDir, name), 'utf8').trim());
    return Number.isInteger(n) && n > 1 ? n : null;
  } catch {
    return null;
  }
}

/** The UDP/TCP ports that must be free in the rig's namespace before it starts. */
function expectedListeners(ports: RigPorts): Record<RigProcessName, Listener[]> {
  return {
    rtpengine: [{ proto: 'udp', address: LOOPBACK, port: ports.rtpengineNg }],
    kamailio: [
      { proto: 'udp', address: LOOPBACK, port: ports.sipUdp },
      { proto: 'tcp', address: LOOPBACK, port: ports.ws },
      ...(ports.wss ? [{ proto: 'tcp' as const, address: LOOPBACK, port: ports.wss }] : []),
    ],
    'baresip-pstn': ports.pstnSip
      ? [
          { proto: 'udp', address: LOOPBACK, port: ports.pstnSip },
          { proto: 'tcp', address: LOOPBACK, port: ports.pstnCtrl },
        ]
      : [],
  };
}

/** Sockets listening in a namespace right now (read by a short-lived `cat` inside it). */
function listenersInNetns(netns: string | null): { proto: 'udp' | 'tcp'; port: number }[] {
  const out: { proto: 'udp' | 'tcp'; port: number }[] = [];
  for (const f of ['udp', 'udp6', 'tcp', 'tcp6']) {
    const argv = [...execPrefix(netns), 'cat', `/proc/self/net/${f}`];
    const res = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8' });
    if (res.status !== 0) continue;
    const proto = f.startsWith('udp') ? 'udp' : 'tcp';
    for (const line of res.stdout.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 4) continue;
      if ((proto === 'tcp' && cols[3] !== '0A') || (proto === 'udp' && cols[3] !== '07')) continue;
      out.push({ proto, port: parseInt(cols[1]!.split(':')[1]!, 16) });
    }
  }
  return out;
}

function assertPortsFree(settings: RigSettings): void {
  const busy = listenersInNetns(settings.netns);
  const where = settings.netns ? `network namespace ${settings.netns}` : 'this network namespace';
  const want = Object.values(expectedListeners(settings.ports)).flat();
  for (const w of want) {
    const clash = busy.find((b) => b.proto === w.proto && b.port === w.port);
    if (clash) {
      const who = settings.netns
        ? ` Processes in it: ${pidsIn(settings.netns).map((p) => `${p} ${exeName(p) ?? '?'}`).join(', ') || 'none'}.`
        : '';
      throw new RigError(
        `port ${w.port}/${w.proto} is already in use in ${where} (a rig from another run directory? a system kamailio?).${who} ` +
          'Stop it, or choose other ports (SIP_RIG_*_PORT)',
      );
    }
  }
}

async function waitForListeners(name: RigProcessName, pid: number, want: Listener[], runDir: string, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!isRunning(pid, EXE[name])) {
      throw new RigError(`${name} exited during start-up. Last lines of ${logFile(runDir, name)}:\n${tail(logFile(runDir, name))}`);
    }
    const have = listenersOf(pid);
    const missing = want.filter((w) => !have.some((h) => h.proto === w.proto && h.port === w.port && h.address === w.address));
    if (missing.length === 0) return;
    if (Date.now() > deadline) {
      throw new RigError(
        `${name} (pid ${pid}) is not listening on ${missing.map((m) => `${m.address}:${m.port}/${m.proto}`).join(', ')} after ${timeoutMs} ms. ` +
          `Last lines of ${logFile(runDir, name)}:\n${tail(logFile(runDir, name))}`,
      );
    }
    await sleep(50);
  }
}

function ensureTlsCertificate(runDir: string): { cert: string; key: string } {
  const dir = path.join(runDir, 'tls');
  const cert = path.join(dir, 'cert.pem');
  const key = path.join(dir, 'key.pem');
  if (fs.existsSync(cert) && fs.existsSync(key)) return { cert, key };
  fs.mkdirSync(dir, { recursive: true });
  const r = spawnSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '3650', '-subj', `/CN=${LOOPBACK}`, '-addext', `subjectAltName=IP:${LOOPBACK}`, '-keyout', key, '-out', cert],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new RigError(`cannot make the wss certificate with openssl: ${r.error?.message ?? r.stderr}`);
  return { cert, key };
}

export function kamailioArgs(settings: RigSettings, tls: { cert: string; key: string } | null): string[] {
  const { ports, runDir } = settings;
  const args = [
    '-f', path.join(RESOURCES_DIR, 'kamailio.cfg'),
    '-m', '64',
    '-M', '8',
    '-Y', path.join(runDir, 'kamailio-run'),
    '-l', `udp:${LOOPBACK}:${ports.sipUdp}`,
    '-l', `tcp:${LOOPBACK}:${ports.ws}`,
    '-A', `RTPENGINE_SOCK="udp:${LOOPBACK}:${ports.rtpengineNg}"`,
    '-A', `RIG_REALM="${REALM}"`,
    '-A', `REG_MAX_EXPIRES=${settings.maxExpires}`,
    '-A', `WS_KEEPALIVE_S=${WS_KEEPALIVE_SECONDS}`,
  ];
  args.push('-A', `SIP_SECRET="${RIG_SIP_SECRET}"`);
  if (ports.pstnSip) args.push('-A', `PSTN_URI="sip:${LOOPBACK}:${ports.pstnSip}"`);
  if (tls && ports.wss) {
    args.push('-l', `tls:${LOOPBACK}:${ports.wss}`, '-A', 'WITH_TLS', '-A', `TLS_CERT="${tls.cert}"`, '-A', `TLS_KEY="${tls.key}"`);
  }
  return args;
}

export function rtpengineArgs(settings: RigSettings): string[] {
  const { ports, runDir } = settings;
  return [
    '--config-file=none',
    '--foreground',
    '--log-stderr',
    '--log-level=6',
    '--table=-1', // userspace only: no kernel module
    `--interface=${LOOPBACK}`,
    `--listen-ng=${LOOPBACK}:${ports.rtpengineNg}`,
    `--port-min=${ports.rtpMin}`,
    `--port-max=${ports.rtpMax}`,
    '--num-threads=2',
    '--delete-delay=0',
    `--pidfile=${path.join(runDir, 'rtpengine.own.pid')}`,
  ];
}

/** baresip as the PSTN peer: answers every call to an unregistered customer number, plays audio. */
function writePstnConfig(settings: RigSettings): string {
  const dir = path.join(settings.runDir, 'baresip-pstn');
  fs.mkdirSync(dir, { recursive: true });
  const template = fs.readFileSync(path.join(RESOURCES_DIR, 'baresip/config.template'), 'utf8');
  const config = renderTemplate(template, {
    SIP_LISTEN: `${LOOPBACK}:${settings.ports.pstnSip}`,
    CTRL_LISTEN: `${LOOPBACK}:${settings.ports.pstnCtrl}`,
    AUDIO_FILE: loopedAudio(settings.runDir, 'pstn-8k.wav', 300),
    RTP_PORTS: '32000-32999',
  });
  fs.mkdirSync(pstnReceivedDir(settings.runDir), { recursive: true });
  // sndfile writes what the peer hears (dump-<time>-dec.wav) and says (-enc.wav) per call: the
  // tests check what reaches the PSTN side, e.g. the customer's voice through a conference
  fs.writeFileSync(path.join(dir, 'config'), `${config}module\t\t\tsndfile.so\nsnd_path\t\t${pstnReceivedDir(settings.runDir)}\n`);
  fs.writeFileSync(
    path.join(dir, 'accounts'),
    `# the PSTN peer: no registration (Kamailio routes unregistered customer numbers here), auto-answer\n` +
      `"PSTN" <sip:pstn@${LOOPBACK}>;regint=0;answermode=auto;audio_codecs=PCMA,PCMU\n`,
  );
  return dir;
}

/** Where the PSTN peer records each call's audio (baresip's sndfile module). */
export function pstnReceivedDir(runDir: string): string {
  return path.join(runDir, 'baresip-pstn', 'calls');
}

/** The callers' audio repeated to `seconds` (baresip's file source plays a file once). */
export function loopedAudio(runDir: string, name: string, seconds: number): string {
  const file = path.join(runDir, 'audio', name);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    writeWav(file, loopTo(readWav(CUSTOMER_AUDIO), seconds));
  }
  return file;
}

export function renderTemplate(text: string, values: Record<string, string>): string {
  return text.replace(/@@([A-Z_]+)@@/g, (m, key: string) => {
    const v = values[key];
    if (v === undefined) throw new Error(`template placeholder ${m} has no value`);
    return v;
  });
}

function writeWrappers(settings: RigSettings): RigState['wrappers'] {
  const dir = path.join(settings.runDir, 'bin');
  fs.mkdirSync(dir, { recursive: true });
  const prefix = settings.netns ? `ip netns exec ${settings.netns} ` : '';
  const where = settings.netns ? `inside network namespace ${settings.netns}` : 'in the current network namespace (rig started with --no-netns)';
  const inRig = path.join(dir, 'in-rig');
  const chromium = path.join(dir, 'chromium');
  fs.writeFileSync(inRig, `#!/bin/sh\n# Runs a command ${where}, next to the SIP rig (generated by npm run sip:rig).\nexec ${prefix}"$@"\n`, { mode: 0o755 });
  fs.writeFileSync(
    chromium,
    `#!/bin/sh\n# Chromium ${where}, so it reaches the rig on 127.0.0.1 and gathers no other ICE candidate.\n` +
      `# Use as Playwright's executablePath. RIG_CHROMIUM_BIN overrides the browser binary.\n` +
      `exec ${prefix}"\${RIG_CHROMIUM_BIN:-/usr/bin/chromium}" "$@"\n`,
    { mode: 0o755 },
  );
  return { inRig, chromium };
}

export interface ProcessStatus {
  name: RigProcessName;
  pid: number | null;
  running: boolean;
  listeners: Listener[];
}

export interface RigStatus {
  runDir: string;
  state: RigState | null;
  running: boolean;
  partial: boolean;
  processes: ProcessStatus[];
  netns: { name: string; exists: boolean; interfaces: string[]; pids: number[] } | null;
  /** Every socket listening in the rig's namespace (all of them must be on loopback). */
  namespaceListeners: Listener[];
}

export function rigStatus(runDir: string): RigStatus {
  const state = readState(runDir);
  const names: RigProcessName[] = state ? state.processes.map((p) => p.name) : START_ORDER;
  const processes: ProcessStatus[] = names.map((name) => {
    const pid = readPid(runDir, name);
    const running = pid !== null && isRunning(pid, EXE[name]);
    return { name, pid, running, listeners: running && pid ? listenersOf(pid) : [] };
  });
  const anyRunning = processes.some((p) => p.running);
  const allRunning = processes.length > 0 && processes.every((p) => p.running) && state !== null;
  const ns = state?.netns ?? null;
  const firstPid = processes.find((p) => p.running)?.pid ?? null;
  return {
    runDir,
    state,
    running: allRunning,
    partial: anyRunning && !allRunning,
    processes,
    netns: ns ? { name: ns, exists: netnsExists(ns), interfaces: netnsExists(ns) ? interfacesIn(ns) : [], pids: netnsExists(ns) ? pidsIn(ns) : [] } : null,
    namespaceListeners: firstPid ? listenersInNamespaceOf(firstPid) : [],
  };
}

/** Starts the rig (idempotent: an already running rig is left as it is). */
export async function startRig(settings: RigSettings, log: Log = console.log): Promise<RigState> {
  const t0 = Date.now();
  ensurePackages(log);

  const current = rigStatus(settings.runDir);
  if (current.running && current.state) {
    const s = current.state;
    if (s.netns !== settings.netns || JSON.stringify(s.ports) !== JSON.stringify(settings.ports)) {
      throw new RigError(
        `a rig already runs from ${settings.runDir} with other settings (namespace ${s.netns ?? 'none'}, ports ${JSON.stringify(s.ports)}); stop it first`,
      );
    }
    log(`already running (${s.processes.map((p) => `${p.name} ${p.pid}`).join(', ')})`);
    return s;
  }
  if (current.partial) {
    log('a previous rig is half running: stopping what is left of it first');
    await stopRig(settings.runDir, log);
  }

  fs.mkdirSync(path.join(settings.runDir, 'logs'), { recursive: true });
  fs.mkdirSync(path.join(settings.runDir, 'kamailio-run'), { recursive: true });
  const previous = readState(settings.runDir);
  // the rig owns the namespace it made, and the one named after its run directory (made by an
  // earlier run); a namespace given by name (--netns) that existed before is left alone on stop
  const madeNow = settings.netns ? ensureNetns(settings.netns) : false;
  const createdNetns = settings.netns
    ? madeNow || settings.netns === netnsNameFor(settings.runDir) || (previous?.netns === settings.netns && previous.createdNetns)
    : false;
  if (settings.netns) log(`${madeNow ? 'created' : 'using'} network namespace ${settings.netns} (only lo: 127.0.0.1)`);
  const state: RigState = {
    version: 1,
    runDir: settings.runDir,
    netns: settings.netns,
    createdNetns,
    ports: settings.ports,
    tls: settings.tls,
    pstn: settings.pstn,
    maxExpires: settings.maxExpires,
    startedAt: new Date().toISOString(),
    processes: [],
    urls: urlsFor(settings.ports),
    realm: REALM,
    agents: [...AGENT_USERS],
    sipSecret: RIG_SIP_SECRET,
    wrappers: writeWrappers(settings),
  };
  // Written before anything starts, so that `stop` can clean up even after a failed start.
  writeState(state);

  try {
    assertPortsFree(settings);
    const tls = settings.tls ? ensureTlsCertificate(settings.runDir) : null;
    const want = expectedListeners(settings.ports);

    const check = spawnSync('kamailio', ['-c', ...kamailioArgs(settings, tls)], { encoding: 'utf8' });
    if (check.status !== 0) {
      throw new RigError(`kamailio rejects its configuration:\n${`${check.stdout}${check.stderr}`.trim().split('\n').slice(-15).join('\n')}`);
    }

    const launch = async (name: RigProcessName, cmd: string, args: string[]) => {
      const pid = await spawnDaemon(settings.netns, cmd, args, logFile(settings.runDir, name), settings.runDir);
      fs.writeFileSync(pidFile(settings.runDir, name), `${pid}\n`);
      state.processes.push({ name, pid });
      writeState(state);
      await waitForListeners(name, pid, want[name], settings.runDir);
      log(`${name} running, pid ${pid}, listening on ${want[name].map((l) => `${l.address}:${l.port}/${l.proto}`).join(' ')}`);
    };

    // rtpengine first: Kamailio disables an unreachable rtpengine for rtpengine_disable_tout
    await launch('rtpengine', 'rtpengine', rtpengineArgs(settings));
    await launch('kamailio', 'kamailio', ['-DD', '-E', '-P', path.join(settings.runDir, 'kamailio.own.pid'), ...kamailioArgs(settings, tls)]);
    if (settings.pstn) {
      const dir = writePstnConfig(settings);
      await launch('baresip-pstn', 'baresip', ['-f', dir]);
    }
  } catch (e) {
    log(`start failed; stopping what was started`);
    await stopRig(settings.runDir, () => {}).catch(() => {});
    throw e;
  }
  log(`rig up in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return state;
}

/** Stops exactly the processes this rig started (by their pid files) and removes its namespace. */
export async function stopRig(runDir: string, log: Log = console.log): Promise<{ stopped: { name: RigProcessName; pid: number; how: string }[] }> {
  const state = readState(runDir);
  const stopped: { name: RigProcessName; pid: number; how: string }[] = [];
  for (const name of [...START_ORDER].reverse()) {
    const pid = readPid(runDir, name);
    if (pid === null) continue;
    const how = await stopProcess(pid, EXE[name]);
    if (how !== 'not-running') log(`${how} ${name} (pid ${pid})`);
    stopped.push({ name, pid, how });
    fs.rmSync(pidFile(runDir, name), { force: true });
  }
  if (stopped.length === 0) log('not running');
  let keepState = false;
  // without a state file (an earlier start failed badly), the namespace named after the run directory
  const ownNetns = state ? (state.createdNetns ? state.netns : null) : netnsNameFor(runDir);
  if (ownNetns && netnsExists(ownNetns)) {
    // Kamailio's workers exit right after their parent; give them a moment.
    let others = pidsIn(ownNetns);
    for (let i = 0; i < 40 && others.length; i++) {
      await sleep(50);
      others = pidsIn(ownNetns);
    }
    if (others.length === 0) {
      deleteNetns(ownNetns);
      log(`deleted network namespace ${ownNetns}`);
    } else {
      keepState = true;
      log(
        `network namespace ${ownNetns} still has processes the rig did not start (pids ${others.join(' ')}): left in place ` +
          '(a later stop removes it once they are gone)',
      );
    }
  }
  if (!keepState) fs.rmSync(statePath(runDir), { force: true });
  else if (state) writeState({ ...state, processes: [] });
  return { stopped };
}

/**
 * Restarts Kamailio alone (same ports, same configuration), leaving rtpengine and the PSTN peer
 * running: calls keep their media while every WebSocket connection drops and every registration
 * is forgotten. Resolves with the time (ms since the epoch) its listeners were back.
 */
export async function restartKamailio(runDir: string, log: Log = console.log): Promise<number> {
  const state = readState(runDir);
  const pid = readPid(runDir, 'kamailio');
  if (!state || pid === null) throw new RigError(`no running rig in ${runDir}`);
  log(`${await stopProcess(pid, EXE.kamailio)} kamailio (pid ${pid})`);
  const settings: RigSettings = { runDir, netns: state.netns, ports: state.ports, tls: state.tls, pstn: state.pstn, maxExpires: state.maxExpires ?? 600 };
  const args = ['-DD', '-E', '-P', path.join(runDir, 'kamailio.own.pid'), ...kamailioArgs(settings, state.tls ? ensureTlsCertificate(runDir) : null)];
  const next = await spawnDaemon(state.netns, 'kamailio', args, logFile(runDir, 'kamailio'), runDir);
  fs.writeFileSync(pidFile(runDir, 'kamailio'), `${next}\n`);
  writeState({ ...state, processes: state.processes.map((p) => (p.name === 'kamailio' ? { name: p.name, pid: next } : p)) });
  await waitForListeners('kamailio', next, expectedListeners(state.ports).kamailio, runDir);
  const back = Date.now();
  log(`kamailio running, pid ${next}`);
  return back;
}

/**
 * Restarts rtpengine alone (same ports, same arguments), leaving Kamailio and the PSTN peer
 * running: every media session is forgotten (the calls' ports die, as with a crashed media relay)
 * while signalling stays up; a re-INVITE through Kamailio gets a new session. Resolves with the
 * time (ms since the epoch) it was killed and the time its control socket listened again.
 */
export async function restartRtpengine(runDir: string, log: Log = console.log): Promise<{ killedAt: number; backAt: number }> {
  const state = readState(runDir);
  const pid = readPid(runDir, 'rtpengine');
  if (!state || pid === null) throw new RigError(`no running rig in ${runDir}`);
  log(`${await stopProcess(pid, EXE.rtpengine)} rtpengine (pid ${pid})`);
  const killedAt = Date.now();
  const settings: RigSettings = { runDir, netns: state.netns, ports: state.ports, tls: state.tls, pstn: state.pstn, maxExpires: state.maxExpires ?? 600 };
  const next = await spawnDaemon(state.netns, 'rtpengine', rtpengineArgs(settings), logFile(runDir, 'rtpengine'), runDir);
  fs.writeFileSync(pidFile(runDir, 'rtpengine'), `${next}\n`);
  writeState({ ...state, processes: state.processes.map((p) => (p.name === 'rtpengine' ? { name: p.name, pid: next } : p)) });
  await waitForListeners('rtpengine', next, expectedListeners(state.ports).rtpengine, runDir);
  const backAt = Date.now();
  log(`rtpengine running, pid ${next}`);
  return { killedAt, backAt };
}

export function formatStatus(st: RigStatus): string {
  const lines: string[] = [];
  const s = st.state;
  lines.push(`SIP rig in ${st.runDir}: ${st.running ? 'RUNNING' : st.partial ? 'PARTLY RUNNING' : 'STOPPED'}`);
  for (const p of st.processes) {
    const ls = p.listeners.map((l) => `${l.address}:${l.port}/${l.proto}`).join(' ');
    lines.push(`  ${p.name.padEnd(13)} ${p.running ? `running  pid ${p.pid}` : `not running${p.pid ? ` (stale pid ${p.pid})` : ''}`}${ls ? `  ${ls}` : ''}`);
  }
  if (st.netns) {
    lines.push(
      `  namespace     ${st.netns.name}: ${st.netns.exists ? `exists, interfaces ${st.netns.interfaces.join(',') || '-'}, ${st.netns.pids.length} processes` : 'does not exist'}`,
    );
  } else if (s) {
    lines.push('  namespace     none (started with --no-netns: on 127.0.0.1 in the current namespace)');
  }
  if (s && st.running) {
    lines.push(`  softphone     ${s.urls.ws}${s.urls.wss ? `  ${s.urls.wss} (self-signed)` : ''}   realm ${s.realm}`);
    lines.push(`  agents        ${(s.agents ?? []).join(' ')} (any 1xxx): auth_ephemeral credentials from a backend with SIP_CREDENTIAL_SECRET=${s.sipSecret}`);
    lines.push(`  customers     SIP over UDP to ${s.urls.sipUdp} (npm run sip:call -- <number> [agent])`);
    if (s.ports.pstnSip) lines.push(`  PSTN peer     baresip at ${LOOPBACK}:${s.ports.pstnSip} answers calls to unregistered customer numbers`);
    lines.push(`  run inside    ${s.wrappers.inRig} <command>    Chromium: ${s.wrappers.chromium}`);
    const wildcard = st.namespaceListeners.filter((l) => l.address === '0.0.0.0' || l.address === '::');
    const foreign = st.namespaceListeners.filter((l) => ![LOOPBACK, '::1', '0.0.0.0', '::'].includes(l.address));
    if (wildcard.length) {
      lines.push(
        `  note          ${wildcard.length} wildcard-bound UDP socket(s) (baresip's DNS resolver, ephemeral ports)` +
          (s.netns ? ': in the namespace that means lo only' : ': without a namespace they are bound on every interface'),
      );
    }
    if (foreign.length) lines.push(`  WARNING       non-loopback listeners: ${foreign.map((l) => `${l.address}:${l.port}/${l.proto}`).join(' ')}`);
  }
  return lines.join('\n');
}

