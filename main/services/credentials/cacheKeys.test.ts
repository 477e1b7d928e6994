import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../tests/support/tempDir.js';
import { LocalCache } from '../localCache/localCache.js';
import { cacheKeysIn } from './cacheKeys.js';
import { SecretVault, type SecretCipher } from './secretVault.js';

const tmp = makeTempDir('cache-keys');
afterAll(tmp.cleanup);

/** Stands in for safeStorage (which needs Electron): a sealing that is not the identity. */
const xorCipher: SecretCipher = {
  backend: 'test-xor',
  encrypt: (plain) => Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)),
  decrypt: (sealed) => Buffer.from(sealed.map((b) => b ^ 0x5a)).toString('utf8'),
};

describe('cache keys kept in the vault', () => {
  it('makes one random 256-bit key per agent cache, sealed, and gives the same key on the next start', () => {
    const file = path.join(tmp.dir, 'secrets.json');
    const keyFor = cacheKeysIn(new SecretVault(file, xorCipher));
    const bj1 = keyFor('bj.agent1');
    expect(bj1).toMatch(/^[0-9a-f]{64}$/);
    expect(keyFor('bj.agent2')).not.toBe(bj1);
    expect(fs.readFileSync(file, 'utf8')).not.toContain(bj1);
    expect(cacheKeysIn(new SecretVault(file, xorCipher))('bj.agent1')).toBe(bj1);
  });

  it('opens the agent cache on the next start with the key from the vault', () => {
    const vaultFile = path.join(tmp.dir, 'restart-secrets.json');
    const cacheFile = path.join(tmp.dir, 'bj.agent1', 'cache.db');
    const first = LocalCache.open(cacheFile, { key: cacheKeysIn(new SecretVault(vaultFile, xorCipher))('bj.agent1') });
    first.close();
    const notices: string[] = [];
    const again = LocalCache.open(cacheFile, { key: cacheKeysIn(new SecretVault(vaultFile, xorCipher))('bj.agent1'), onNotice: (l) => notices.push(l) });
    again.close();
    expect(notices).toEqual([]);
  });
});
