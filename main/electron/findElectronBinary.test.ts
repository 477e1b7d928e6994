import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../tests/support/tempDir.js';
import { findElectronBinary } from './findElectronBinary.js';

/**
 * Where the tests and `npm start` find Electron's binary, without ever asking the `electron`
 * package (whose `require` downloads the binary from outside the registry when it is missing).
 */
const require = createRequire(import.meta.url);
const tmp = makeTempDir('find-electron');
const saved = process.env.ELECTRON_EXECUTABLE;
afterEach(() => {
  if (saved === undefined) delete process.env.ELECTRON_EXECUTABLE;
  else process.env.ELECTRON_EXECUTABLE = saved;
});

function electronPackage(name: string, withBinary: boolean): string {
  const dir = path.join(tmp.dir, name);
  fs.mkdirSync(path.join(dir, 'dist'), { recursive: true });
  // What the package's installer writes once it has the binary; index.js would download otherwise.
  fs.writeFileSync(path.join(dir, 'index.js'), "throw new Error('required: this would download Electron');");
  if (withBinary) {
    fs.writeFileSync(path.join(dir, 'path.txt'), 'electron');
    fs.writeFileSync(path.join(dir, 'dist', 'electron'), '');
  }
  return dir;
}

describe('findElectronBinary', () => {
  it("reads the package's path.txt and dist/ when the binary was downloaded", () => {
    delete process.env.ELECTRON_EXECUTABLE;
    const dir = electronPackage('with-binary', true);
    expect(findElectronBinary(dir)).toBe(path.join(dir, 'dist', 'electron'));
  });

  it('says none, without requiring the package, when the binary is not there', () => {
    delete process.env.ELECTRON_EXECUTABLE;
    expect(findElectronBinary(electronPackage('without-binary', false))).toBeNull();
    expect(findElectronBinary(null)).toBeNull();
  });

  it('takes ELECTRON_EXECUTABLE first, when that file exists', () => {
    const dir = electronPackage('explicit', true);
    const elsewhere = path.join(tmp.dir, 'electron-elsewhere');
    fs.writeFileSync(elsewhere, '');
    process.env.ELECTRON_EXECUTABLE = elsewhere;
    expect(findElectronBinary(dir)).toBe(elsewhere);
    process.env.ELECTRON_EXECUTABLE = path.join(tmp.dir, 'missing');
    expect(findElectronBinary(dir)).toBeNull();
  });

  it("with the project's own electron package: the binary if it was downloaded, else none, and no download tried", () => {
    delete process.env.ELECTRON_EXECUTABLE;
    const packageDir = path.dirname(require.resolve('electron/package.json'));
    const found = findElectronBinary();
    if (fs.existsSync(path.join(packageDir, 'path.txt'))) expect(found && fs.existsSync(found)).toBe(true);
    else expect(found).toBeNull();
    // Electron's index.js writes path.txt when it downloads: still absent where there was none.
    expect(fs.existsSync(path.join(packageDir, 'path.txt'))).toBe(found !== null);
  });
});
