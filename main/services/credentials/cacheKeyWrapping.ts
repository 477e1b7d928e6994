import crypto from 'node:crypto';
import type { WrappedCacheKey } from '../../../shared/api/cacheKeyEscrow.js';
import type { CacheKey } from '../localCache/cacheEncryption.js';

/** scrypt as the offline sign-in verifier uses it (session/offlineLogin.ts): ~50 ms on an agent PC. */
const COST = { N: 16384, r: 8, p: 1 };

/** Off the main thread (libuv's pool): the seat keeps answering while a login wraps its key. */
function wrappingKey(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => crypto.scrypt(password.normalize('NFC'), salt, 32, COST, (error, key) => (error ? reject(error) : resolve(key))));
}

/**
 * Wraps a cache key for escrow at the backend (docs/architecture.md §8 (cache key escrow)): AES-256-GCM
 * under a key derived from the agent's password. The backend, which keeps only a hash of the
 * password, cannot open what it keeps; the agent's next login can.
 */
export async function wrapCacheKey(key: CacheKey, password: string): Promise<WrappedCacheKey> {
  const salt = crypto.randomBytes(16);
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', await wrappingKey(password, salt), iv);
  cipher.setAAD(Buffer.from('agent-workstation cache key'));
  const sealed = Buffer.concat([cipher.update(Buffer.from(key, 'hex')), cipher.final()]);
  return { scheme: 'scrypt-aes-256-gcm-1', salt: salt.toString('base64'), iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), sealed: sealed.toString('base64') };
}

/** The key, or null when this password does not open the escrow (it was wrapped under an older password). */
export async function unwrapCacheKey(wrapped: WrappedCacheKey, password: string): Promise<CacheKey | null> {
  try {
    const decipher = crypto.createDecipheriv('aes-256-gcm', await wrappingKey(password, Buffer.from(wrapped.salt, 'base64')), Buffer.from(wrapped.iv, 'base64'));
    decipher.setAAD(Buffer.from('agent-workstation cache key'));
    decipher.setAuthTag(Buffer.from(wrapped.tag, 'base64'));
    const key = Buffer.concat([decipher.update(Buffer.from(wrapped.sealed, 'base64')), decipher.final()]);
    return key.length === 32 ? key.toString('hex') : null;
  } catch {
    return null;
  }
}
