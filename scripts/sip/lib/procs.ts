/** Processes the rig starts: detached daemons with pid files, and what they listen on. */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { execPrefix } from './netns.js';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Starts `cmd args` detached (own process group, survives this script), inside the namespace,
 * with stdout and stderr appended to `logFile`. `ip netns exec` execs the command in place, so the
 * returned pid is the daemon's own.
 */
export async function spawnDaemon(netns: string | null, cmd: string, args: string[], logFile: string, cwd?: string): Promise<number> {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const fd = fs.openSync(logFile, 'a');
  const prefix = execPrefix(netns);
  const argv = [...prefix, cmd, ...args];
  fs.writeSync(fd, `\n==== ${new Date().toISOString()} ${argv.join(' ')}\n`);
  const child = spawn(argv[0]!, argv.slice(1), { detached: true, stdio: ['ignore', fd, fd], cwd: cwd ?? path.dirname(logFile) });
  fs.closeSync(fd);
  child.unref();
  const pid = child.pid;
  if (!pid) throw new Error(`could not start ${cmd}`);
  // `ip netns exec` enters the namespace, then execs the command in place: wait for that, so the
  // pid file only ever names the daemon itself
  const want = path.basename(cmd);
  for (let i = 0; i < 100 && prefix.length && exeName(pid) !== want && exeName(pid) !== null; i++) await sleep(20);
  return pid;
}

/** The executable's base name of a live process, or null if there is no such process. */
export function exeName(pid: number): string | null {
  try {
    return path.basename(fs.readlinkSync(`/proc/${pid}/exe`)).replace(/ \(deleted\)$/, '');
  } catch {
    try {
      return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() || null;
    } catch {
      return null;
    }
  }
}

function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

/** True when `pid` is alive and runs `exe` (guards against a recycled pid). */
export function isRunning(pid: number, exe: string): boolean {
  if (!Number.isInteger(pid) || pid <= 1) return false;
  const name = exeName(pid);
  return name === exe && !isZombie(pid);
}

/**
 * Live processes of the process group `pgid` that run `exe`. Every daemon the rig starts leads a
 * process group of its own (spawned detached), and its workers (Kamailio forks) stay in it.
 */
export function groupMembers(pgid: number, exe: string): number[] {
  const out: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) === pgid && fields[0] !== 'Z' && exeName(Number(entry)) === exe) out.push(Number(entry));
    } catch {
      /* gone */
    }
  }
  return out;
}

/**
 * SIGTERM to the daemon, wait up to `graceMs` for it and its workers (its process group) to exit,
 * then SIGKILL whatever of the group is left. Kamailio 5.6 with the TLS module now and then leaves
 * workers hanging in a futex on shutdown; they hold nothing worth a clean exit (all state is in memory).
 */
export async function stopProcess(pid: number, exe: string, graceMs = 3000): Promise<'stopped' | 'killed' | 'not-running'> {
  const leaderAlive = isRunning(pid, exe);
  if (!leaderAlive && groupMembers(pid, exe).length === 0) return 'not-running';
  if (leaderAlive) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      /* gone meanwhile */
    }
  }
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isRunning(pid, exe) && groupMembers(pid, exe).length === 0) return 'stopped';
    await sleep(50);
  }
  for (const member of [pid, ...groupMembers(pid, exe)]) {
    try {
      if (isRunning(member, exe)) process.kill(member, 'SIGKILL');
    } catch {
      /* gone meanwhile */
    }
  }
  for (let i = 0; i < 40 && (isRunning(pid, exe) || groupMembers(pid, exe).length); i++) await sleep(50);
  return 'killed';
}

export interface Listener {
  proto: 'udp' | 'tcp';
  address: string;
  port: number;
}

function parseProcNet(text: string, proto: 'udp' | 'tcp', v6: boolean): Listener[] {
  const out: Listener[] = [];
  for (const line of text.split('\n').slice(1)) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 4) continue;
    const [addrHex, portHex] = cols[1]!.split(':');
    const state = cols[3];
    // tcp: 0A = LISTEN; udp: 07 = unconnected (bound) socket
    if (proto === 'tcp' && state !== '0A') continue;
    if (proto === 'udp' && state !== '07') continue;
    out.push({ proto, address: v6 ? decodeV6(addrHex!) : decodeV4(addrHex!), port: parseInt(portHex!, 16) });
  }
  return out;
}

function decodeV4(hex: string): string {
  const n = parseInt(hex, 16);
  return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255].join('.');
}

function decodeV6(hex: string): string {
  if (hex === '00000000000000000000000001000000') return '::1';
  if (/^0+$/.test(hex)) return '::';
  if (hex.startsWith('0000000000000000FFFF0000')) return `::ffff:${decodeV4(hex.slice(24))}`;
  const words: string[] = [];
  for (let i = 0; i < 32; i += 8) {
    const w = hex.slice(i, i + 8).match(/../g)!.reverse().join('');
    words.push(w.slice(0, 4), w.slice(4));
  }
  return words.map((w) => w.replace(/^0{1,3}/, '')).join(':');
}

/**
 * Sockets listening in the network namespace of `pid` (read from /proc/<pid>/net, which shows the
 * namespace of that process, whichever namespace the reader is in). Not limited to that process.
 */
export function listenersInNamespaceOf(pid: number): Listener[] {
  const read = (file: string) => {
    try {
      return fs.readFileSync(`/proc/${pid}/net/${file}`, 'utf8');
    } catch {
      return '';
    }
  };
  return [
    ...parseProcNet(read('udp'), 'udp', false),
    ...parseProcNet(read('udp6'), 'udp', true),
    ...parseProcNet(read('tcp'), 'tcp', false),
    ...parseProcNet(read('tcp6'), 'tcp', true),
  ];
}

/** Socket inodes a process holds, to tell which listeners are its own. */
function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  try {
    for (const fd of fs.readdirSync(`/proc/${pid}/fd`)) {
      try {
        const link = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
        const m = /^socket:\[(\d+)\]$/.exec(link);
        if (m) inodes.add(m[1]!);
      } catch {
        /* closed meanwhile */
      }
    }
  } catch {
    /* gone */
  }
  return inodes;
}

/** Listeners owned by the process `pid` or its children (Kamailio forks its workers). */
export function listenersOf(pid: number): Listener[] {
  const pids = [pid, ...childrenOf(pid)];
  const inodes = new Set<string>();
  for (const p of pids) for (const i of socketInodes(p)) inodes.add(i);
  const out: Listener[] = [];
  const files: [string, 'udp' | 'tcp', boolean][] = [
    ['udp', 'udp', false],
    ['udp6', 'udp', true],
    ['tcp', 'tcp', false],
    ['tcp6', 'tcp', true],
  ];
  for (const [file, proto, v6] of files) {
    let text: string;
    try {
      text = fs.readFileSync(`/proc/${pid}/net/${file}`, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || !inodes.has(cols[9]!)) continue;
      out.push(...parseProcNet(`header\n${line}`, proto, v6));
    }
  }
  const seen = new Set<string>();
  return out.filter((l) => {
    const key = `${l.proto}:${l.address}:${l.port}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Direct and indirect children of a process. */
export function childrenOf(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      /* gone */
    }
  }
  const out: number[] = [];
  let frontier = [pid];
  while (frontier.length) {
    const next: number[] = [];
    for (const [child, parent] of parentOf) if (frontier.includes(parent)) next.push(child);
    out.push(...next);
    frontier = next;
  }
  return out;
}

export function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
