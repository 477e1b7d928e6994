/**
 * When to refresh a registration the registrar granted for `grantedSeconds`: at whichever comes
 * first of 90 % of it or 30 s before it ends, but never later than 5 s before it ends (so a short
 * grant still leaves time for a round trip and a retry) and never sooner than half-way (a 30 s grant
 * would otherwise be refreshed at once, forever). SIP.js's own default, 99 %, left under a second
 * of margin on a 30 s grant: the binding lapsed before each refresh.
 */
export function registrationRefreshMs(grantedSeconds: number): number {
  const expires = grantedSeconds * 1000;
  const earliest = Math.min(expires * 0.9, expires - 30_000);
  const atMost = expires - 5000;
  return Math.round(Math.max(expires / 2, Math.min(earliest, atMost)));
}

/** The expiry the registrar granted to our Contact in a 200 to REGISTER (the Contact's expires, else Expires), in s. */
export function grantedExpires(contacts: string[], expiresHeader: string | undefined, ourContactHost: string): number | null {
  for (const value of contacts) {
    for (const contact of value.split(/,(?=\s*(?:"[^"]*"\s*)?<)/)) {
      if (!contact.includes(ourContactHost)) continue;
      const m = /;\s*expires=(\d+)/i.exec(contact);
      if (m) return Number(m[1]);
    }
  }
  const header = Number(expiresHeader);
  return expiresHeader !== undefined && Number.isFinite(header) ? header : null;
}
