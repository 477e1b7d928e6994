/**
 * `sip:call --ua baresip`: a real SIP phone (baresip 1.0) places the call: it plays the audio file,
 * answers hold/unhold, decodes DTMF (RFC 4733 and SIP INFO) and follows transfers (REFER). It sends
 * no P-Asserted-Identity itself; the rig's Kamailio adds one from the From user. Driven over its
 * ctrl_tcp socket (netstring-framed JSON commands and events). Runs inside the rig's namespace.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { loopTo, readWav, writeWav } from './audio.js';
import type { CallOptions, CallResult, CallStatus } from './callTypes.js';
import { LOOPBACK, RESOURCES_DIR, type RigState } from './config.js';
import { sleep } from './procs.js';
import { renderTemplate } from './rig.js';
import type { DtmfEvent } from './rtp.js';

interface BaresipEvent {
  event?: boolean;
  response?: boolean;
  class?: string;
  type?: string;
  param?: string;
  peeruri?: string;
  data?: string;
  ok?: boolean;
  token?: string;
}

interface TransferLeg {
  to: string;
  id: string | null;
  answeredAt: number | null;
  closedReason: string | null;
}

function freePort(kind: 'tcp' | 'udp2'): Promise<number> {
  // tcp: one free TCP port; udp2: a UDP port whose TCP twin and port + 1 (baresip's SIP/TLS) are free
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, LOOPBACK, () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => {
        if (kind === 'tcp') return resolve(port);
        const next = net.createServer();
        next.once('error', () => resolve(freePort('udp2')));
        next.listen(port + 1, LOOPBACK, () => next.close(() => resolve(port)));
      });
    });
  });
}

class CtrlTcp {
  private buf = Buffer.alloc(0);
  constructor(
    private readonly sock: net.Socket,
    onMessage: (m: BaresipEvent) => void,
  ) {
    sock.on('data', (d) => {
      this.buf = Buffer.concat([this.buf, d]);
      for (;;) {
        const colon = this.buf.indexOf(0x3a);
        if (colon < 0) break;
        const len = Number(this.buf.subarray(0, colon).toString());
        if (!Number.isInteger(len) || this.buf.length < colon + 1 + len + 1) break;
        const body = this.buf.subarray(colon + 1, colon + 1 + len).toString('utf8');
        this.buf = this.buf.subarray(colon + 1 + len + 1);
        try {
          onMessage(JSON.parse(body) as BaresipEvent);
        } catch {
          /* not JSON: ignore */
        }
      }
    });
  }
  static async connect(port: number, deadlineMs: number, onMessage: (m: BaresipEvent) => void): Promise<CtrlTcp> {
    const until = Date.now() + deadlineMs;
    for (;;) {
      try {
        const sock = await new Promise<net.Socket>((resolve, reject) => {
          const s = net.connect(port, LOOPBACK, () => resolve(s));
          s.once('error', reject);
        });
        return new CtrlTcp(sock, onMessage);
      } catch (e) {
        if (Date.now() > until) throw new Error(`baresip's control socket 127.0.0.1:${port} did not open: ${(e as Error).message}`, { cause: e });
        await sleep(50);
      }
    }
  }
  send(command: string, params = '', token = command): void {
    const js = JSON.stringify({ command, params, token });
    this.sock.write(`${Buffer.byteLength(js)}:${js},`);
  }
  close(): void {
    this.sock.destroy();
  }
}

export async function callWithBaresip(state: RigState, opts: CallOptions, logDir: string, progress: (line: string) => void): Promise<CallResult> {
  const t0 = Date.now();
  const at = () => Date.now() - t0;
  const dir = path.join(logDir, 'baresip');
  fs.mkdirSync(dir, { recursive: true });

  // baresip's file source plays once: make the audio last the whole call
  const audio = readWav(opts.audioFile);
  if (audio.sampleRate !== 8000) throw new Error(`${opts.audioFile}: need 8000 Hz audio (got ${audio.sampleRate})`);
  const audioFile = path.join(dir, 'customer.wav');
  writeWav(audioFile, loopTo(audio, (opts.ringTimeoutMs + opts.talkMs) / 1000 + 10));

  const sipPort = await freePort('udp2');
  const ctrlPort = await freePort('tcp');
  const rtpBase = 33000 + 2 * Math.floor(Math.random() * 2000);
  fs.writeFileSync(
    path.join(dir, 'config'),
    renderTemplate(fs.readFileSync(path.join(RESOURCES_DIR, 'baresip/config.template'), 'utf8'), {
      SIP_LISTEN: `${LOOPBACK}:${sipPort}`,
      CTRL_LISTEN: `${LOOPBACK}:${ctrlPort}`,
      AUDIO_FILE: audioFile,
      RTP_PORTS: `${rtpBase}-${rtpBase + 99}`,
    }),
  );
  const display = opts.display.replace(/["\\\r\n]/g, '');
  fs.writeFileSync(
    path.join(dir, 'accounts'),
    `"${display}" <sip:${opts.caller}@${LOOPBACK}>;regint=0;outbound="sip:${LOOPBACK}:${state.ports.sipUdp}";answermode=manual;audio_codecs=PCMA,PCMU\n`,
  );

  const logFile = path.join(logDir, 'baresip.log');
  const out = fs.openSync(logFile, 'w');
  const child = spawn('baresip', ['-f', dir], { cwd: dir, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  let spawnError: Error | null = null;
  child.once('error', (e) => (spawnError = e));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));

  const r = {
    ringingAt: null as number | null,
    answeredAt: null as number | null,
    endedAt: null as number | null,
    closedReason: null as string | null,
    hangupBy: null as 'agent' | 'customer' | null,
    noAnswer: false,
    refer: null as string | null,
  };
  const dtmf: DtmfEvent[] = [];
  const reinvites: string[] = [];
  let closed = false;
  let ctrl: CtrlTcp | null = null;
  let ringTimer: NodeJS.Timeout | null = null;
  let talkTimer: NodeJS.Timeout | null = null;
  // After a transfer (REFER from the agent) baresip calls the transfer target as a new call (new
  // id); the first call then closes. `leg` follows the call that counts: the newest one.
  let legId: string | null = null;
  let transferLeg: TransferLeg | null = null;
  let transferWait: NodeJS.Timeout | null = null;
  const startTalkTimer = () => {
    if (talkTimer) return;
    talkTimer = setTimeout(() => {
      r.hangupBy = 'customer';
      r.endedAt = at();
      progress('the customer hangs up');
      ctrl?.send('hangup');
    }, opts.talkMs);
  };
  const onMessage = (m: BaresipEvent & { id?: string }) => {
    fs.appendFileSync(path.join(logDir, 'baresip-events.jsonl'), `${JSON.stringify({ at: at(), ...m })}\n`);
    if (m.response || !m.event) return;
    if (m.type === 'TRANSFER' || m.type === 'CALL_TRANSFER') {
      r.refer = m.param ?? null;
      transferLeg = { to: r.refer ?? '?', id: null, answeredAt: null, closedReason: null };
      progress(`the agent transfers the call to ${r.refer}`);
      return;
    }
    if (m.id && legId === null) legId = m.id;
    if (m.id && m.id !== legId) {
      if (transferLeg && transferLeg.id === null) {
        // the call to the transfer target: from now on it is the one that counts
        transferLeg.id = m.id;
        legId = m.id;
        if (transferWait) clearTimeout(transferWait);
      } else return; // the old leg (closing after the transfer)
    }
    const tleg = transferLeg as TransferLeg | null;
    const onTransferLeg = tleg !== null && tleg.id !== null && tleg.id === m.id ? tleg : null;
    switch (m.type) {
      case 'CALL_RINGING':
      case 'CALL_PROGRESS':
        if (onTransferLeg) progress(`ringing at ${onTransferLeg.to}`);
        else if (r.ringingAt === null) {
          r.ringingAt = at();
          progress('ringing');
        }
        break;
      case 'CALL_ESTABLISHED':
        if (onTransferLeg) {
          onTransferLeg.answeredAt = at();
          progress(`answered by ${onTransferLeg.to}`);
        } else if (r.answeredAt === null) {
          r.answeredAt = at();
          progress('answered');
          if (ringTimer) clearTimeout(ringTimer);
          startTalkTimer();
        }
        break;
      case 'CALL_REMOTE_SDP':
        if (m.param === 'offer' && r.answeredAt !== null) {
          reinvites.push('offer');
          progress('re-INVITE');
        }
        break;
      case 'CALL_DTMF_START': {
        const digit = (m.param ?? '').trim().toUpperCase();
        if (digit) {
          dtmf.push({ digit, via: 'rfc4733', atMs: at() });
          progress(`DTMF ${digit}`);
        }
        break;
      }
      case 'CALL_CLOSED':
        if (transferLeg && transferLeg.id === null) {
          // the first leg closed; the call to the transfer target should follow
          transferWait = setTimeout(() => {
            closed = true;
            progress('the transfer never turned into a call');
          }, 5000);
          break;
        }
        if (transferLeg) transferLeg.closedReason = m.param ?? null;
        closed = true;
        r.closedReason = m.param ?? null;
        if (r.answeredAt !== null && r.hangupBy === null) {
          r.hangupBy = 'agent';
          r.endedAt = at();
          progress(transferLeg ? `${transferLeg.to} hung up` : 'the agent hung up');
        }
        break;
    }
  };

  try {
    ctrl = await CtrlTcp.connect(ctrlPort, 5000, onMessage);
    ctrl.send('dial', `sip:${opts.agent}@${LOOPBACK}`);
    ringTimer = setTimeout(() => {
      if (r.answeredAt === null && !closed) {
        r.noAnswer = true;
        progress('no answer: cancelling');
        ctrl?.send('hangup');
      }
    }, opts.ringTimeoutMs);
    const deadline = Date.now() + opts.ringTimeoutMs + opts.talkMs + 30_000;
    while (!closed && Date.now() < deadline && !spawnError && child.exitCode === null) await sleep(20);
  } finally {
    if (ringTimer) clearTimeout(ringTimer);
    if (talkTimer) clearTimeout(talkTimer);
    if (transferWait) clearTimeout(transferWait);
    ctrl?.send('quit');
    await Promise.race([exited, sleep(2000)]);
    if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.race([exited, sleep(2000)]);
    if (child.exitCode === null) child.kill('SIGKILL');
    ctrl?.close();
  }

  // SIP INFO digits: baresip logs them ("call: received DTMF: '5' ..."); RFC 4733 digits it does not
  const log = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8') : '';
  const infoDigits = [...log.matchAll(/received DTMF: '(.)'/g)].map((m) => m[1]!.toUpperCase());
  for (const d of infoDigits) {
    const e = dtmf.find((x) => x.digit === d && x.via === 'rfc4733');
    if (e) e.via = 'info';
  }

  const tl = transferLeg as TransferLeg | null;
  const m = /^(\d{3}) ?(.*)$/.exec(r.closedReason ?? '');
  const code = r.answeredAt !== null ? 200 : m ? Number(m[1]) : null;
  const reason = r.answeredAt !== null ? 'OK' : m ? m[2] || null : r.closedReason;
  let status: CallStatus;
  let error: string | undefined;
  if (r.answeredAt !== null) status = 'answered';
  else if (r.noAnswer) status = 'no-answer';
  else if (code !== null && code >= 300) status = /^(Agent Not Registered|Number Not Found)/i.test(reason ?? '') || code === 477 ? 'unreachable' : 'rejected';
  else {
    status = 'failed';
    error = spawnError
      ? `cannot run baresip: ${(spawnError as Error).message}`
      : `the call ended without an answer (${r.closedReason ?? 'no reason given'}); see ${logFile}`;
  }
  return {
    status,
    engine: 'baresip',
    caller: opts.caller,
    agent: opts.agent,
    sipCode: code,
    reason,
    ringing: r.ringingAt !== null,
    timings: {
      ringingAfterMs: r.ringingAt,
      answeredAfterMs: r.answeredAt,
      talkMs: r.answeredAt !== null ? (r.endedAt ?? at()) - r.answeredAt : null,
      totalMs: at(),
    },
    hangupBy: r.hangupBy,
    dtmf: { digits: dtmf.map((e) => e.digit).join(''), events: dtmf },
    audio: null,
    reinvites,
    refer: r.refer,
    transfer: tl ? { to: tl.to, answered: tl.answeredAt !== null, answeredAfterMs: tl.answeredAt, endReason: tl.closedReason } : null,
    infoProbe: null,
    logDir,
    ...(error ? { error } : {}),
  };
}
