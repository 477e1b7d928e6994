import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureSetup, TEST_DEBIAN_PACKAGES } from '../../scripts/setup/ensureSetup.mjs';
import { RIG_PACKAGE_NAMES } from '../../scripts/sip/lib/packages.js';
import { makeTempDir } from '../support/tempDir.js';

/**
 * What `npm start` and `npm test` do first on a fresh machine (scripts/setup/ensureSetup.mjs):
 * `npm ci` when a declared dependency is missing, without Electron's binary when its download site
 * cannot be reached; for the tests, the Debian packages installed as root, or an exact apt-get line
 * and a failure for anyone else. npm, dpkg-query and apt-get are recorded, not run.
 */
interface Call {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

const tmp = makeTempDir('ensure-setup');
let mirror: http.Server;
let mirrorUrl: string;
beforeAll(async () => {
  mirror = http.createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => mirror.listen(0, '127.0.0.1', resolve));
  mirrorUrl = `http://127.0.0.1:${(mirror.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await new Promise((resolve) => mirror.close(resolve));
  tmp.cleanup();
});

/** A project folder whose package.json declares one dependency and one dev dependency. */
function project(name: string, installed: string[]): string {
  const root = path.join(tmp.dir, name);
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, 'package.json'), JSON.stringify({ dependencies: { zod: '^4' }, devDependencies: { vitest: '^4' } }));
  for (const dep of installed) {
    fs.mkdirSync(path.join(root, 'node_modules', dep), { recursive: true });
    fs.writeFileSync(path.join(root, 'node_modules', dep, 'package.json'), '{}');
  }
  return root;
}

/** Records each command; npm ci "installs" both dependencies; dpkg reports `notInstalled` missing. */
function fakeRun(calls: Call[], options: { root: string; notInstalled?: string[]; npmFails?: boolean }) {
  return ((command: string, args: string[], spawnOptions: { env?: NodeJS.ProcessEnv }) => {
    calls.push({ command, args, env: spawnOptions?.env });
    const done = (status: number, stdout = '') => ({ status, stdout, stderr: '', pid: 0, output: [], signal: null }) as unknown as SpawnSyncReturns<string>;
    if (command === 'npm') {
      if (options.npmFails) return done(1);
      for (const dep of ['zod', 'vitest']) {
        fs.mkdirSync(path.join(options.root, 'node_modules', dep), { recursive: true });
        fs.writeFileSync(path.join(options.root, 'node_modules', dep, 'package.json'), '{}');
      }
      return done(0);
    }
    if (command === 'dpkg-query') {
      const name = args.at(-1)!;
      return options.notInstalled?.includes(name) ? done(1, '') : done(0, 'install ok installed');
    }
    return done(0);
  }) as never;
}

describe('ensureSetup: the two commands on a fresh machine', () => {
  it('runs npm ci when a dependency is missing, skipping Electron’s binary when its download site is unreachable', async () => {
    const root = project('fresh', []);
    const calls: Call[] = [];
    const lines: string[] = [];
    // Nothing listens on port 9 of loopback: the "download site" refuses at once.
    const code = await ensureSetup({ purpose: 'start', root, env: { ELECTRON_MIRROR: 'http://127.0.0.1:9/' }, run: fakeRun(calls, { root }), isRoot: false, log: (l: string) => lines.push(l) });
    expect(code).toBe(0);
    expect(calls.map((c) => [c.command, ...c.args])).toEqual([['npm', 'ci', '--no-audit', '--no-fund']]);
    expect(calls[0]!.env?.ELECTRON_SKIP_BINARY_DOWNLOAD).toBe('1');
    expect(lines.join('\n')).toContain('npm packages missing (zod, vitest)');
    // `start` needs no Debian packages: dpkg was not asked.
  });

  it('keeps Electron’s download where its site answers, and does nothing when everything is installed', async () => {
    const root = project('half', ['zod']);
    const calls: Call[] = [];
    expect(await ensureSetup({ purpose: 'start', root, env: { ELECTRON_MIRROR: mirrorUrl }, run: fakeRun(calls, { root }), isRoot: false, log: () => {} })).toBe(0);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.env?.ELECTRON_SKIP_BINARY_DOWNLOAD).toBeUndefined();

    const again: Call[] = [];
    expect(await ensureSetup({ purpose: 'start', root, env: {}, run: fakeRun(again, { root }), isRoot: false, log: () => {} })).toBe(0);
    expect(again).toEqual([]);
  });

  it('stops when npm ci fails', async () => {
    const root = project('broken', []);
    const calls: Call[] = [];
    const code = await ensureSetup({ purpose: 'test', root, env: { ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, run: fakeRun(calls, { root, npmFails: true }), isRoot: true, log: () => {} });
    expect(code).toBe(1);
    expect(calls.map((c) => c.command)).toEqual(['npm']);
  });

  it('for the tests: as anyone but root, names the exact apt-get line and fails; as root, installs what is missing', async () => {
    const root = project('installed', ['zod', 'vitest']);
    const notInstalled = ['postgresql', 'haproxy'];
    const calls: Call[] = [];
    const lines: string[] = [];
    expect(await ensureSetup({ purpose: 'test', root, env: {}, run: fakeRun(calls, { root, notInstalled }), isRoot: false, log: (l: string) => lines.push(l) })).toBe(1);
    expect(calls.every((c) => c.command === 'dpkg-query')).toBe(true);
    expect(calls.map((c) => c.args.at(-1))).toEqual(TEST_DEBIAN_PACKAGES);
    expect(lines.join('\n')).toContain('apt-get install -y --no-install-recommends postgresql haproxy');

    const asRoot: Call[] = [];
    expect(await ensureSetup({ purpose: 'test', root, env: {}, run: fakeRun(asRoot, { root, notInstalled }), isRoot: true, log: () => {} })).toBe(0);
    expect(asRoot.filter((c) => c.command === 'apt-get').map((c) => c.args)).toEqual([
      ['update', '-q'],
      ['install', '-y', '-q', '--no-install-recommends', 'postgresql', 'haproxy'],
    ]);
  });

  it('one list: the SIP rig’s packages are part of what the tests install', () => {
    expect(TEST_DEBIAN_PACKAGES).toEqual(expect.arrayContaining([...RIG_PACKAGE_NAMES, 'chromium', 'postgresql', 'haproxy']));
    expect(RIG_PACKAGE_NAMES).toContain('kamailio-websocket-modules');
    expect(RIG_PACKAGE_NAMES).not.toContain('chromium');
  });

  it('on this machine, as `npm test` runs it: everything is there, nothing is installed', () => {
    const cli = spawnSync(process.execPath, ['scripts/setup/ensureSetup.mjs', 'test'], { encoding: 'utf8' });
    expect(cli.status, cli.stdout + cli.stderr).toBe(0);
    expect(cli.stdout).toBe('');
  });
});
