/** What `npm run sip:call` reports (also its --json output, one object). */
import type { DtmfEvent, RtpStats } from './rtp.js';

export type CallStatus = 'answered' | 'rejected' | 'no-answer' | 'unreachable' | 'failed';

/** Process exit code per outcome: 0 only when the agent answered. */
export const EXIT_CODES: Record<CallStatus, number> = { answered: 0, failed: 1, rejected: 3, 'no-answer': 4, unreachable: 5 };

export interface CallOptions {
  caller: string;
  agent: string;
  engine: 'sipp' | 'baresip';
  display: string;
  ringTimeoutMs: number;
  /** The customer hangs up this long after the answer, unless the agent hung up first. */
  talkMs: number;
  audioFile: string;
  /** The caller withholds their number (sipp only): anonymous From, Privacy: id. */
  withheld: boolean;
  /** Once answered, the customer sends an INFO of an unknown package, then a DTMF INFO (sipp only). */
  infoProbe: boolean;
}

/** The answers to the customer's two INFOs of --info-probe (null: no answer within 5 s). */
export interface InfoProbeResult {
  unknownPackage: { code: number | null; recvInfo: string | null };
  dtmf: { code: number | null };
}

export interface CallResult {
  status: CallStatus;
  engine: 'sipp' | 'baresip';
  caller: string;
  agent: string;
  /** The final SIP answer to the INVITE (200 when answered), null when there was none (no answer). */
  sipCode: number | null;
  reason: string | null;
  ringing: boolean;
  timings: { ringingAfterMs: number | null; answeredAfterMs: number | null; talkMs: number | null; totalMs: number };
  hangupBy: 'agent' | 'customer' | null;
  dtmf: { digits: string; events: DtmfEvent[] };
  audio: RtpStats | null;
  /** Directions offered in re-INVITEs from the agent's side (hold: sendonly, resume: sendrecv). */
  reinvites: string[];
  /** Refer-To of a transfer request from the agent, if any. */
  refer: string | null;
  /** baresip only: the call it placed to the transfer target (sipp refuses transfers with 501). */
  transfer: { to: string; answered: boolean; answeredAfterMs: number | null; endReason: string | null } | null;
  /** sipp --info-probe only. */
  infoProbe: InfoProbeResult | null;
  /** The folder with this call's logs (SIPp messages, baresip output). */
  logDir: string;
  error?: string;
}

export function describe(r: CallResult): string {
  const lines: string[] = [];
  const s = (ms: number | null) => (ms === null ? '?' : `${(ms / 1000).toFixed(1)} s`);
  const head = `call from ${r.caller} to ${r.agent} (${r.engine}): `;
  switch (r.status) {
    case 'answered':
      lines.push(
        `${head}ANSWERED after ${s(r.timings.answeredAfterMs)}, talked ${s(r.timings.talkMs)}, ` +
          `${r.hangupBy === 'agent' ? 'the agent hung up' : r.hangupBy === 'customer' ? 'the customer hung up' : 'ended'}`,
      );
      break;
    case 'rejected':
      lines.push(`${head}REJECTED with ${r.sipCode} ${r.reason ?? ''}${r.ringing ? ` after ringing` : ''}`.trimEnd());
      break;
    case 'no-answer':
      lines.push(`${head}NO ANSWER within ${s(r.timings.totalMs)}${r.ringing ? ' (it rang)' : ' (it never rang)'}; cancelled`);
      break;
    case 'unreachable':
      lines.push(`${head}UNREACHABLE: ${r.sipCode} ${r.reason ?? ''} (is agent ${r.agent} registered?)`.trimEnd());
      break;
    case 'failed':
      lines.push(`${head}FAILED: ${r.error ?? 'unknown error'}`);
      break;
  }
  if (r.status === 'answered') {
    const by = (via: string) => r.dtmf.events.filter((e) => e.via === via).map((e) => e.digit).join('');
    lines.push(`  DTMF received: ${r.dtmf.digits || '(none)'}${r.dtmf.digits ? `  (RFC 4733: ${by('rfc4733') || '-'}, SIP INFO: ${by('info') || '-'})` : ''}`);
    if (r.audio) {
      lines.push(
        `  audio: sent ${r.audio.sentPackets} packets ${r.audio.codec ?? ''}, received ${r.audio.receivedPackets} (${r.audio.receivedWithSound} with sound, ${r.audio.telephoneEventPackets} telephone-event)`,
      );
    }
    if (r.infoProbe) {
      const code = (c: number | null) => (c === null ? 'no answer' : String(c));
      lines.push(`  INFO of an unknown package answered ${code(r.infoProbe.unknownPackage.code)}${r.infoProbe.unknownPackage.recvInfo !== null ? ` (${r.infoProbe.unknownPackage.recvInfo})` : ''}, DTMF INFO answered ${code(r.infoProbe.dtmf.code)}`);
    }
    if (r.reinvites.length) lines.push(`  re-INVITEs from the agent: ${r.reinvites.join(', ')}`);
    if (r.transfer) lines.push(`  transferred to ${r.transfer.to}: ${r.transfer.answered ? 'answered there' : 'not answered there'}`);
    else if (r.refer) lines.push(`  transfer to ${r.refer} requested (refused: the sipp caller does not follow transfers)`);
  }
  if (r.logDir) lines.push(`  logs: ${r.logDir}`);
  return lines.join('\n');
}
