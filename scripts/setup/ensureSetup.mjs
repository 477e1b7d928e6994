// Plain Node on purpose: this runs before `npm ci` on a fresh clone, when no dependency (not even
// tsx) is installed yet. `npm start` and `npm test` call it first (README, "The two commands").
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Debian packages the test suite needs, one list for `npm test`, `.ci/run` and the SIP rig. */
export const TEST_DEBIAN_PACKAGES = JSON.parse(fs.readFileSync(new URL('./debianPackages.json', import.meta.url), 'utf8')).map((p) => p.name);

/** The declared dependencies (runtime and development) that node_modules lacks. */
export function missingNpmPackages(root) {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const names = [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})];
  return names.filter((name) => !fs.existsSync(path.join(root, 'node_modules', name, 'package.json')));
}

/** Whether Electron's binary can be downloaded from here (its mirror, else GitHub's releases). */
export async function electronDownloadReachable(env = process.env, timeoutMs = 4000) {
  const url = env.ELECTRON_MIRROR || 'https://github.com/electron/electron/releases';
  try {
    await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
    return true;
  } catch {
    return false;
  }
}

/** Debian packages of `wanted` not installed (dpkg's view). */
export function missingDebianPackages(wanted, run = spawnSync) {
  return wanted.filter((name) => {
    const r = run('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return r.status !== 0 || !String(r.stdout).includes('install ok installed');
  });
}

/**
 * Installs the npm dependencies when any is missing (`npm ci`, as the lock file says), Electron's
 * binary download skipped where it cannot be had; then, for the tests, the Debian packages as root
 * or, as anyone else, an exact `apt-get install` line and a failure. Returns the exit code.
 */
export async function ensureSetup({ purpose, root, env = process.env, run = spawnSync, isRoot = process.getuid?.() === 0, log = console.log }) {
  const missingNpm = missingNpmPackages(root);
  if (missingNpm.length > 0) {
    const installEnv = { ...env };
    if (installEnv.ELECTRON_SKIP_BINARY_DOWNLOAD === undefined && !(await electronDownloadReachable(env))) {
      installEnv.ELECTRON_SKIP_BINARY_DOWNLOAD = '1';
      log("Electron's download site is not reachable from here: installing without its binary (the workstation then runs as the browser seat).");
    }
    log(`npm packages missing (${missingNpm.slice(0, 5).join(', ')}${missingNpm.length > 5 ? ', …' : ''}): running npm ci`);
    const npm = run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, env: installEnv, stdio: 'inherit' });
    if (npm.status !== 0) {
      log('npm ci failed (see above); nothing else was started.');
      return 1;
    }
  }
  if (purpose !== 'test') return 0;
  const missingDebian = missingDebianPackages(TEST_DEBIAN_PACKAGES, run);
  if (missingDebian.length === 0) return 0;
  const line = `apt-get install -y --no-install-recommends ${missingDebian.join(' ')}`;
  if (!isRoot) {
    log(`The tests need Debian packages that are not installed. As root, run:\n  apt-get update && ${line}\nthen npm test again.`);
    return 1;
  }
  log(`Installing the Debian packages the tests need: ${missingDebian.join(' ')}`);
  const aptEnv = { ...env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-q'], ['install', '-y', '-q', '--no-install-recommends', ...missingDebian]]) {
    const apt = run('apt-get', args, { env: aptEnv, stdio: 'inherit' });
    if (apt.status !== 0) {
      log(`apt-get ${args[0]} failed (see above). Install them by hand: ${line}`);
      return 1;
    }
  }
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const purpose = process.argv[2];
  if (purpose !== 'start' && purpose !== 'test') {
    console.error('usage: node scripts/setup/ensureSetup.mjs start|test');
    process.exit(2);
  }
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
  process.exit(await ensureSetup({ purpose, root }));
}
