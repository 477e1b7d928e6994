/** What the agent sees of a call's audio quality, from WebRTC statistics. */
export interface CallQuality {
  /** Estimated mean opinion score, 1 (bad) … 4.5 (best narrowband), from the E-model (ITU-T G.107, simplified). */
  mos: number;
  /** Inbound packets lost, in % of those expected. */
  lossPercent: number;
  /** Inbound jitter (ms). */
  jitterMs: number;
  /** Round-trip time (ms), when known. */
  rttMs: number | null;
  packetsReceived: number;
}

/**
 * The simplified E-model commonly used for VoIP monitoring: the effective latency (one-way delay,
 * doubled jitter, 10 ms codec allowance) and the loss lower the R factor, which maps to a MOS.
 */
export function estimateMos(rttMs: number | null, jitterMs: number, lossPercent: number): number {
  const latency = (rttMs ?? 0) / 2 + jitterMs * 2 + 10;
  let r = latency < 160 ? 93.2 - latency / 40 : 93.2 - (latency - 120) / 10;
  r -= lossPercent * 2.5;
  r = Math.max(0, Math.min(100, r));
  const mos = 1 + 0.035 * r + 0.000007 * r * (r - 60) * (100 - r);
  return Math.round(Math.max(1, Math.min(4.5, mos)) * 100) / 100;
}
