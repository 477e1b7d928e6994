import type { SipAccount } from '../../../shared/seatConfig.js';
import type { CallQuality } from './callQuality.js';
import type { MediaHealth } from './mediaRecovery.js';

/**
 * What the softphone store needs from a SIP stack, independent of React and of SIP.js: the real
 * one is SipJsPhone (sipPhone.ts); tests use a fake.
 */

type RegistrationState = 'unregistered' | 'registering' | 'registered' | 'failed';

export interface RegistrationStatus {
  state: RegistrationState;
  /** Why it is not registered: the link to the proxy is down (being retried), or the proxy refused. */
  reason: 'transport' | 'rejected' | null;
  /** The SIP status code of a refusal (403 wrong password…). */
  code: number | null;
  /** When the next reconnection attempt is due (ms since the epoch), while reconnecting. */
  retryAt: number | null;
}

export interface CallInfo {
  id: string;
  direction: 'inbound' | 'outbound';
  /** The other party's number as signalled: P-Asserted-Identity (else From) user part, or the number dialled. */
  remoteNumber: string;
  /** The caller's display name, if the network sent one. */
  remoteName: string | null;
  /**
   * Whether the number may be shown: 'withheld' (the caller asked for privacy: anonymous),
   * 'unavailable' (the network does not have it), else 'number' (shown as received, valid or not).
   */
  presentation: NumberPresentation;
}

export type NumberPresentation = 'number' | 'withheld' | 'unavailable';

export type PhoneEvent =
  | { type: 'registration'; status: RegistrationStatus }
  | { type: 'incoming'; call: CallInfo }
  | { type: 'established'; id: string }
  | { type: 'terminated'; id: string; reason: string | null }
  /**
   * A call that never rang here, and why: it arrived too late (the link to the proxy was dead, or
   * it waited longer than a caller does), or the proxy could not reach us while the link was down.
   */
  | { type: 'missed'; call: CallInfo; at: number; reason: MissedReason }
  /** The call's media path: 'reconnecting' while it is broken and being restored (ICE restarts so far). */
  | { type: 'media'; id: string; health: MediaHealth; iceRestarts: number };

export type MissedReason = 'late' | 'unreachable';

export type DtmfTone = '0' | '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8' | '9' | '*' | '#' | 'A' | 'B' | 'C' | 'D';
export const DTMF_KEYS: readonly DtmfTone[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'];

export function isDtmfTone(key: string): key is DtmfTone {
  return /^[0-9*#A-D]$/.test(key);
}

export interface PhoneEngine {
  /** Connects and registers; resolves once the first attempt is under way (the state comes as events). */
  start(account: SipAccount): Promise<void>;
  /** Unregisters (best effort) and disconnects for good. */
  stop(): Promise<void>;
  /** Registers or unregisters, keeping the connection (the agent going offline and back). */
  setRegistered(on: boolean): Promise<void>;
  /**
   * Takes a renewed credential of the same account (credentialRenewal.ts): later challenges are
   * answered with it, and a live registration is refreshed with it at once.
   */
  renewCredential(account: SipAccount): Promise<void>;
  /** Sends 180 Ringing for an inbound call that the agent may take. */
  ring(id: string): void;
  answer(id: string): Promise<void>;
  reject(id: string, statusCode: number): void;
  hangup(id: string): Promise<void>;
  setMuted(id: string, muted: boolean): void;
  setHeld(id: string, held: boolean): Promise<void>;
  /** RFC 4733 telephone-event in the media; SIP INFO when the media path cannot carry it. */
  sendDtmf(id: string, tone: DtmfTone): Promise<'rfc4733' | 'info'>;
  /** Places a call; the call's id comes back at once, its progress as events. */
  dial(number: string): CallInfo;
  /** Blind transfer (REFER) of the call to a number; the call ends once the other side accepts. */
  transfer(id: string, target: string): Promise<void>;
  /**
   * Attended transfer: REFER with Replaces, the call's other side taking over the consult call
   * (consultId, established) in our place; both our legs end once it has.
   */
  attendedTransfer(id: string, consultId: string): Promise<void>;
  /**
   * Three-way call: both calls off hold, each party hearing the agent and the other party (mixed
   * on the agent's side). It lasts until one of the two calls ends.
   */
  conference(id: string, otherId: string): Promise<void>;
  /** The devices of calls: the microphone from the next call on, the speaker at once. Null: the default. */
  setAudioDevices(devices: { microphoneId: string | null; speakerId: string | null }): void;
  /** The call's audio quality now (null: no media statistics yet). */
  quality(id: string): Promise<CallQuality | null>;
  subscribe(listener: (event: PhoneEvent) => void): () => void;
}

/**
 * The caller's number from a P-Asserted-Identity or From header value
 * (`"Name" <sip:+8613800138000@host;user=phone>`, `<tel:+861062345678>`), or null.
 */
export function userPartOf(headerValue: string | undefined | null): string | null {
  if (!headerValue) return null;
  const m = /(?:sips?|tel):([^@;>?\s]+)/i.exec(headerValue);
  if (!m?.[1]) return null;
  let user: string;
  try {
    user = decodeURIComponent(m[1]);
  } catch {
    user = m[1];
  }
  // visual separators of tel: URIs
  user = user.replace(/[-.()\s]/g, '');
  return user || null;
}

/**
 * Who is calling, from the INVITE's P-Asserted-Identity, From and Privacy headers (RFC 3323/3325):
 * the number as received, and whether it may be shown. An anonymous From (sip:anonymous@…,
 * anonymous.invalid) or Privacy: id/user/header means withheld, even when a trusted network
 * asserted the number: the caller asked not to show it. "unavailable"/"unknown": the network has none.
 */
export function callerIdentity(pai: string | null | undefined, from: string, privacy: string | null | undefined): { number: string; presentation: NumberPresentation } {
  const fromUser = userPartOf(from) ?? '';
  const asserted = userPartOf(pai);
  const privacyAsked = /\b(id|user|header)\b/i.test(privacy ?? '');
  const anonymous = /^anonymous$/i.test(fromUser) || /@anonymous\.invalid/i.test(from) || /^anonymous$/i.test(asserted ?? '');
  if (privacyAsked || anonymous) return { number: '', presentation: 'withheld' };
  const number = asserted ?? fromUser;
  if (!number || /^(unavailable|unknown|restricted|private)$/i.test(number)) {
    return { number: '', presentation: /^(restricted|private)$/i.test(number) ? 'withheld' : 'unavailable' };
  }
  return { number, presentation: 'number' };
}

/** What to dial for a number: digits, *, # and a leading + only. */
export function cleanDialString(input: string): string {
  const trimmed = input.trim();
  const plus = trimmed.startsWith('+') ? '+' : '';
  return plus + trimmed.replace(/[^0-9*#]/g, '');
}
