import fs from 'node:fs';
import { createRequire } from 'node:module';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { CALL_LINK_SCHEMES } from '../../main/services/desktop/callLinks.js';
import { machineSeatFilePath } from '../../main/services/seatProvisioning.js';
import { SeatConfig } from '../../shared/seatConfig.js';

const require = createRequire(import.meta.url);
// electron-builder's own validator (against its JSON schema); tests/integration/appPackage.test.ts builds the package itself.
const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
  validateConfiguration(config: unknown, logger: unknown): Promise<void>;
};
const { DebugLogger } = require('builder-util/out/DebugLogger') as { DebugLogger: new (enabled: boolean) => unknown };
// The glob matcher electron-builder filters the app's files with (app-builder-lib/out/util/filter.js).
const { Minimatch } = createRequire(require.resolve('app-builder-lib/package.json'))('minimatch') as {
  Minimatch: new (pattern: string, options: { dot: boolean }) => { negate: boolean; match(path: string): boolean };
};

const config = load(fs.readFileSync('electron-builder.yml', 'utf8')) as Record<string, unknown>;
const packageJson = JSON.parse(fs.readFileSync('package.json', 'utf8')) as Record<string, unknown>;

/** Whether electron-builder's `files` patterns take a file into app.asar (its minimatchAll: in order, last say wins). */
function packed(file: string): boolean {
  let match = false;
  for (const pattern of (config.files as string[]).map((p) => new Minimatch(p, { dot: true }))) {
    if (match !== pattern.negate) continue;
    match = pattern.match(file);
  }
  return match;
}

describe('electron-builder.yml', () => {
  it('passes electron-builder validation', async () => {
    await expect(validateConfiguration(structuredClone(config), new DebugLogger(false))).resolves.toBeUndefined();
  });
  it('the validator does reject a broken configuration', async () => {
    await expect(validateConfiguration({ ...structuredClone(config), nsis: { oneClick: 'sometimes' } }, new DebugLogger(false))).rejects.toThrow(/oneClick/);
  });

  it('app.asar: the bundles, the renderer and the SQLite driver only; nothing is rebuilt', () => {
    for (const file of ['package.json', 'dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/electron/searchIndexWorker.cjs', 'dist/electron/snapshotReaderWorker.cjs', 'dist/renderer/index.html', 'dist/renderer/assets/index-3f2a.js', 'dist/native/better_sqlite3.node', 'node_modules/better-sqlite3-multiple-ciphers/package.json', 'node_modules/better-sqlite3-multiple-ciphers/lib/index.js']) {
      expect(packed(file), file).toBe(true);
    }
    for (const file of [
      'dist/electron/main.cjs.map',
      'dist/renderer/assets/index-3f2a.js.map',
      'node_modules/fastify/package.json',
      'node_modules/pino/pino.js',
      // bundled into main.cjs by esbuild, like every JavaScript dependency
      'node_modules/electron-updater/package.json',
      'node_modules/react/index.js',
      'node_modules/better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node',
      'node_modules/better-sqlite3-multiple-ciphers/deps/sqlite3/sqlite3.c',
      'node_modules/better-sqlite3-multiple-ciphers/src/better_sqlite3.cpp',
      'server/main.ts',
      'tests/unit/electronBuilderConfig.test.ts',
      'bench/run.ts',
      'dist/packages/AgentWorkstation-0.1.0-win-x64.exe',
      'data/server.db',
    ]) {
      expect(packed(file), file).toBe(false);
    }
    expect((config.extraMetadata as { main: string }).main).toBe('dist/electron/main.cjs');
    expect(config).toMatchObject({ asar: true, asarUnpack: ['**/*.node'], npmRebuild: false, nodeGypRebuild: false });
  });

  it('artifact names without spaces; Windows and Linux targets only', () => {
    expect(config.artifactName).toMatch(/^\S+$/);
    expect(config.mac).toBeUndefined();
    expect(config.win).toMatchObject({ target: ['nsis'] });
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'] });
  });

  it('icons in resources/: a 512 px PNG, an .ico with a 256 px image, a tray lamp per agent state', () => {
    const png = fs.readFileSync('resources/icon.png');
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
    const ico = fs.readFileSync('resources/icon.ico');
    expect(ico.readUInt16LE(2)).toBe(1); // an icon resource
    const sizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico[6 + 16 * i] || 256);
    expect(sizes).toContain(256);
    expect(sizes).toContain(16);
    expect((config.win as { icon: string }).icon).toBe('resources/icon.ico');
    expect((config.linux as { icon: string }).icon).toBe('resources/icon.png');
    for (const state of ['logged_out', 'ready', 'not_ready', 'on_call', 'wrap_up', 'offline']) {
      expect(fs.existsSync(`resources/tray/${state}.png`), state).toBe(true);
      expect(fs.existsSync(`resources/tray/${state}@2x.png`), state).toBe(true);
    }
    expect(config.extraResources).toEqual(expect.arrayContaining([{ from: 'resources/tray', to: 'tray' }, { from: 'resources/seat.example.json', to: 'seat.example.json' }]));
  });

  it('Windows: NSIS per-machine, the seat file as an installer option copied where the app reads it', () => {
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: true, include: 'resources/installer.nsh', deleteAppDataOnUninstall: false });
    const script = fs.readFileSync('resources/installer.nsh', 'utf8');
    expect(script).toContain('!macro customInstall');
    expect(script).toContain('"/SEATFILE="');
    // SetShellVarContext all: $APPDATA is %ProgramData%, the folder provisioning reads.
    expect(script).toContain('SetShellVarContext all');
    expect(script).toContain('"$APPDATA\\AgentWorkstation\\seat.json"');
    expect(machineSeatFilePath('win32', { ProgramData: 'C:\\ProgramData' })).toBe('C:\\ProgramData\\AgentWorkstation\\seat.json');
  });

  it('tel:, sip: and callto: registered for the app, the schemes the app parses', () => {
    expect(config.protocols).toEqual([{ name: 'Telephone link', schemes: [...CALL_LINK_SCHEMES] }]);
  });

  it('updates from headquarters through electron-updater\'s generic provider, over https', () => {
    expect(config.publish).toEqual([{ provider: 'generic', url: expect.stringMatching(/^https:\/\//), channel: 'latest' }]);
  });

  it('the example seat file IT copies is valid and names the same update feed and channel as the build', () => {
    const example = SeatConfig.parse(JSON.parse(fs.readFileSync('resources/seat.example.json', 'utf8')));
    const [published] = config.publish as { url: string; channel: string }[];
    expect(example.updates).toEqual({ enabled: true, url: published!.url, channel: published!.channel, checkEveryHours: 4 });
  });

  it('deb and AppImage metadata: maintainer with an e-mail, homepage, description', () => {
    expect((config.linux as { maintainer: string }).maintainer).toMatch(/^.+ <[^@\s]+@[^@\s]+>$/);
    expect(packageJson.homepage).toMatch(/^https:\/\//);
    expect(packageJson.author).toMatchObject({ email: expect.stringContaining('@') });
    expect((config.linux as { description: string }).description).toMatch(/\S/);
  });

  it('the Windows signing hook signs with the configured certificate, and otherwise leaves the build unsigned (or fails a release that requires signing)', async () => {
    expect((config.win as { signtoolOptions: { sign: string } }).signtoolOptions.sign).toBe('./scripts/release/signWindows.mjs');
    const hook = await import('../../scripts/release/signWindows.mjs');
    const runs: string[][] = [];
    const run = (cmd: string, args: string[]) => void runs.push([cmd, ...args]);
    const file = 'dist/packages/AgentWorkstation-0.1.0-win-x64.exe';
    expect(await hook.sign({ path: file }, {}, run)).toBe('unsigned');
    await expect(hook.sign({ path: file }, { AW_REQUIRE_SIGNING: '1' }, run)).rejects.toThrow(/not signed/);
    await expect(hook.sign({ path: file }, { AW_SIGN_CERT_SHA1: 'nope' }, run)).rejects.toThrow(/thumbprint/);
    expect(runs).toEqual([]);
    const thumbprint = 'a'.repeat(40);
    expect(await hook.sign({ path: file }, { AW_SIGN_CERT_SHA1: thumbprint }, run)).toBe('signed');
    expect(runs).toEqual([['signtool.exe', 'sign', '/sha1', thumbprint, '/fd', 'sha256', '/tr', 'http://timestamp.digicert.com', '/td', 'sha256', '/d', 'Agent Workstation', file]]);
  });

  it('burns the hardened fuses into a release build', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
