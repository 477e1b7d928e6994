import fs from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveNativeBinding } from '../../main/services/sqliteDriver.js';
import { makeTempDir } from '../support/tempDir.js';

/**
 * The packaged app, really built: electron-builder (`--dir`, linux, npmRebuild off, the project's
 * own electron-builder.yml) packs a copy of the project into an app directory, and the test reads
 * app.asar back. No Electron distribution can be downloaded here, so electron-builder is pointed
 * at a stand-in one (its `electronDist` option): an `electron` file carrying Electron's fuse wire
 * (the sentinel and the fuses as a stock Electron ships them), which electron-builder's
 * @electron/fuses then flips as it would in the real binary. The driver's Electron build cannot
 * be made here either (no Electron headers): where dist/native/ has none, the Node build of the
 * same driver stands in for it; only its path and unpacking are checked.
 * Needs `npm run build` first (npm test does it).
 */
const require = createRequire(import.meta.url);
const builderRequire = createRequire(require.resolve('app-builder-lib/package.json'));
const { build, Platform, Arch } = require('electron-builder') as typeof import('electron-builder');
const asar = builderRequire('@electron/asar') as {
  listPackage(archive: string, options: { isPack: boolean }): string[];
  statFile(archive: string, file: string): { files?: unknown };
  extractFile(archive: string, file: string): Buffer;
};
const fuses = builderRequire('@electron/fuses') as {
  getCurrentFuseWire(binary: string): Promise<Record<string, unknown>>;
  FuseV1Options: Record<string, number>;
};

const ELECTRON_VERSION = (require('electron/package.json') as { version: string }).version;
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's fuses as a stock binary ships them ('1' on, '0' off), in FuseV1Options order. */
const STOCK_FUSES = '11110000';
const ON = '1'.charCodeAt(0);
const OFF = '0'.charCodeAt(0);

const root = process.cwd();
const tmp = makeTempDir('app-package');
const project = path.join(tmp.dir, 'project');
const appOutDir = path.join(project, 'dist/packages/linux-unpacked');
const resources = path.join(appOutDir, 'resources');
const archive = path.join(resources, 'app.asar');
/** The files (not folders) in app.asar's index, unpacked ones included. */
let packed: string[] = [];
let unpacked: string[] = [];

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort();
}

function write(file: string, content: string | Buffer, mode?: number): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content, mode === undefined ? undefined : { mode });
}

/** A copy of the project as a release machine has it after npm run build and build:electron-native, with the clutter a checkout has beside it. */
function stageProject(): string {
  for (const built of ['dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/renderer/index.html']) {
    if (!fs.existsSync(path.join(root, built))) throw new Error(`${built} is missing: run npm run build first (npm test does)`);
  }
  for (const item of ['package.json', 'electron-builder.yml', 'resources', 'dist/electron', 'dist/renderer']) {
    fs.cpSync(path.join(root, item), path.join(project, item), { recursive: true });
  }
  const electronDriver = path.join(root, 'dist/native/better_sqlite3.node');
  const nodeDriver = path.join(path.dirname(require.resolve('better-sqlite3-multiple-ciphers/package.json')), 'build/Release/better_sqlite3.node');
  fs.mkdirSync(path.join(project, 'dist/native'), { recursive: true });
  fs.copyFileSync(fs.existsSync(electronDriver) ? electronDriver : nodeDriver, path.join(project, 'dist/native/better_sqlite3.node'));
  // What must stay out (the real node_modules brings every production and dev package, and the driver's sources and Node build).
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(project, 'node_modules'), 'dir');
  for (const item of ['server', 'tests', 'bench', 'scripts', 'shared', 'main', 'renderer']) fs.cpSync(path.join(root, item), path.join(project, item), { recursive: true, filter: (source) => !source.includes(`${path.sep}node_modules`) });
  write(path.join(project, 'data/server.db'), 'not a database');
  write(path.join(project, 'dist/native/leftover.o'), 'object file');

  const electronDist = path.join(tmp.dir, 'electron-dist');
  write(path.join(electronDist, 'electron'), Buffer.concat([Buffer.from('#!/bin/sh\n# stand-in for the Electron binary\nexit 1\n'), Buffer.from(SENTINEL), Buffer.from([1, STOCK_FUSES.length]), Buffer.from(STOCK_FUSES)]), 0o755);
  write(path.join(electronDist, 'LICENSE'), 'Electron license');
  write(path.join(electronDist, 'LICENSES.chromium.html'), '<p>Chromium licenses</p>');
  write(path.join(electronDist, 'version'), ELECTRON_VERSION);
  write(path.join(electronDist, 'locales/zh-CN.pak'), 'zh-CN');
  write(path.join(electronDist, 'locales/en-US.pak'), 'en-US');
  return electronDist;
}

describe('the packaged app (electron-builder --dir with the release configuration)', () => {
  beforeAll(async () => {
    const electronDist = stageProject();
    await build({
      projectDir: project,
      targets: Platform.LINUX.createTarget('dir', Arch.x64),
      publish: 'never',
      // Only what cannot be had here is overridden; everything else is electron-builder.yml as released.
      config: { electronDist, electronVersion: ELECTRON_VERSION, npmRebuild: false },
    });
    packed = asar.listPackage(archive, { isPack: false })
      .map((entry) => entry.replace(/^[\\/]/, '').split(path.sep).join('/'))
      .filter((entry) => asar.statFile(archive, entry).files === undefined);
    unpacked = filesUnder(`${archive}.unpacked`);
  }, 120_000);
  afterAll(() => tmp.cleanup());

  it('app.asar holds the bundles, the renderer and the SQLite driver, nothing else', () => {
    const renderer = filesUnder(path.join(project, 'dist/renderer')).filter((file) => !file.endsWith('.map')).map((file) => `dist/renderer/${file}`);
    const driverLib = filesUnder(path.join(root, 'node_modules/better-sqlite3-multiple-ciphers/lib')).map((file) => `node_modules/better-sqlite3-multiple-ciphers/lib/${file}`);
    expect(renderer.length).toBeGreaterThan(1);
    expect(new Set(packed)).toEqual(new Set([
      'package.json',
      'dist/electron/main.cjs',
      'dist/electron/preload.cjs',
      'dist/electron/searchIndexWorker.cjs',
      'dist/electron/snapshotReaderWorker.cjs',
      ...renderer,
      'node_modules/better-sqlite3-multiple-ciphers/package.json',
      ...driverLib,
      // listed in the archive's index, its content in app.asar.unpacked
      'dist/native/better_sqlite3.node',
    ]));
  });

  it('no server, tests, bench, scripts, sources, source maps or other packages inside', () => {
    const forbidden = packed.filter((entry) =>
      /^(server|tests|bench|scripts|shared|main|renderer|data)(\/|$)/.test(entry) ||
      entry.endsWith('.map') || entry.endsWith('.ts') || entry.endsWith('.c') || entry.endsWith('.cpp') || entry.endsWith('.o') ||
      (entry.startsWith('node_modules/') && !entry.startsWith('node_modules/better-sqlite3-multiple-ciphers')) ||
      /^node_modules\/better-sqlite3-multiple-ciphers\/(build|deps|src)(\/|$)/.test(entry));
    expect(forbidden).toEqual([]);
    const devPackages = Object.keys((JSON.parse(fs.readFileSync('package.json', 'utf8')) as { devDependencies: Record<string, string> }).devDependencies);
    expect(devPackages.filter((name) => packed.some((entry) => entry.startsWith(`node_modules/${name}/`)))).toEqual([]);
    expect(JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8'))).toMatchObject({ main: 'dist/electron/main.cjs' });
  });

  it('every module the main bundle and its workers require is Node\'s, Electron\'s or inside the package', () => {
    for (const bundle of ['main.cjs', 'searchIndexWorker.cjs', 'snapshotReaderWorker.cjs']) {
      const source = asar.extractFile(archive, `dist/electron/${bundle}`).toString('utf8');
      const required = new Set([...source.matchAll(/\brequire\("([^"./][^"]*)"\)/g)].map((match) => match[1]!));
      const outside = [...required].filter((name) => !name.startsWith('node:') && !builtinModules.includes(name) && name !== 'electron' && !packed.includes(`node_modules/${name}/package.json`));
      expect(outside, bundle).toEqual([]);
    }
  });

  it('only the native driver is unpacked, where the app\'s resolver loads it from', () => {
    expect(unpacked).toEqual(['dist/native/better_sqlite3.node']);
    expect(resolveNativeBinding({ isPackaged: true, env: { BETTER_SQLITE3_ELECTRON_BINDING: '/tmp/evil.node' }, appDir: archive })).toBe(path.join(`${archive}.unpacked`, 'dist/native/better_sqlite3.node'));
    expect(fs.statSync(path.join(`${archive}.unpacked`, 'dist/native/better_sqlite3.node')).size).toBeGreaterThan(100_000);
  });

  it('the executable carries the hardened fuses, flipped by electron-builder during the build', async () => {
    const executable = path.join(appOutDir, 'agent-workstation');
    const wire = await fuses.getCurrentFuseWire(executable);
    const fuse = (name: string) => wire[fuses.FuseV1Options[name]!];
    expect({
      RunAsNode: fuse('RunAsNode'),
      EnableCookieEncryption: fuse('EnableCookieEncryption'),
      EnableNodeOptionsEnvironmentVariable: fuse('EnableNodeOptionsEnvironmentVariable'),
      EnableNodeCliInspectArguments: fuse('EnableNodeCliInspectArguments'),
      EnableEmbeddedAsarIntegrityValidation: fuse('EnableEmbeddedAsarIntegrityValidation'),
      OnlyLoadAppFromAsar: fuse('OnlyLoadAppFromAsar'),
      GrantFileProtocolExtraPrivileges: fuse('GrantFileProtocolExtraPrivileges'),
    }).toEqual({
      RunAsNode: OFF,
      EnableCookieEncryption: ON,
      EnableNodeOptionsEnvironmentVariable: OFF,
      EnableNodeCliInspectArguments: OFF,
      EnableEmbeddedAsarIntegrityValidation: ON,
      OnlyLoadAppFromAsar: ON,
      GrantFileProtocolExtraPrivileges: OFF,
    });
  });

  it('the app directory: the renamed executable, the seat file example and tray lamps as resources', () => {
    expect(fs.statSync(path.join(appOutDir, 'agent-workstation')).mode & 0o111).not.toBe(0);
    expect(filesUnder(resources).filter((file) => !file.startsWith('app.asar'))).toEqual(expect.arrayContaining(['seat.example.json', 'tray/ready.png', 'tray/on_call.png']));
    expect(fs.readFileSync(path.join(resources, 'seat.example.json'), 'utf8')).toBe(fs.readFileSync(path.join(root, 'resources/seat.example.json'), 'utf8'));
  });
});
