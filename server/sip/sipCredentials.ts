import { createHmac } from 'node:crypto';
import type { SipCredential } from '../../shared/domain/sipCredential.js';

/**
 * How the backend issues SIP credentials (docs/architecture.md, "The SIP credential"): the secret
 * it shares with the proxy (Kamailio's auth_ephemeral `secret`) and how long a credential lasts.
 * From the backend's environment only (SIP_CREDENTIAL_SECRET, SIP_CREDENTIAL_LIFETIME_S), never
 * from a seat.
 */
export interface SipCredentialSettings {
  secret: string;
  /** Seconds; a credential never outlives the session it was issued to either. */
  lifetimeSeconds: number;
}

/** 12 h: one shift. The seat renews it well before (renderer/src/softphone/credentialRenewal.ts). */
const DEFAULT_SIP_CREDENTIAL_LIFETIME_S = 12 * 60 * 60;

/** The settings from the environment; null when no secret is set (then no credential is issued). */
export function sipCredentialSettingsFromEnv(env: NodeJS.ProcessEnv): SipCredentialSettings | null {
  const secret = env.SIP_CREDENTIAL_SECRET ?? '';
  if (secret === '') return null;
  if (secret.length < 16) throw new Error('SIP_CREDENTIAL_SECRET must be at least 16 characters (the secret Kamailio auth_ephemeral shares)');
  const raw = env.SIP_CREDENTIAL_LIFETIME_S;
  const lifetimeSeconds = raw === undefined || raw === '' ? DEFAULT_SIP_CREDENTIAL_LIFETIME_S : Number(raw);
  if (!Number.isInteger(lifetimeSeconds) || lifetimeSeconds < 60 || lifetimeSeconds > 7 * 24 * 3600) {
    throw new Error(`SIP_CREDENTIAL_LIFETIME_S must be whole seconds from 60 to 604800, got "${raw}"`);
  }
  return { secret, lifetimeSeconds };
}

/**
 * The auth_ephemeral credential of `sipUser` valid until `expiresAt` (whole seconds): username
 * "<expiry>:<sipUser>" (username_format 1), password base64(HMAC-SHA1(secret, username))
 * (sha_algorithm 0).
 */
export function ephemeralSipCredential(secret: string, sipUser: string, expiresAt: Date): SipCredential {
  const expiry = Math.floor(expiresAt.getTime() / 1000);
  const user = `${expiry}:${sipUser}`;
  const password = createHmac('sha1', secret).update(user).digest('base64');
  return { sipUser, user, password, expiresAt: new Date(expiry * 1000).toISOString() };
}
