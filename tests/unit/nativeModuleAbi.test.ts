import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertBuiltForElectron, nativeModuleAbi } from '../../scripts/nativeModuleAbi.js';

const require = createRequire(import.meta.url);
// The driver as npm built it here: Node's ABI, what build:electron-native once shipped as Electron's.
const nodeBuild = path.join(path.dirname(require.resolve('better-sqlite3-multiple-ciphers/package.json')), 'build', 'Release', 'better_sqlite3.node');

describe('native module ABI check', () => {
  it('reads the ABI a module was built for', () => {
    expect(nativeModuleAbi(nodeBuild)).toBe(Number(process.versions.modules));
  });

  it('refuses a Node-ABI build as the Electron one, naming both ABIs', () => {
    expect(() => assertBuiltForElectron(nodeBuild, '41.7.1')).toThrow(/built for Node .*'s ABI, not Electron 41\.7\.1's ABI 145/);
  });

  it('refuses a file that is not a native module', () => {
    expect(() => nativeModuleAbi(path.resolve('package.json'))).toThrow(/cannot be read as a native module/);
  });
});
