import { sipConnectSource, type SeatConfig } from '../shared/seatConfig.js';

/**
 * The Content Security Policy of the workstation UI, applied by both hosts (Electron's session
 * headers and the browser seat's HTTP responses). No inline script, no eval, no remote code;
 * `connect-src` admits the seat's own origin (its WebSocket bridge) and, for the softphone, the
 * SIP proxy's WebSocket when one is configured.
 */
export function contentSecurityPolicy(extraConnectSources: readonly string[] = []): string {
  for (const source of extraConnectSources) {
    if (!/^wss?:\/\/[^\s;,']+$/i.test(source)) throw new Error(`not a WebSocket source for the CSP: ${source}`);
  }
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self'${extraConnectSources.map((s) => ` ${s}`).join('')}`,
    "media-src 'self' blob:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The CSP for a seat: its SIP proxy's WebSocket (if any) admitted in `connect-src`. */
export function contentSecurityPolicyFor(config: Pick<SeatConfig, 'sip'>): string {
  const sip = sipConnectSource(config);
  return contentSecurityPolicy(sip ? [sip] : []);
}
