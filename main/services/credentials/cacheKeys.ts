import crypto from 'node:crypto';
import os from 'node:os';
import type { CacheKey } from '../localCache/cacheEncryption.js';
import { SecretVaultError, type SecretVault } from './secretVault.js';

/** A kept key, none, or one the keychain can no longer open (reset keychain, Windows password reset, another user). */
type KeptCacheKey = { kind: 'kept'; key: CacheKey } | { kind: 'none' } | { kind: 'unsealable'; reason: string };

/**
 * The keys of the seat's caches, one per agent cache and Windows (OS) user: what the
 * workstation asks for when it opens an agent's cache (docs/architecture.md §8 (cache key escrow)).
 */
export interface CacheKeyStore {
  read(cacheName: string): KeptCacheKey;
  /** Keeps `key` (a new one, or one recovered from escrow) as this cache's key. */
  keep(cacheName: string, key: CacheKey): void;
}

/** The OS user this process runs as (what names its cache keys); the environment's where the system has no entry for it. */
export function osUserName(env: NodeJS.ProcessEnv = process.env): string {
  try {
    return os.userInfo().username;
  } catch {
    return env.USERNAME ?? env.USER ?? 'user';
  }
}

export function newCacheKey(): CacheKey {
  return crypto.randomBytes(32).toString('hex');
}

/**
 * Cache keys kept sealed in the OS keychain's vault, so the cache file alone (a stolen disk, a
 * copied profile) reads as noise. Each is named by the OS user and the agent's cache
 * (`cache:<osUser>/<agent>`): the installed app's vault and caches are in the Windows user's
 * profile already (seatProvisioning.ts), and where a data folder is shared by several OS users
 * (a checkout, a seat file's dataDir) one user's key never overwrites another's. A key kept under
 * the older name `cache:<agent>` is taken over when this user's keychain opens it.
 */
export function vaultCacheKeys(vault: SecretVault, osUser: string): CacheKeyStore {
  const nameOf = (cacheName: string) => `cache:${osUser.toLowerCase().replace(/[^a-z0-9._-]/g, '_')}/${cacheName}`;
  const unsealed = (name: string): KeptCacheKey => {
    try {
      const key = vault.get(name);
      return key ? { kind: 'kept', key } : { kind: 'none' };
    } catch (error) {
      if (error instanceof SecretVaultError) return { kind: 'unsealable', reason: error.message };
      throw error;
    }
  };
  return {
    read(cacheName) {
      const own = unsealed(nameOf(cacheName));
      if (own.kind !== 'none') return own;
      const legacy = unsealed(`cache:${cacheName}`);
      if (legacy.kind === 'kept') {
        vault.set(nameOf(cacheName), legacy.key);
        vault.delete(`cache:${cacheName}`);
      }
      return legacy;
    },
    keep(cacheName, key) {
      vault.set(nameOf(cacheName), key);
    },
  };
}
