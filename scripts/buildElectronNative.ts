import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { assertBuiltForElectron } from './nativeModuleAbi.js';

/**
 * Builds better-sqlite3-multiple-ciphers (better-sqlite3 with encryption) for Electron's ABI into dist/native/, beside (not over) the Node build
 * that tests and the browser seat use; the Electron main process loads it through
 * better-sqlite3's `nativeBinding` option. Needs Electron's headers, which node-gyp downloads:
 * run it on a machine that can reach them (a release or developer machine with Electron).
 */
const require = createRequire(import.meta.url);
const electronVersion = (require('electron/package.json') as { version: string }).version;
const source = path.dirname(require.resolve('better-sqlite3-multiple-ciphers/package.json'));
const work = path.resolve('.tmp/electron-native/better-sqlite3-multiple-ciphers');
const out = path.resolve('dist/native/better_sqlite3.node');

fs.rmSync(work, { recursive: true, force: true });
fs.cpSync(source, work, { recursive: true, filter: (p) => !p.includes(`${path.sep}build${path.sep}`) });
execFileSync(
  'npx',
  ['--yes', 'node-gyp', 'rebuild', '--release', `--target=${electronVersion}`, '--runtime=electron', '--dist-url=https://electronjs.org/headers'],
  { cwd: work, stdio: 'inherit' },
);
const built = path.join(work, 'build/Release/better_sqlite3.node');
// node-gyp falls back to Node's own headers without a word when Electron's cannot be had.
const abi = assertBuiltForElectron(built, electronVersion);
fs.mkdirSync(path.dirname(out), { recursive: true });
fs.copyFileSync(built, out);
console.log(`better-sqlite3 for Electron ${electronVersion} (ABI ${abi}): ${out}`);
