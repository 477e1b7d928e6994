/**
 * The customer's media for `sip:call --ua sipp`: one symmetric RTP endpoint on 127.0.0.1 that
 * plays 8 kHz audio as G.711 (20 ms packets) and decodes what comes back, RFC 4733 DTMF included.
 */
import dgram from 'node:dgram';
import { alawToLinear, linearToAlaw, linearToUlaw, ulawToLinear } from './audio.js';
import { LOOPBACK } from './config.js';

export type G711 = 'PCMA' | 'PCMU';
export const STATIC_PT: Record<G711, number> = { PCMU: 0, PCMA: 8 };
const DTMF_KEYS = '0123456789*#ABCD';

export interface DtmfEvent {
  digit: string;
  via: 'rfc4733' | 'info';
  /** ms since the call started (INVITE sent). */
  atMs: number;
  durationMs?: number;
}

export interface RtpStats {
  codec: G711 | null;
  sentPackets: number;
  receivedPackets: number;
  /** Received audio packets whose level is above silence. */
  receivedWithSound: number;
  telephoneEventPackets: number;
  receivedPayloadTypes: Record<string, number>;
}

function bindUdp(port: number): Promise<dgram.Socket | null> {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    s.once('error', () => {
      s.close();
      resolve(null);
    });
    s.bind(port, LOOPBACK, () => resolve(s));
  });
}

export class RtpEndpoint {
  readonly stats: RtpStats = { codec: null, sentPackets: 0, receivedPackets: 0, receivedWithSound: 0, telephoneEventPackets: 0, receivedPayloadTypes: {} };
  readonly dtmf: DtmfEvent[] = [];
  private remote: { address: string; port: number } | null = null;
  private timer: NodeJS.Timeout | null = null;
  private sending = false;
  private seq = Math.floor(Math.random() * 0xffff);
  private ts = Math.floor(Math.random() * 0x7fffffff);
  private readonly ssrc = Math.floor(Math.random() * 0xffffffff) >>> 0;
  private pt = 8;
  private encode: (s: number) => number = linearToAlaw;
  private position = 0;
  private telephoneEventPt = 101;
  private seenEvents = new Map<string, DtmfEvent>();

  private constructor(
    private readonly rtp: dgram.Socket,
    private readonly rtcp: dgram.Socket,
    private readonly audio: Int16Array,
    private readonly t0: number,
    private readonly onDtmf: (e: DtmfEvent) => void,
  ) {
    rtp.on('message', (msg) => this.receive(msg));
    rtcp.on('message', () => {});
  }

  /** Binds an even RTP port (and the RTCP port above it) on 127.0.0.1. */
  static async open(audio: Int16Array, t0: number, onDtmf: (e: DtmfEvent) => void): Promise<RtpEndpoint> {
    for (let attempt = 0; attempt < 50; attempt++) {
      const port = 40000 + 2 * Math.floor(Math.random() * 5000);
      const rtp = await bindUdp(port);
      if (!rtp) continue;
      const rtcp = await bindUdp(port + 1);
      if (!rtcp) {
        rtp.close();
        continue;
      }
      return new RtpEndpoint(rtp, rtcp, audio, t0, onDtmf);
    }
    throw new Error('no free RTP port pair on 127.0.0.1 in 40000-49999');
  }

  get port(): number {
    return this.rtp.address().port;
  }

  /** Starts sending to the answer's address with the first G.711 codec of its m= line. */
  start(remote: { address: string; port: number }, payloadTypes: number[], telephoneEventPt: number | null): void {
    this.remote = remote;
    const first = payloadTypes.find((pt) => pt === 0 || pt === 8);
    const codec: G711 = first === 0 ? 'PCMU' : 'PCMA';
    this.stats.codec = codec;
    this.pt = STATIC_PT[codec];
    this.encode = codec === 'PCMU' ? linearToUlaw : linearToAlaw;
    if (telephoneEventPt !== null) this.telephoneEventPt = telephoneEventPt;
    this.sending = true;
    if (this.timer) return;
    const startedAt = Date.now();
    let sent = 0;
    // 20 ms packets, scheduled against the wall clock so timer jitter does not slow the stream
    this.timer = setInterval(() => {
      const due = Math.floor((Date.now() - startedAt) / 20) + 1;
      while (sent < due) {
        this.sendPacket();
        sent++;
      }
    }, 10);
  }

  updateRemote(remote: { address: string; port: number }): void {
    this.remote = remote;
  }

  /** On hold (we answered recvonly/inactive): keep receiving, stop sending. */
  setSending(on: boolean): void {
    this.sending = on;
  }

  private sendPacket(): void {
    const samples = 160;
    if (!this.remote) return;
    const marker = this.stats.sentPackets === 0;
    this.seq = (this.seq + 1) & 0xffff;
    this.ts = (this.ts + samples) >>> 0;
    if (!this.sending) return;
    const pkt = Buffer.alloc(12 + samples);
    pkt[0] = 0x80;
    pkt[1] = (marker ? 0x80 : 0) | this.pt;
    pkt.writeUInt16BE(this.seq, 2);
    pkt.writeUInt32BE(this.ts, 4);
    pkt.writeUInt32BE(this.ssrc, 8);
    for (let i = 0; i < samples; i++) {
      pkt[12 + i] = this.encode(this.audio[this.position]!);
      this.position = (this.position + 1) % this.audio.length;
    }
    this.rtp.send(pkt, this.remote.port, this.remote.address);
    this.stats.sentPackets++;
  }

  private receive(msg: Buffer): void {
    if (msg.length < 12 || msg[0]! >> 6 !== 2) return;
    const cc = msg[0]! & 0x0f;
    const hasExt = (msg[0]! & 0x10) !== 0;
    const pt = msg[1]! & 0x7f;
    if (pt >= 72 && pt <= 76) return; // RTCP on the RTP port (rtcp-mux)
    const ts = msg.readUInt32BE(4);
    const ssrc = msg.readUInt32BE(8);
    let off = 12 + 4 * cc;
    if (hasExt && msg.length >= off + 4) off += 4 + 4 * msg.readUInt16BE(off + 2);
    let end = msg.length;
    if (msg[0]! & 0x20) end -= msg[msg.length - 1]!; // padding
    const payload = msg.subarray(off, end);
    this.stats.receivedPackets++;
    this.stats.receivedPayloadTypes[pt] = (this.stats.receivedPayloadTypes[pt] ?? 0) + 1;
    if (pt === this.telephoneEventPt) {
      this.stats.telephoneEventPackets++;
      if (payload.length < 4) return;
      const event = payload[0]!;
      const isEnd = (payload[1]! & 0x80) !== 0;
      const duration = payload.readUInt16BE(2);
      const key = `${ssrc}:${ts}`;
      let seen = this.seenEvents.get(key);
      if (!seen && event < DTMF_KEYS.length) {
        seen = { digit: DTMF_KEYS[event]!, via: 'rfc4733', atMs: Date.now() - this.t0 };
        this.seenEvents.set(key, seen);
        this.dtmf.push(seen);
        this.onDtmf(seen);
      }
      if (seen && isEnd) seen.durationMs = Math.round(duration / 8);
      return;
    }
    if (pt === 0 || pt === 8) {
      const decode = pt === 0 ? ulawToLinear : alawToLinear;
      let sum = 0;
      for (const b of payload) sum += Math.abs(decode(b));
      if (payload.length && sum / payload.length > 100) this.stats.receivedWithSound++;
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await Promise.all([new Promise<void>((r) => this.rtp.close(() => r())), new Promise<void>((r) => this.rtcp.close(() => r()))]);
  }
}
