/**
 * What the softphone checks in a SIP request before SIP.js sees it, on the raw text the WebSocket
 * delivered: a request SIP.js would choke on (a body without Content-Type threw an uncaught error
 * in the page) is answered 400 here, and an INVITE older than the caller's patience (stamped by the
 * proxy when it took the call, see resources/sip/kamailio.cfg) is refused instead of rung. Pure:
 * no SIP.js, no browser.
 */

/** The header the proxy stamps on an INVITE towards an agent: when it received it (s since the epoch, with a fraction). */
const PROXY_RECEIVED_HEADER = 'X-AW-Received';

interface RawRequest {
  method: string;
  /** Header lines (name lower-cased, value trimmed), in order; folded lines joined. */
  headers: { name: string; value: string }[];
  body: string;
}

/** Compact header forms (RFC 3261 §7.3.3) of the headers read here. */
const COMPACT: Record<string, string> = { v: 'via', f: 'from', t: 'to', i: 'call-id', c: 'content-type', l: 'content-length' };

/** The request line's method, headers and body of a SIP request; null for a response or garbage. */
export function parseRequest(raw: string): RawRequest | null {
  const end = raw.indexOf('\r\n\r\n');
  const head = end < 0 ? raw : raw.slice(0, end);
  const body = end < 0 ? '' : raw.slice(end + 4);
  const lines = head.split('\r\n');
  const m = /^([A-Za-z]+) \S+ SIP\/2\.0$/.exec(lines[0] ?? '');
  if (!m) return null;
  const headers: { name: string; value: string }[] = [];
  for (const line of lines.slice(1)) {
    if (/^[ \t]/.test(line) && headers.length) {
      headers[headers.length - 1]!.value += ` ${line.trim()}`;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    headers.push({ name: COMPACT[name] ?? name, value: line.slice(colon + 1).trim() });
  }
  return { method: m[1]!.toUpperCase(), headers, body };
}

const header = (req: RawRequest, name: string) => req.headers.find((h) => h.name === name)?.value ?? null;

/**
 * A final response to a request, built from its text as RFC 3261 §8.2.6 asks: every Via, From,
 * Call-ID and CSeq copied, a To tag added. For answers SIP.js cannot give (it never got the request).
 */
export function responseTo(raw: string, code: number, reason: string, extraHeaders: string[] = []): string | null {
  const req = parseRequest(raw);
  if (!req) return null;
  const to = header(req, 'to');
  const from = header(req, 'from');
  const callId = header(req, 'call-id');
  const cseq = header(req, 'cseq');
  if (!to || !from || !callId || !cseq) return null;
  const vias = req.headers.filter((h) => h.name === 'via').map((h) => `Via: ${h.value}`);
  if (!vias.length) return null;
  const tag = /;\s*tag=/i.test(to) ? to : `${to};tag=${Math.random().toString(36).slice(2, 12)}`;
  return [`SIP/2.0 ${code} ${reason}`, ...vias, `From: ${from}`, `To: ${tag}`, `Call-ID: ${callId}`, `CSeq: ${cseq}`, ...extraHeaders, 'Content-Length: 0', '', ''].join('\r\n');
}

type Screening =
  | { verdict: 'pass' }
  /** Answer `response` (null: the request is too broken to answer) and do not hand it to SIP.js. */
  | { verdict: 'refuse'; response: string | null; why: 'malformed' | 'stale'; detail: string; invite: InviteSummary | null };

/** Who an INVITE that was refused before ringing came from, for the record of the missed call. */
interface InviteSummary {
  callId: string;
  /** P-Asserted-Identity, else From header value, as received. */
  identity: string;
  from: string;
  privacy: string | null;
  /** When the proxy received it (ms since the epoch), if stamped. */
  receivedAt: number | null;
}

/** Who sent an initial INVITE (null for anything else, a re-INVITE in a call included). */
export function summariseInvite(raw: string): InviteSummary | null {
  const req = parseRequest(raw);
  if (!req || req.method !== 'INVITE' || /;\s*tag=/i.test(header(req, 'to') ?? '')) return null;
  const from = header(req, 'from') ?? '';
  const stamp = Number(header(req, PROXY_RECEIVED_HEADER.toLowerCase())) * 1000;
  return {
    callId: header(req, 'call-id') ?? '',
    identity: header(req, 'p-asserted-identity') ?? from,
    from,
    privacy: header(req, 'privacy'),
    receivedAt: Number.isFinite(stamp) && stamp > 0 ? Math.round(stamp) : null,
  };
}

/**
 * Checks one request the proxy sent. `maxInviteAgeMs`: how long a caller waits for an answer at
 * most (older INVITEs are refused with 480: that caller is gone or about to be).
 */
export function screenRequest(raw: string, now: number, maxInviteAgeMs: number): Screening {
  const req = parseRequest(raw);
  if (!req) return { verdict: 'pass' };
  const length = header(req, 'content-length');
  const hasBody = req.body.length > 0 || (length !== null && Number(length) > 0);
  if (hasBody && !header(req, 'content-type')) {
    return {
      verdict: 'refuse',
      response: responseTo(raw, 400, 'Missing Content-Type'),
      why: 'malformed',
      detail: `${req.method} with a body but no Content-Type`,
      invite: summariseInvite(raw),
    };
  }
  const invite = summariseInvite(raw);
  if (invite?.receivedAt && now - invite.receivedAt > maxInviteAgeMs) {
      return {
        verdict: 'refuse',
        response: responseTo(raw, 480, 'Temporarily Unavailable', ['Reason: SIP;cause=480;text="arrived too late to ring"']),
        why: 'stale',
        detail: `INVITE ${Math.round((now - invite.receivedAt) / 1000)} s old`,
        invite,
      };
  }
  return { verdict: 'pass' };
}

/**
 * A 2xx answer to an INVITE (its Call-ID and CSeq number), null for anything else. Every 2xx to an
 * INVITE must be acknowledged (RFC 3261 §13.2.2.4), even one to a re-INVITE given up on: its sender
 * retransmits it for 32 s and may then end the call.
 */
export function inviteAccepted(raw: string): { callId: string; cseq: number } | null {
  const end = raw.indexOf('\r\n\r\n');
  const lines = (end < 0 ? raw : raw.slice(0, end)).split('\r\n');
  if (!/^SIP\/2\.0 2\d\d\b/.test(lines[0] ?? '')) return null;
  let callId: string | null = null;
  let cseq: number | null = null;
  for (const line of lines.slice(1)) {
    const m = /^(call-id|i|cseq)\s*:\s*(.*)$/i.exec(line);
    if (!m) continue;
    if (m[1]!.toLowerCase() === 'cseq') {
      const c = /^(\d+)\s+INVITE\s*$/i.exec(m[2]!.trim());
      if (!c) return null;
      cseq = Number(c[1]);
    } else callId = m[2]!.trim();
  }
  return callId && cseq !== null ? { callId, cseq } : null;
}
