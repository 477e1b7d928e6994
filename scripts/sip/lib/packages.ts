/**
 * Debian packages the rig needs, and installing the missing ones (as root, with apt-get).
 * `rtpengine-daemon`, not the `rtpengine` metapackage: that one pulls a DKMS kernel module; the rig
 * runs rtpengine in userspace only (--table=-1).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { RigError } from './netns.js';

export interface RigPackage {
  name: string;
  /** What it gives the rig (for error messages). */
  purpose: string;
}

/** The rig's part of the one list of Debian packages the tests need (scripts/setup/debianPackages.json). */
export const RIG_PACKAGES: readonly RigPackage[] = (
  JSON.parse(fs.readFileSync(new URL('../../setup/debianPackages.json', import.meta.url), 'utf8')) as Array<RigPackage & { rig?: boolean }>
)
  .filter((p) => p.rig)
  .map(({ name, purpose }) => ({ name, purpose }));

export const RIG_PACKAGE_NAMES = RIG_PACKAGES.map((p) => p.name);

/** Packages of `names` that dpkg does not report as installed. */
export function missingPackages(names: readonly string[] = RIG_PACKAGE_NAMES): string[] {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Package} ${db:Status-Abbrev}\n', ...names], { encoding: 'utf8' });
  if (r.error) throw new RigError(`cannot query installed packages (dpkg-query: ${r.error.message}); the rig needs Debian/Ubuntu`);
  const installed = new Set(
    (r.stdout ?? '')
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter((cols) => cols[1]?.startsWith('ii'))
      .map((cols) => cols[0]!.split(':')[0]!),
  );
  return names.filter((n) => !installed.has(n));
}

function aptGet(args: string[], log: (line: string) => void): { ok: boolean; out: string } {
  log(`$ apt-get ${args.join(' ')}`);
  const r = spawnSync('apt-get', args, {
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? r.error.message : ''}`;
  return { ok: r.status === 0, out };
}

/**
 * Installs what is missing. Waits for the dpkg lock (another install may be running), runs
 * `apt-get update` once if the package lists do not know a package, and throws a RigError that
 * names the missing packages and apt-get's last lines when it cannot install them.
 */
export function ensurePackages(log: (line: string) => void = console.log, names: readonly string[] = RIG_PACKAGE_NAMES): string[] {
  const missing = missingPackages(names);
  if (missing.length === 0) return [];
  const what = missing.map((m) => `${m} (${RIG_PACKAGES.find((p) => p.name === m)?.purpose ?? 'needed'})`).join(', ');
  if (process.env.SIP_RIG_NO_INSTALL === '1') {
    throw new RigError(`not installed: ${what}; SIP_RIG_NO_INSTALL=1 forbids installing them. As root: apt-get install -y --no-install-recommends ${missing.join(' ')}`);
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new RigError(`not installed: ${what}. Installing needs root: sudo apt-get install -y --no-install-recommends ${missing.join(' ')}`);
  }
  log(`installing ${missing.join(' ')} ...`);
  const started = Date.now();
  const install = ['install', '-y', '-q', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=600', ...missing];
  let r = aptGet(install, log);
  if (!r.ok && /Unable to locate package|has no installation candidate|Failed to fetch|404\s+Not Found/i.test(r.out)) {
    const u = aptGet(['update', '-q', '-o', 'DPkg::Lock::Timeout=600'], log);
    if (!u.ok) log(`apt-get update failed:\n${lastLines(u.out)}`);
    r = aptGet(install, log);
  }
  const still = missingPackages(missing);
  if (!r.ok || still.length) {
    throw new RigError(`${(still.length ? still : missing).join(', ')} not installed and apt-get failed:\n${lastLines(r.out)}`);
  }
  log(`installed ${missing.join(' ')} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return missing;
}

function lastLines(text: string, n = 12): string {
  return text.trimEnd().split('\n').slice(-n).map((l) => `  ${l}`).join('\n');
}
