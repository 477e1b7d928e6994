/**
 * When to restart ICE for a call whose media path broke (the peer connection's ICE state went to
 * disconnected or failed while the call is up). Pure: the SIP stack feeds it ICE states and the
 * clock, and asks what to do next; it sends the re-INVITE with `iceRestart` when told to.
 *
 * - `disconnected` often heals by itself (a short outage; consent checks resume), so the first
 *   restart waits `graceMs`; `failed` never heals by itself and restarts at once.
 * - A restart needs signalling: while the link to the proxy is down it waits (the phone asks
 *   again once it is back).
 * - Further attempts back off: base, doubled per attempt, capped; a restart in flight is never
 *   doubled up (SIP allows one re-INVITE at a time).
 * - Media flowing again (`connected`/`completed`) ends the episode and resets the backoff.
 * - Silence counts as a broken path too: the media watch (mediaWatch.ts) reports inbound audio
 *   that stopped long before ICE notices (its consent checks take ~30 s); the first restart is
 *   then due at once (the silence has lasted its grace already), and packets again end it.
 */

export type IceState = 'new' | 'checking' | 'connected' | 'completed' | 'disconnected' | 'failed' | 'closed';

/** 'no_audio': nothing heard for a moment (not yet restarting); 'reconnecting': the path is being rebuilt. */
export type MediaHealth = 'ok' | 'no_audio' | 'reconnecting';

export type RecoveryStep = { do: 'nothing' } | { do: 'wait'; ms: number } | { do: 'restart' };

export interface MediaRecoveryOptions {
  /** How long `disconnected` may last before the first restart (ms). */
  graceMs: number;
  /** Delay before the second attempt, doubled per further attempt up to maxMs (ms). */
  baseMs: number;
  maxMs: number;
}

const DEFAULT_MEDIA_RECOVERY: MediaRecoveryOptions = { graceMs: 1500, baseMs: 2000, maxMs: 10_000 };

export class MediaRecovery {
  private ice: IceState = 'new';
  /** When the current outage began (null: media is fine). */
  private troubleSince: number | null = null;
  private attempts = 0;
  private lastAttemptAt = 0;
  private inFlight = false;
  /** The current outage is silence (the media watch), not an ICE state. */
  private silence = false;

  constructor(private readonly options: MediaRecoveryOptions = DEFAULT_MEDIA_RECOVERY) {}

  get health(): 'ok' | 'reconnecting' {
    return this.troubleSince === null ? 'ok' : 'reconnecting';
  }

  get restarts(): number {
    return this.attempts;
  }

  /** The peer connection's ICE state changed. */
  iceChanged(state: IceState, now: number): void {
    this.ice = state;
    if ((state === 'connected' || state === 'completed') && !this.silence) {
      this.troubleSince = null;
      this.attempts = 0;
    } else if ((state === 'disconnected' || state === 'failed') && this.troubleSince === null) {
      this.troubleSince = now;
    }
  }

  /** No inbound audio for long enough: rebuild the path even though ICE still says connected. */
  silent(now: number): void {
    if (this.troubleSince !== null) return;
    this.silence = true;
    this.troubleSince = now - this.options.graceMs;
  }

  /** Inbound audio again: an outage of silence is over (one of ICE's ends when ICE connects). */
  audioBack(): void {
    if (!this.silence) return;
    this.silence = false;
    if (this.ice === 'connected' || this.ice === 'completed') {
      this.troubleSince = null;
      this.attempts = 0;
    }
  }

  /** A restart re-INVITE was sent (until `restartDone`, no other one). */
  restartStarted(now: number): void {
    this.inFlight = true;
    this.attempts++;
    this.lastAttemptAt = now;
  }

  /** The restart re-INVITE got its final answer (accepted or not) or could not be sent. */
  restartDone(): void {
    this.inFlight = false;
  }

  next(now: number, signallingUp: boolean): RecoveryStep {
    if (this.troubleSince === null || this.ice === 'closed' || this.inFlight) return { do: 'nothing' };
    if (!signallingUp) return { do: 'nothing' };
    const due =
      this.attempts === 0
        ? this.ice === 'failed'
          ? now
          : this.troubleSince + this.options.graceMs
        : this.lastAttemptAt + Math.min(this.options.maxMs, this.options.baseMs * 2 ** (this.attempts - 1));
    return due <= now ? { do: 'restart' } : { do: 'wait', ms: due - now };
  }
}
