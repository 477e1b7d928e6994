import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../tests/support/tempDir.js';
import { LocalCache } from '../localCache/localCache.js';
import { newCacheKey, vaultCacheKeys } from './cacheKeys.js';
import { unwrapCacheKey, wrapCacheKey } from './cacheKeyWrapping.js';
import { SecretVault, type SecretCipher } from './secretVault.js';

const tmp = makeTempDir('cache-keys');
afterAll(tmp.cleanup);

/** Stands in for safeStorage (which needs Electron): a sealing that is not the identity, one per OS user. */
function xorCipher(mask = 0x5a): SecretCipher {
  return {
    backend: 'test-xor',
    encrypt: (plain) => Buffer.from(Buffer.from(`ok:${plain}`, 'utf8').map((b) => b ^ mask)),
    decrypt: (sealed) => {
      const plain = Buffer.from(sealed.map((b) => b ^ mask)).toString('utf8');
      if (!plain.startsWith('ok:')) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      return plain.slice(3);
    },
  };
}

describe('cache keys kept in the vault', () => {
  it('keeps one key per agent cache and OS user, sealed, and reads it back on the next start', () => {
    const file = path.join(tmp.dir, 'secrets.json');
    const keys = vaultCacheKeys(new SecretVault(file, xorCipher()), 'Alice');
    expect(keys.read('bj.agent1')).toEqual({ kind: 'none' });
    const bj1 = newCacheKey();
    keys.keep('bj.agent1', bj1);
    keys.keep('bj.agent2', newCacheKey());
    expect(bj1).toMatch(/^[0-9a-f]{64}$/);
    expect(fs.readFileSync(file, 'utf8')).not.toContain(bj1);
    expect(Object.keys(JSON.parse(fs.readFileSync(file, 'utf8')))).toEqual(['cache:alice/bj.agent1', 'cache:alice/bj.agent2']);
    expect(vaultCacheKeys(new SecretVault(file, xorCipher()), 'alice').read('bj.agent1')).toEqual({ kind: 'kept', key: bj1 });
  });

  it('a second Windows user on a shared data folder has keys of their own and never overwrites the first user’s', () => {
    const file = path.join(tmp.dir, 'shared', 'secrets.json');
    const alice = vaultCacheKeys(new SecretVault(file, xorCipher(0x5a)), 'alice');
    const bob = vaultCacheKeys(new SecretVault(file, xorCipher(0x33)), 'bob');
    const aliceKey = newCacheKey();
    alice.keep('bj.agent1', aliceKey);
    expect(bob.read('bj.agent1')).toEqual({ kind: 'none' });
    bob.keep('bj.agent1', newCacheKey());
    expect(alice.read('bj.agent1')).toEqual({ kind: 'kept', key: aliceKey });
  });

  it('tells a key its keychain can no longer open apart from none, and takes over a key kept under the older per-agent name', () => {
    const file = path.join(tmp.dir, 'legacy', 'secrets.json');
    const key = newCacheKey();
    new SecretVault(file, xorCipher()).set('cache:bj.agent1', key);
    expect(vaultCacheKeys(new SecretVault(file, xorCipher(0x11)), 'alice').read('bj.agent1')).toMatchObject({ kind: 'unsealable', reason: expect.stringContaining('cannot be opened') });
    expect(vaultCacheKeys(new SecretVault(file, xorCipher()), 'alice').read('bj.agent1')).toEqual({ kind: 'kept', key });
    expect(Object.keys(JSON.parse(fs.readFileSync(file, 'utf8')))).toEqual(['cache:alice/bj.agent1']);
    // A reset keychain: what it sealed before no longer opens.
    expect(vaultCacheKeys(new SecretVault(file, xorCipher(0x22)), 'alice').read('bj.agent1').kind).toBe('unsealable');
  });

  it('opens the agent cache on the next start with the key from the vault', () => {
    const vaultFile = path.join(tmp.dir, 'restart-secrets.json');
    const cacheFile = path.join(tmp.dir, 'bj.agent1', 'cache.db');
    const key = newCacheKey();
    vaultCacheKeys(new SecretVault(vaultFile, xorCipher()), 'alice').keep('bj.agent1', key);
    const first = LocalCache.open(cacheFile, { key });
    first.close();
    const kept = vaultCacheKeys(new SecretVault(vaultFile, xorCipher()), 'alice').read('bj.agent1');
    expect(kept.kind).toBe('kept');
    const again = LocalCache.open(cacheFile, { key: kept.kind === 'kept' ? kept.key : '' });
    again.close();
  });
});

describe('cache key wrapping for escrow', () => {
  it('gives the key back with the same password only', async () => {
    const key = newCacheKey();
    const wrapped = await wrapCacheKey(key, '正确的密码 pass');
    expect(JSON.stringify(wrapped)).not.toContain(key);
    expect(JSON.stringify(wrapped)).not.toContain(Buffer.from(key, 'hex').toString('base64'));
    expect(await unwrapCacheKey(wrapped, '正确的密码 pass')).toBe(key);
    expect(await unwrapCacheKey(wrapped, 'an older password')).toBeNull();
    expect(await unwrapCacheKey({ ...wrapped, sealed: Buffer.alloc(32, 1).toString('base64') }, '正确的密码 pass')).toBeNull();
    expect((await wrapCacheKey(key, '正确的密码 pass')).salt).not.toBe(wrapped.salt);
  });
});
