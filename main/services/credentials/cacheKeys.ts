import crypto from 'node:crypto';
import type { CacheKey } from '../localCache/cacheEncryption.js';
import type { SecretVault } from './secretVault.js';

/**
 * The key of each agent's seat cache: made at random on first use and kept sealed in the OS
 * keychain's vault, so the cache file alone (a stolen disk, a copied profile) reads as noise.
 */
export function cacheKeysIn(vault: SecretVault): (cacheName: string) => CacheKey {
  return (cacheName) => {
    const name = `cache:${cacheName}`;
    const existing = vault.get(name);
    if (existing) return existing;
    const key = crypto.randomBytes(32).toString('hex');
    vault.set(name, key);
    return key;
  };
}
