import { estimateMos, type CallQuality } from './callQuality.js';

/**
 * What the inbound audio of a call did lately, from WebRTC statistics read every few hundred ms.
 * Two truths the screen must tell (an agent trusts the green light):
 * - no packet for `silentAfterMs` while the call is not held: "no audio", at once, whatever ICE
 *   says (ICE takes its consent timeout, ~30 s, to notice a dead path);
 * - the quality badge describes the last `windowMs` only, never the call's running totals: 5 s of
 *   silence is 100 % loss, whatever the first minutes were.
 * Pure: the phone feeds samples and the hold state, and reads the verdicts.
 */
interface InboundSample {
  at: number;
  packetsReceived: number;
  packetsLost: number;
  /** Interarrival jitter now (ms). */
  jitterMs: number;
  rttMs: number | null;
}

export interface MediaWatchOptions {
  silentAfterMs: number;
  /** How long "no audio" may last before the media path is rebuilt (ICE restart). */
  restartAfterMs: number;
  windowMs: number;
}

export const DEFAULT_MEDIA_WATCH: MediaWatchOptions = { silentAfterMs: 1500, restartAfterMs: 2000, windowMs: 5000 };

export class MediaWatch {
  private samples: InboundSample[] = [];
  /** When the last new packet was seen (null: not yet, or counting starts afresh after hold). */
  private lastPacketAt: number | null = null;
  private held = false;

  constructor(readonly options: MediaWatchOptions = DEFAULT_MEDIA_WATCH) {}

  get isHeld(): boolean {
    return this.held;
  }

  /** Hold (either side): silence is expected; the count starts afresh on resume. */
  setHeld(held: boolean, now: number): void {
    this.held = held;
    this.lastPacketAt = now;
    this.samples = [];
  }

  add(sample: InboundSample): void {
    const prev = this.samples[this.samples.length - 1];
    if (this.lastPacketAt === null) this.lastPacketAt = sample.at; // the silence clock starts with the call
    if (prev && sample.packetsReceived < prev.packetsReceived) {
      // counters started again (a new receiver after renegotiation): so does the window
      this.samples = [];
      this.lastPacketAt = sample.at;
    } else if (prev && sample.packetsReceived > prev.packetsReceived) {
      this.lastPacketAt = sample.at;
    } else if (!prev && sample.packetsReceived > 0) {
      this.lastPacketAt = sample.at;
    }
    // the quality window opens with the first packet (ICE and DTLS take a moment: not a loss)
    if (!prev && sample.packetsReceived === 0) return;
    this.samples.push(sample);
    const keepFrom = sample.at - this.options.windowMs;
    while (this.samples.length > 2 && this.samples[1]!.at <= keepFrom) this.samples.shift();
  }

  /** How long no packet has come (0 while held or flowing). */
  silentForMs(now: number): number {
    if (this.held || this.lastPacketAt === null) return 0;
    return Math.max(0, now - this.lastPacketAt);
  }

  noAudio(now: number): boolean {
    return this.silentForMs(now) >= this.options.silentAfterMs;
  }

  /** Silent long enough that the media path should be rebuilt. */
  restartDue(now: number): boolean {
    return this.silentForMs(now) >= this.options.silentAfterMs + this.options.restartAfterMs;
  }

  /**
   * Quality over the window. Losses the counters see (sequence gaps) and time without any packet
   * (RTCP's packetsLost cannot see packets lost after the last one received) both count: the loss
   * is the larger of the two shares. Null until the window spans a second.
   */
  quality(): CallQuality | null {
    if (this.held || this.samples.length < 2) return null;
    const first = this.samples[0]!;
    const last = this.samples[this.samples.length - 1]!;
    // up to the last sample: the time since is the next sample's (and "no audio" watches it)
    const span = last.at - first.at;
    if (span < 1000) return null;
    let silentMs = 0;
    for (let i = 1; i < this.samples.length; i++) {
      if (this.samples[i]!.packetsReceived === this.samples[i - 1]!.packetsReceived) silentMs += this.samples[i]!.at - this.samples[i - 1]!.at;
    }
    const received = last.packetsReceived - first.packetsReceived;
    const reportedLost = Math.max(0, last.packetsLost - first.packetsLost);
    const counted = received + reportedLost > 0 ? (reportedLost / (received + reportedLost)) * 100 : 0;
    const lossPercent = received === 0 ? 100 : Math.min(100, Math.max(counted, (silentMs / span) * 100));
    return {
      mos: received === 0 ? 1 : estimateMos(last.rttMs, last.jitterMs, lossPercent),
      lossPercent: Math.round(lossPercent * 10) / 10,
      jitterMs: Math.round(last.jitterMs * 10) / 10,
      rttMs: last.rttMs === null ? null : Math.round(last.rttMs),
      packetsReceived: received,
    };
  }
}

/** The inbound audio counters of a peer connection's statistics (null: no inbound audio yet). */
export function inboundSample(report: RTCStatsReport, at: number): InboundSample | null {
  let inbound: Record<string, unknown> | null = null;
  let rtt: number | null = null;
  report.forEach((s: Record<string, unknown>) => {
    if (s.type === 'inbound-rtp' && s.kind === 'audio') inbound = s;
    if (s.type === 'remote-inbound-rtp' && s.kind === 'audio' && typeof s.roundTripTime === 'number') rtt = s.roundTripTime * 1000;
    if (rtt === null && s.type === 'candidate-pair' && s.nominated && typeof s.currentRoundTripTime === 'number') rtt = s.currentRoundTripTime * 1000;
  });
  const found = inbound as Record<string, unknown> | null;
  if (!found) return null;
  return {
    at,
    packetsReceived: Number(found.packetsReceived ?? 0),
    packetsLost: Math.max(0, Number(found.packetsLost ?? 0)),
    jitterMs: Number(found.jitter ?? 0) * 1000,
    rttMs: rtt as number | null,
  };
}
