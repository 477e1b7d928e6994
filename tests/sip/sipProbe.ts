/**
 * Raw SIP over UDP from inside the rig's namespace, for what SIPp scenarios do not express:
 *   --options USER --every MS --for MS   OPTIONS to sip:USER@proxy every MS ms (through Kamailio,
 *       so an answer from the phone proves its binding; 480 from Kamailio: no binding); prints one
 *       JSON line: { codes: { "200": n, "480": m }, lapses: [{ at, code }] }
 *   --raw-invite USER                    an INVITE with an SDP body but no Content-Type; prints
 *       { code, reason } of the final answer (or null).
 * Run: ip netns exec <ns> node --import tsx tests/sip/sipProbe.ts --proxy 127.0.0.1:5060 ...
 */
import crypto from 'node:crypto';
import dgram from 'node:dgram';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const [proxyHost, proxyPort] = (arg('--proxy') ?? '127.0.0.1:5060').split(':') as [string, string];
const socket = dgram.createSocket('udp4');
await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
const local = socket.address().port;

function request(method: string, user: string, callId: string, cseq: number, extra: string[] = [], body = ''): string {
  const branch = `z9hG4bK-probe-${crypto.randomBytes(6).toString('hex')}`;
  return [
    `${method} sip:${user}@${proxyHost} SIP/2.0`,
    `Via: SIP/2.0/UDP 127.0.0.1:${local};branch=${branch};rport`,
    `From: <sip:13899990000@127.0.0.1>;tag=probe${crypto.randomBytes(3).toString('hex')}`,
    `To: <sip:${user}@${proxyHost}>`,
    `Call-ID: ${callId}`,
    `CSeq: ${cseq} ${method}`,
    `Contact: <sip:13899990000@127.0.0.1:${local}>`,
    'Max-Forwards: 70',
    ...extra,
    `Content-Length: ${Buffer.byteLength(body)}`,
    '',
    body,
  ].join('\r\n');
}

const send = (text: string) => socket.send(text, Number(proxyPort), proxyHost);
const statusOf = (msg: string) => /^SIP\/2\.0 (\d{3}) ([^\r\n]*)/.exec(msg);

const options = arg('--options');
const rawInvite = arg('--raw-invite');
if (options) {
  const every = Number(arg('--every') ?? 100);
  const total = Number(arg('--for') ?? 10_000);
  const started = Date.now();
  const codes: Record<string, number> = {};
  const lapses: { at: number; code: number }[] = [];
  let sent = 0;
  const callId = `probe-${crypto.randomBytes(6).toString('hex')}@127.0.0.1`;
  socket.on('message', (m) => {
    const s = statusOf(m.toString());
    if (!s || Number(s[1]) < 200) return;
    codes[s[1]!] = (codes[s[1]!] ?? 0) + 1;
    if (s[1] !== '200') lapses.push({ at: Date.now() - started, code: Number(s[1]) });
  });
  const timer = setInterval(() => send(request('OPTIONS', options, callId, ++sent)), every);
  await new Promise((r) => setTimeout(r, total));
  clearInterval(timer);
  await new Promise((r) => setTimeout(r, 500));
  console.log(JSON.stringify({ sent, codes, lapses }));
} else if (rawInvite) {
  const sdp = 'v=0\r\no=probe 1 1 IN IP4 127.0.0.1\r\ns=probe\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 40000 RTP/AVP 8\r\na=rtpmap:8 PCMA/8000\r\n';
  const callId = `malformed-${crypto.randomBytes(6).toString('hex')}@127.0.0.1`;
  const answer = new Promise<{ code: number; reason: string } | null>((resolve) => {
    socket.on('message', (m) => {
      const s = statusOf(m.toString());
      if (s && Number(s[1]) >= 200) resolve({ code: Number(s[1]), reason: s[2]! });
    });
    setTimeout(() => resolve(null), 8000);
  });
  send(request('INVITE', rawInvite, callId, 1, [], sdp));
  console.log(JSON.stringify(await answer));
} else {
  console.error('usage: sipProbe.ts --proxy HOST:PORT (--options USER --every MS --for MS | --raw-invite USER)');
  process.exit(2);
}
socket.close();
