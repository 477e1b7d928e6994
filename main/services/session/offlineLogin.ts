import crypto from 'node:crypto';

/**
 * After a successful online login the seat keeps a salted scrypt verifier of the password in the
 * agent's cache, so the agent can log in again while headquarters is unreachable. Never the
 * password itself, and never the backend's token.
 */
const KEY_LENGTH = 32;
const COST = { N: 16384, r: 8, p: 1 };

export function makeOfflineVerifier(password: string): string {
  const salt = crypto.randomBytes(16);
  const hash = crypto.scryptSync(password, salt, KEY_LENGTH, COST);
  return `scrypt$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function checkOfflineVerifier(password: string, verifier: string): boolean {
  const [scheme, saltB64, hashB64] = verifier.split('$');
  if (scheme !== 'scrypt' || !saltB64 || !hashB64) return false;
  const expected = Buffer.from(hashB64, 'base64');
  const actual = crypto.scryptSync(password, Buffer.from(saltB64, 'base64'), expected.length, COST);
  return crypto.timingSafeEqual(actual, expected);
}
