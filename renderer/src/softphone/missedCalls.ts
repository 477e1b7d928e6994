/**
 * Calls the proxy could not deliver while the link to us was down, as it reports them in the 200
 * to our next REGISTER (resources/sip/kamailio.cfg keeps them per agent until then):
 *   X-AW-Missed: <sip:13911112222@example>;at=1765080000.123456;code=408[;privacy=id];cid=<Call-ID>
 * one header (or comma-separated entries) per attempt. Pure.
 */
interface ReportedMiss {
  /** The caller as the proxy saw it (a name-addr). */
  identity: string;
  privacy: string | null;
  /** When the proxy gave up on reaching us (ms since the epoch). */
  at: number;
  code: number | null;
  callId: string | null;
}

export function missedCallsReported(headerValues: string[]): ReportedMiss[] {
  const out: ReportedMiss[] = [];
  for (const value of headerValues) {
    for (const entry of value.split(/,(?=\s*<)/)) {
      const identity = /<[^>]*>/.exec(entry)?.[0];
      // seconds since the epoch, with a fraction (Kamailio's $TV(Sn))
      const at = Math.round(Number(/;\s*at=(\d+(?:\.\d+)?)/i.exec(entry)?.[1]) * 1000);
      if (!identity || !Number.isFinite(at) || at <= 0) continue;
      const code = /;\s*code=(\d{3})/i.exec(entry)?.[1];
      const privacy = /;\s*privacy=([a-z]+)/i.exec(entry)?.[1] ?? null;
      const callId = /;\s*cid=([^;,\s]+)/i.exec(entry)?.[1] ?? null;
      out.push({ identity, privacy, at, code: code ? Number(code) : null, callId });
    }
  }
  return out;
}
