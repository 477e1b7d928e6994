/**
 * `sip:call --ua sipp`: SIPp places the call (it writes every SIP message; From and
 * P-Asserted-Identity carry the caller number), a Node RTP endpoint plays the audio and decodes the
 * DTMF that comes back. Runs inside the rig's network namespace.
 */
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import path from 'node:path';
import { readWav } from './audio.js';
import type { CallOptions, CallResult, CallStatus, InfoProbeResult } from './callTypes.js';
import { LOOPBACK, RESOURCES_DIR, type RigState } from './config.js';
import { renderTemplate } from './rig.js';
import { sleep } from './procs.js';
import { RtpEndpoint, type DtmfEvent } from './rtp.js';

/** Final answers the scenario accepts (each ends the call as rejected/unreachable). */
const FINAL_CODES = [400, 401, 402, 403, 404, 405, 406, 407, 408, 410, 413, 414, 415, 416, 420, 421, 423, 477, 480, 481, 482, 483, 484, 485, 486, 487, 488, 491, 493, 500, 501, 502, 503, 504, 505, 513, 580, 600, 603, 604, 606];

/** The rig's Kamailio answers these itself when nobody is there to ring (resources/sip/kamailio.cfg). */
const UNREACHABLE = [/^Agent Not Registered/i, /^Number Not Found/i];

function finalResponsesXml(): string {
  return FINAL_CODES.map(
    (code) =>
      `  <recv response="${code}" optional="true" next="rejected">\n` +
      `    <action>\n` +
      `      <assignstr assign_to="reason" value=""/>\n` +
      `      <ereg regexp="^SIP/2\\.0 [0-9]+ ([^\\r\\n]*)" search_in="msg" check_it="false" assign_to="statusline,reason"/>\n` +
      `      <log message="FINAL ${code} [$reason]"/>\n` +
      `    </action>\n` +
      `  </recv>\n` +
      `  <Reference variables="statusline"/>`,
  ).join('\n');
}

async function freeUdpPort(span = 1): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20000 + 4 * Math.floor(Math.random() * 2400);
    const socks: dgram.Socket[] = [];
    let ok = true;
    for (let i = 0; i < span && ok; i++) {
      const s = dgram.createSocket('udp4');
      ok = await new Promise<boolean>((resolve) => {
        s.once('error', () => resolve(false));
        s.bind(base + i, LOOPBACK, () => resolve(true));
      });
      socks.push(s);
    }
    await Promise.all(socks.map((s) => new Promise<void>((r) => s.close(() => r()))));
    if (ok) return base;
  }
  throw new Error('no free UDP port on 127.0.0.1');
}

/** Answers logged for the INFOs of --info-probe: any of these (an unlisted one aborts SIPp's call, so the probe shows no answer). */
const INFO_ANSWERS = [200, 400, 403, 405, 415, 481, 488, 500, 501, 503, 469];

/**
 * --info-probe, right after our ACK: an INFO of a package the agent never offered in Recv-Info
 * (RFC 6086 §4.2.2 wants 469 with the agent's Recv-Info), then a legacy DTMF INFO (no package),
 * each answer logged as "INFOPROBE <which> <code> [Recv-Info line|none]".
 */
function infoProbeXml(display: string, caller: string, agent: string): string {
  const info = (cseq: number, headers: string, body: string) =>
    `  <send retrans="500">\n    <![CDATA[\n` +
    [
      `INFO [next_url] SIP/2.0`,
      `Via: SIP/2.0/[transport] [local_ip]:[local_port];branch=[branch]`,
      `[routes]`,
      `From: "${display}" <sip:${caller}@[local_ip]>;tag=[pid]SIPpTag00[call_number]`,
      `To: <sip:${agent}@[remote_ip]>[peer_tag_param]`,
      `Call-ID: [call_id]`,
      `CSeq: ${cseq} INFO`,
      `Contact: <sip:${caller}@[local_ip]:[local_port]>`,
      `Max-Forwards: 70`,
      headers,
      `Content-Length: [len]`,
      ``,
      body,
    ]
      .map((l) => `      ${l}`)
      .join('\n') +
    `\n    ]]>\n  </send>\n`;
  const answers = (which: string, next: string) =>
    `  <recv response="100" optional="true" timeout="5000" ontimeout="${which}_timeout"/>\n` +
    INFO_ANSWERS.map((code, i) => {
      const last = i === INFO_ANSWERS.length - 1;
      return (
        `  <recv response="${code}"${last ? '' : ` optional="true" next="${next}"`} timeout="5000" ontimeout="${which}_timeout">\n` +
        `    <action>\n` +
        `      <assignstr assign_to="recvinfo" value="none"/>\n` +
        `      <ereg regexp="(Recv-Info:[^\\r\\n]*)" search_in="msg" check_it="false" assign_to="recvinfo"/>\n` +
        `      <log message="INFOPROBE ${which} ${code} [$recvinfo]"/>\n` +
        `    </action>\n` +
        `  </recv>\n`
      );
    }).join('') +
    `  <nop next="${next}"/>\n` +
    `  <label id="${which}_timeout"/>\n` +
    `  <nop><action><log message="INFOPROBE ${which} timeout none"/></action></nop>\n`;
  return (
    `  <!-- --info-probe (scripts/sip/lib/sippCall.ts) -->\n` +
    info(2, 'Info-Package: something-unknown\n      Content-Disposition: Info-Package\n      Content-Type: application/x-something-unknown', 'probe') +
    answers('package', 'probe_dtmf') +
    `  <label id="probe_dtmf"/>\n` +
    info(3, 'Content-Type: application/dtmf-relay', 'Signal=5\n      Duration=160') +
    answers('dtmf', 'probe_done') +
    `  <label id="probe_done"/>\n`
  );
}

export function xmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export async function callWithSipp(state: RigState, opts: CallOptions, logDir: string, progress: (line: string) => void): Promise<CallResult> {
  const t0 = Date.now();
  const at = () => Date.now() - t0;
  const audio = readWav(opts.audioFile);
  if (audio.sampleRate !== 8000) throw new Error(`${opts.audioFile}: need 8000 Hz audio (got ${audio.sampleRate})`);
  const dtmf: DtmfEvent[] = [];
  const rtp = await RtpEndpoint.open(audio.samples, t0, (e) => {
    dtmf.push(e);
    progress(`DTMF ${e.digit} (RFC 4733)`);
  });

  // the display name ends up in the From header's quoted string: no quotes or backslashes there
  const display = xmlText(opts.display.replace(/["\\\r\n]/g, ''));
  const rendered = renderTemplate(fs.readFileSync(path.join(RESOURCES_DIR, 'sipp/customer-call.xml'), 'utf8'), {
    CALLER: opts.caller,
    DISPLAY: display,
    AGENT: opts.agent,
    RTP_PORT: String(rtp.port),
    RING_TIMEOUT_MS: String(opts.ringTimeoutMs),
    TALK_MS: String(opts.talkMs),
    FINAL_RESPONSES: finalResponsesXml(),
    INFO_PROBE: opts.infoProbe ? infoProbeXml(display, opts.caller, opts.agent) : '',
  });
  // A withheld number (RFC 3323/3325), as a carrier trunk sends it: an anonymous From, the real
  // number only in P-Asserted-Identity, and Privacy: id asking that it not be shown.
  const scenario = opts.withheld
    ? rendered
        .replace(/From: "[^"]*" <sip:[^@]+@/g, 'From: "Anonymous" <sip:anonymous@')
        .replace('Subject: customer call', 'Subject: customer call\n      Privacy: id')
    : rendered;
  const scenarioFile = path.join(logDir, 'customer-call.xml');
  fs.writeFileSync(scenarioFile, scenario);
  const actionsLog = path.join(logDir, 'sipp-actions.log');
  fs.writeFileSync(actionsLog, '');

  const sipPort = await freeUdpPort(1);
  const mediaPort = await freeUdpPort(4);
  const timeoutS = Math.ceil((opts.ringTimeoutMs + opts.talkMs) / 1000) + 30;
  const args = [
    `${LOOPBACK}:${state.ports.sipUdp}`,
    '-sf', scenarioFile,
    '-m', '1',
    '-l', '1',
    '-t', 'u1',
    '-i', LOOPBACK,
    '-p', String(sipPort),
    '-mi', LOOPBACK,
    '-mp', String(mediaPort),
    '-nostdin',
    '-trace_logs', '-log_file', actionsLog,
    '-trace_err', '-error_file', path.join(logDir, 'sipp-errors.log'),
    '-trace_msg', '-message_file', path.join(logDir, 'sipp-messages.log'),
    '-timeout', String(timeoutS),
    '-timeout_error',
  ];
  fs.writeFileSync(path.join(logDir, 'sipp-command.txt'), `sipp ${args.join(' ')}\n`);
  const out = fs.openSync(path.join(logDir, 'sipp-screen.log'), 'w');
  const sipp = spawn('sipp', args, { cwd: logDir, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  let spawnError: Error | null = null;
  sipp.once('error', (e) => (spawnError = e));
  const exited = new Promise<number | null>((resolve) => sipp.once('close', (code) => resolve(code)));
  const stopSipp = () => sipp.kill('SIGTERM');
  process.once('SIGINT', stopSipp);
  process.once('SIGTERM', stopSipp);

  const r = {
    ringingAt: null as number | null,
    answeredAt: null as number | null,
    endedAt: null as number | null,
    code: null as number | null,
    reason: null as string | null,
    noAnswer: false,
    hangupBy: null as 'agent' | 'customer' | null,
    reinvites: [] as string[],
    refer: null as string | null,
    infoProbe: opts.infoProbe ? ({ unknownPackage: { code: null, recvInfo: null }, dtmf: { code: null } } as InfoProbeResult) : null,
  };
  const handle = (line: string) => {
    const words = line.trim().split(/\s+/);
    if (line.startsWith('EVENT ringing') || line.startsWith('EVENT progress')) {
      if (r.ringingAt === null) {
        r.ringingAt = at();
        progress(`ringing`);
      }
    } else if (line.startsWith('ANSWERED ')) {
      // ANSWERED <ip> <port> pts=<pt> <pt> ... te=<pt|none>
      const m = /^ANSWERED (\S+) (\d+) pts=([\d ]+?) te=(\S+)/.exec(line.trim());
      r.answeredAt = at();
      r.code = 200;
      r.reason = 'OK';
      if (m) {
        const pts = m[3]!.trim().split(/\s+/).map(Number);
        rtp.start({ address: m[1]!, port: Number(m[2]) }, pts, m[4] === 'none' ? null : Number(m[4]));
      }
      progress(`answered`);
    } else if (line.startsWith('FINAL ')) {
      r.code = Number(words[1]);
      r.reason = words.slice(2).join(' ') || null;
    } else if (line.startsWith('INFO ')) {
      const fields = Object.fromEntries(words.slice(1).map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]));
      const ctype = (fields.ctype ?? '').toLowerCase();
      let digits = '';
      if (ctype === 'application/dtmf-relay' && fields.signal && fields.signal !== 'none') digits = fields.signal;
      else if (ctype === 'application/dtmf' && fields.plain && fields.plain !== 'none') digits = fields.plain;
      for (const d of digits.toUpperCase()) {
        const e: DtmfEvent = { digit: d, via: 'info', atMs: at() };
        dtmf.push(e);
        progress(`DTMF ${d} (SIP INFO)`);
      }
      if (!digits) progress(`INFO without DTMF (${ctype || 'no Content-Type'})`);
    } else if (line.startsWith('INFOPROBE ') && r.infoProbe) {
      // INFOPROBE <package|dtmf> <code|timeout> <Recv-Info line|none>
      const code = /^\d+$/.test(words[2] ?? '') ? Number(words[2]) : null;
      if (words[1] === 'package') {
        const recvInfo = words.slice(3).join(' ');
        r.infoProbe.unknownPackage = { code, recvInfo: recvInfo === 'none' ? null : recvInfo };
      } else r.infoProbe.dtmf = { code };
      progress(`INFO (${words[1]}) answered ${words[2]}`);
    } else if (line.startsWith('REINVITE ')) {
      const dir = words[1] ?? 'sendrecv';
      r.reinvites.push(dir);
      // the agent holds (offers sendonly/inactive): we answer recvonly/inactive and stop sending
      rtp.setSending(dir === 'sendrecv' || dir === 'recvonly');
      if (words[2] && words[2] !== 'none' && words[3] && words[3] !== 'none') rtp.updateRemote({ address: words[2], port: Number(words[3]) });
      progress(`re-INVITE (${dir})`);
    } else if (line.startsWith('REFER ')) {
      r.refer = words[1] ?? null;
      progress(`REFER to ${r.refer} refused (501): the sipp caller does not follow transfers, use --ua baresip`);
    } else if (line.startsWith('EVENT agent-hangup')) {
      r.hangupBy = 'agent';
      r.endedAt = at();
      progress('the agent hung up');
    } else if (line.startsWith('EVENT customer-hangup')) {
      r.hangupBy = 'customer';
      r.endedAt = at();
      progress('the customer hangs up');
    } else if (line.startsWith('EVENT no-answer')) {
      r.noAnswer = true;
      progress('no answer: cancelling');
    }
  };

  // follow SIPp's <log> lines while the call runs
  let offset = 0;
  let pending = '';
  const poll = () => {
    let chunk = '';
    try {
      const fd = fs.openSync(actionsLog, 'r');
      const size = fs.fstatSync(fd).size;
      if (size > offset) {
        const buf = Buffer.alloc(size - offset);
        fs.readSync(fd, buf, 0, buf.length, offset);
        offset = size;
        chunk = buf.toString('utf8');
      }
      fs.closeSync(fd);
    } catch {
      return;
    }
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const l of lines) if (l.trim()) handle(l);
  };
  let exitCode: number | null = null;
  let done = false;
  void exited.then((c) => {
    exitCode = c;
    done = true;
  });
  while (!done) {
    poll();
    await sleep(20);
  }
  poll();
  if (pending.trim()) handle(pending);
  process.off('SIGINT', stopSipp);
  process.off('SIGTERM', stopSipp);
  // a little longer for trailing RTP (DTMF end packets) before closing the socket
  await sleep(100);
  await rtp.close();

  let status: CallStatus;
  let error: string | undefined;
  if (r.answeredAt !== null) status = 'answered';
  else if (r.noAnswer) status = 'no-answer';
  else if (r.code !== null && r.code >= 300) status = UNREACHABLE.some((re) => re.test(r.reason ?? '')) || r.code === 477 ? 'unreachable' : 'rejected';
  else {
    status = 'failed';
    const errors = (() => {
      try {
        return fs.readFileSync(path.join(logDir, 'sipp-errors.log'), 'utf8').trim().split('\n').slice(-8).join('\n');
      } catch {
        return '';
      }
    })();
    error = spawnError
      ? `cannot run sipp: ${(spawnError as Error).message}`
      : `SIPp ended (exit ${exitCode}) without an answer to the INVITE${errors ? `:\n${errors}` : ''}; is the rig running? (npm run sip:rig -- status)`;
  }
  return {
    status,
    engine: 'sipp',
    caller: opts.caller,
    agent: opts.agent,
    sipCode: r.code,
    reason: r.reason,
    ringing: r.ringingAt !== null,
    timings: {
      ringingAfterMs: r.ringingAt,
      answeredAfterMs: r.answeredAt,
      talkMs: r.answeredAt !== null ? (r.endedAt ?? at()) - r.answeredAt : null,
      totalMs: at(),
    },
    hangupBy: r.hangupBy,
    dtmf: { digits: dtmf.map((e) => e.digit).join(''), events: dtmf },
    audio: r.answeredAt !== null ? rtp.stats : null,
    reinvites: r.reinvites,
    refer: r.refer,
    transfer: null,
    infoProbe: r.infoProbe,
    logDir,
    ...(error ? { error } : {}),
  };
}
