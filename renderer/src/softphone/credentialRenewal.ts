/**
 * When the softphone asks for a fresh SIP credential (docs/architecture.md, "The SIP credential"):
 * the agent's credential lasts hours (the backend's SIP_CREDENTIAL_LIFETIME_S, never beyond the
 * session), and the proxy refuses it after its expiry, so the phone renews it ahead: 10 minutes
 * before, or half-way through what is left when less than 20 minutes are (a short lifetime still
 * leaves time for a retry), never sooner than 5 s from now.
 */
export function credentialRenewalMs(expiresAt: string, now: number): number {
  const left = Date.parse(expiresAt) - now;
  if (!Number.isFinite(left)) return RENEWAL_RETRY_MS;
  return Math.round(Math.max(MIN_RENEWAL_MS, left - Math.min(10 * 60_000, left / 2)));
}

/** A renewal that failed (the backend out of reach) is tried again this much later. */
export const RENEWAL_RETRY_MS = 30_000;
const MIN_RENEWAL_MS = 5_000;
