/** 8 kHz audio for the rig: WAV files and G.711 (A-law / µ-law) coding. */
import fs from 'node:fs';

export interface Pcm {
  sampleRate: number;
  samples: Int16Array;
}

/** Reads a PCM WAV file (16-bit, mono). Throws a clear error for anything else. */
export function readWav(file: string): Pcm {
  const buf = fs.readFileSync(file);
  if (buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') throw new Error(`${file}: not a WAV file`);
  let off = 12;
  let fmt: { format: number; channels: number; rate: number; bits: number } | null = null;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    const body = off + 8;
    if (id === 'fmt ') {
      fmt = { format: buf.readUInt16LE(body), channels: buf.readUInt16LE(body + 2), rate: buf.readUInt32LE(body + 4), bits: buf.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      if (!fmt) throw new Error(`${file}: data before fmt chunk`);
      if (fmt.format !== 1 || fmt.bits !== 16 || fmt.channels !== 1) {
        throw new Error(`${file}: need 16-bit PCM mono (got format ${fmt.format}, ${fmt.bits} bit, ${fmt.channels} channels)`);
      }
      const n = Math.floor(Math.min(size, buf.length - body) / 2);
      const samples = new Int16Array(n);
      for (let i = 0; i < n; i++) samples[i] = buf.readInt16LE(body + 2 * i);
      return { sampleRate: fmt.rate, samples };
    }
    off = body + size + (size % 2);
  }
  throw new Error(`${file}: no data chunk`);
}

export function writeWav(file: string, pcm: Pcm): void {
  const data = Buffer.alloc(pcm.samples.length * 2);
  pcm.samples.forEach((s, i) => data.writeInt16LE(s, 2 * i));
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVE', 8, 'ascii');
  h.write('fmt ', 12, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(pcm.sampleRate, 24);
  h.writeUInt32LE(pcm.sampleRate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(data.length, 40);
  fs.writeFileSync(file, Buffer.concat([h, data]));
}

/** The rig's "voice": tone bursts at 440/660 Hz (no DTMF frequency), with pauses, `seconds` long. */
export function makeVoiceLikeTone(seconds: number, sampleRate = 8000): Pcm {
  const samples = new Int16Array(Math.round(seconds * sampleRate));
  const pattern = [
    { f: 440, ms: 400 },
    { f: 0, ms: 150 },
    { f: 660, ms: 300 },
    { f: 0, ms: 150 },
  ];
  const period = pattern.reduce((a, p) => a + p.ms, 0);
  for (let i = 0; i < samples.length; i++) {
    const tMs = (i / sampleRate) * 1000;
    let within = tMs % period;
    let f = 0;
    for (const p of pattern) {
      if (within < p.ms) {
        f = p.f;
        break;
      }
      within -= p.ms;
    }
    // short fade in/out at every segment edge: no clicks
    const edge = Math.min(within, 20) / 20;
    samples[i] = f ? Math.round(8000 * edge * Math.sin((2 * Math.PI * f * i) / sampleRate)) : 0;
  }
  return { sampleRate, samples };
}

/** Repeats the audio until it lasts at least `seconds` (baresip's aufile source does not loop). */
export function loopTo(pcm: Pcm, seconds: number): Pcm {
  const need = Math.round(seconds * pcm.sampleRate);
  const out = new Int16Array(need);
  for (let i = 0; i < need; i++) out[i] = pcm.samples[i % pcm.samples.length]!;
  return { sampleRate: pcm.sampleRate, samples: out };
}

export function linearToAlaw(sample: number): number {
  let s = sample >> 3; // 13-bit
  let mask: number;
  if (s >= 0) mask = 0xd5;
  else {
    mask = 0x55;
    s = -s - 1;
  }
  const segEnd = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff];
  let seg = 0;
  while (seg < 8 && s > segEnd[seg]!) seg++;
  if (seg >= 8) return 0x7f ^ mask;
  let aval = seg << 4;
  aval |= seg < 2 ? (s >> 1) & 0xf : (s >> seg) & 0xf;
  return aval ^ mask;
}

export function linearToUlaw(sample: number): number {
  const BIAS = 0x84;
  const CLIP = 32635;
  let s = sample;
  const sign = s < 0 ? 0x80 : 0;
  if (sign) s = -s;
  if (s > CLIP) s = CLIP;
  s += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; exponent--, mask >>= 1);
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

export function alawToLinear(a: number): number {
  a ^= 0x55;
  let t = (a & 0x0f) << 4;
  const seg = (a & 0x70) >> 4;
  if (seg === 0) t += 8;
  else if (seg === 1) t += 0x108;
  else t = (t + 0x108) << (seg - 1);
  return a & 0x80 ? t : -t;
}

export function ulawToLinear(u: number): number {
  u = ~u & 0xff;
  let t = ((u & 0x0f) << 3) + 0x84;
  t <<= (u & 0x70) >> 4;
  return u & 0x80 ? 0x84 - t : t - 0x84;
}
