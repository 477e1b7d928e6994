import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../tests/support/tempDir.js';
import { prepareEncryptedCache } from './localCache/cacheEncryption.js';
import { checkSqliteDriver, resolveNativeBinding } from './sqliteDriver.js';

const tmp = makeTempDir('sqlite-driver');
afterAll(() => tmp.cleanup());

describe('native binding resolver', () => {
  it('uses the build unpacked beside app.asar when installed, whatever the environment says', () => {
    const appDir = path.join('C:', 'Program Files', 'Agent Workstation', 'resources', 'app.asar');
    expect(resolveNativeBinding({ isPackaged: true, appDir, env: { BETTER_SQLITE3_ELECTRON_BINDING: '/tmp/evil.node' } })).toBe(
      path.join(`${appDir}.unpacked`, 'dist', 'native', 'better_sqlite3.node'),
    );
  });

  it('from a checkout: the override, else dist/native if built, else the default build', () => {
    const checkout = path.join(tmp.dir, 'checkout');
    expect(resolveNativeBinding({ isPackaged: false, appDir: checkout, env: { BETTER_SQLITE3_ELECTRON_BINDING: '/x/b.node' } })).toBe('/x/b.node');
    expect(resolveNativeBinding({ isPackaged: false, appDir: checkout, env: {} })).toBeUndefined();
    const built = path.join(checkout, 'dist', 'native', 'better_sqlite3.node');
    fs.mkdirSync(path.dirname(built), { recursive: true });
    fs.writeFileSync(built, '');
    expect(resolveNativeBinding({ isPackaged: false, appDir: checkout, env: {} })).toBe(built);
  });
});

describe('SQLite driver self-check', () => {
  it('passes with a driver that loads and encrypts', () => {
    expect(() => checkSqliteDriver(undefined)).not.toThrow();
  });

  it('fails loudly, naming the file, with a driver that cannot be loaded', () => {
    const wrong = path.join(tmp.dir, 'not-a-module.node');
    fs.writeFileSync(wrong, 'not an ELF file');
    expect(() => checkSqliteDriver(wrong)).toThrow(/not-a-module\.node cannot be loaded/);
  });

  it('is the driver the encryption check of an existing cache opens with', () => {
    const cache = path.join(tmp.dir, 'cache.db');
    fs.writeFileSync(cache, '');
    expect(() => prepareEncryptedCache(cache, 'ab'.repeat(32), path.join(tmp.dir, 'missing.node'))).toThrow();
  });
});
