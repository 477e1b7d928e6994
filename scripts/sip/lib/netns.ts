/**
 * The rig's network namespace: a namespace of its own with nothing but `lo` (127.0.0.1, ::1).
 * Everything in it can only ever talk over loopback, its ports cannot clash with anything else
 * on the host, and Chromium inside it gathers no ICE candidate but 127.0.0.1.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

export class RigError extends Error {
  override name = 'RigError';
}

function run(cmd: string, args: string[]): { ok: boolean; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) return { ok: false, out: r.error.message };
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim() };
}

export function netnsExists(name: string): boolean {
  return fs.existsSync(`/run/netns/${name}`);
}

/** The command prefix that runs a program inside the namespace (none for the current one). */
export function execPrefix(netns: string | null): string[] {
  return netns ? ['ip', 'netns', 'exec', netns] : [];
}

/** Creates the namespace if needed and brings `lo` up. Returns true when it created it. */
export function ensureNetns(name: string): boolean {
  if (!fs.existsSync('/usr/sbin/ip') && !fs.existsSync('/sbin/ip') && !fs.existsSync('/usr/bin/ip')) {
    throw new RigError('the `ip` command (package iproute2) is missing: apt-get install -y iproute2, or run with --no-netns');
  }
  let created = false;
  if (!netnsExists(name)) {
    const r = run('ip', ['netns', 'add', name]);
    if (!r.ok) {
      throw new RigError(
        `cannot create network namespace ${name} (${r.out || 'ip netns add failed'}); ` +
          'creating one needs root (CAP_SYS_ADMIN). Run as root, or use --no-netns (SIP_RIG_NETNS=none) to run on 127.0.0.1 in this namespace',
      );
    }
    created = true;
  }
  const up = run('ip', ['netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up']);
  if (!up.ok) throw new RigError(`cannot bring up lo in namespace ${name}: ${up.out}`);
  const links = interfacesIn(name);
  const foreign = links.filter((l) => l !== 'lo');
  if (foreign.length) {
    throw new RigError(`network namespace ${name} has interfaces other than lo (${foreign.join(', ')}); the rig runs only in a loopback-only namespace`);
  }
  return created;
}

export function interfacesIn(name: string | null): string[] {
  const r = run('ip', [...(name ? ['-n', name] : []), '-o', 'link', 'show']);
  if (!r.ok) return [];
  return r.out
    .split('\n')
    .map((line) => line.split(':')[1]?.trim().split('@')[0] ?? '')
    .filter(Boolean);
}

/** PIDs of every process in the namespace (ours or not). */
export function pidsIn(name: string): number[] {
  const r = run('ip', ['netns', 'pids', name]);
  if (!r.ok) return [];
  return r.out
    .split(/\s+/)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);
}

export function deleteNetns(name: string): void {
  const r = run('ip', ['netns', 'del', name]);
  if (!r.ok && netnsExists(name)) throw new RigError(`cannot delete network namespace ${name}: ${r.out}`);
}

/** True when this process already runs inside the named namespace. */
export function inNetns(name: string): boolean {
  try {
    const self = fs.statSync('/proc/self/ns/net');
    const target = fs.statSync(`/run/netns/${name}`);
    return self.ino === target.ino && self.dev === target.dev;
  } catch {
    return false;
  }
}
