/**
 * An agent's SIP.js 0.21 user agent in plain Node, signalling only (a stub session description
 * handler answers with a fixed plain-RTP SDP): registers over WebSocket with digest auth, then does
 * what its stdin says. Started inside the rig's network namespace by tests/sip/harness.ts.
 *
 *   node --import tsx tests/sip/nodeAgent.ts --user 1001 --auth-user <expiry>:1001 --password P --server ws://127.0.0.1:5066 [--insecure]
 *
 * stdin, one JSON object a line: {"cmd":"answer"} {"cmd":"reject","code":486} {"cmd":"info","digit":"5"}
 *   {"cmd":"hold"} {"cmd":"unhold"} {"cmd":"refer","target":"1002"} {"cmd":"bye"}
 *   {"cmd":"call","target":"13800138000"}
 *   {"cmd":"unregister"} {"cmd":"quit"}
 * stdout, one JSON object a line: {"event":"registered"} {"event":"register-failed","code":403,...}
 *   {"event":"invite","fromUser":...,"fromDisplay":...,"pai":...,"sdp":...} {"event":"established"}
 *   {"event":"terminated"} {"event":"done","cmd":...} {"event":"error","message":...}
 */
import readline from 'node:readline';
import {
  Inviter,
  Registerer,
  RegistererState,
  SessionState,
  UserAgent,
  type Invitation,
  type Session,
  type SessionDescriptionHandler,
  type SessionDescriptionHandlerOptions,
} from 'sip.js';
import { WebSocket } from 'ws';

// SIP.js's Web transport does `new WebSocket(url, "sip")`; Node 20 has no global WebSocket.
// --insecure: accept the rig's self-signed certificate on wss://.
class InsecureWebSocket extends WebSocket {
  constructor(url: string, protocols?: string | string[]) {
    super(url, protocols, { rejectUnauthorized: false });
  }
}
(globalThis as unknown as { WebSocket: unknown }).WebSocket = process.argv.includes('--insecure') ? InsecureWebSocket : WebSocket;

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? process.argv[i + 1] : fallback;
  if (v === undefined) throw new Error(`--${name} is required`);
  return v;
}

const user = arg('user');
const password = arg('password');
/** The digest user: the auth_ephemeral "<expiry>:<user>" of the credential (default: the user). */
const authUser = arg('auth-user', user);
const server = arg('server', 'ws://127.0.0.1:5066');
const domain = '127.0.0.1';

const emit = (event: string, extra: Record<string, unknown> = {}) => process.stdout.write(`${JSON.stringify({ event, t: Date.now(), ...extra })}\n`);

class StubSdh implements SessionDescriptionHandler {
  remote: string | null = null;
  close(): void {}
  async getDescription(options?: SessionDescriptionHandlerOptions): Promise<{ body: string; contentType: string }> {
    const hold = (options as { hold?: boolean } | undefined)?.hold === true;
    const body = [
      'v=0',
      `o=- 1 ${Date.now()} IN IP4 127.0.0.1`,
      's=-',
      'c=IN IP4 127.0.0.1',
      't=0 0',
      'm=audio 40000 RTP/AVP 8 101',
      'a=rtpmap:8 PCMA/8000',
      'a=rtpmap:101 telephone-event/8000',
      hold ? 'a=sendonly' : 'a=sendrecv',
      '',
    ].join('\r\n');
    return { body, contentType: 'application/sdp' };
  }
  hasDescription(contentType: string): boolean {
    return contentType === 'application/sdp';
  }
  async setDescription(sdp: string): Promise<void> {
    this.remote = sdp;
  }
  sendDtmf(): boolean {
    return false;
  }
  async rollbackDescription(): Promise<void> {}
}

let session: Session | null = null;
let incoming: Invitation | null = null;
const ackWaiters: (() => void)[] = [];

function watch(s: Session): void {
  session = s;
  s.stateChange.addListener((state) => {
    if (state === SessionState.Established) emit('established');
    if (state === SessionState.Terminated) {
      emit('terminated');
      if (session === s) session = null;
    }
  });
  s.delegate = {
    onInfo: (info) => {
      emit('info-received', { body: info.request.body });
      void info.accept();
    },
    onAck: () => {
      emit('ack');
      for (const resolve of ackWaiters.splice(0)) resolve();
    },
  };
}

const ua = new UserAgent({
  uri: UserAgent.makeURI(`sip:${user}@${domain}`),
  authorizationUsername: authUser,
  authorizationPassword: password,
  transportOptions: { server },
  sessionDescriptionHandlerFactory: () => new StubSdh(),
  logLevel: 'error',
  delegate: {
    onInvite: (invitation) => {
      incoming = invitation;
      const req = invitation.request;
      emit('invite', {
        fromUser: req.from.uri.user,
        fromDisplay: req.from.displayName,
        from: req.getHeader('From'),
        pai: req.getHeader('P-Asserted-Identity') ?? null,
        callId: req.callId,
        sdp: req.body,
      });
      watch(invitation);
    },
  },
});

const registerer = new Registerer(ua, { expires: 300 });
registerer.stateChange.addListener((s) => {
  if (s === RegistererState.Unregistered) emit('unregistered');
});

async function register(): Promise<void> {
  await registerer.register({
    requestDelegate: {
      onAccept: () => emit('registered', { user }),
      onReject: (response) => emit('register-failed', { code: response.message.statusCode, reason: response.message.reasonPhrase }),
    },
  });
}

async function handle(cmd: Record<string, unknown>): Promise<void> {
  switch (cmd.cmd) {
    case 'answer': {
      if (!incoming) throw new Error('no incoming call');
      // done once the caller's ACK is in, as for a person: nobody presses a key within a millisecond
      const acked = new Promise<void>((resolve, reject) => {
        ackWaiters.push(resolve);
        setTimeout(() => reject(new Error('no ACK within 5 s of the 200 OK')), 5000);
      });
      await incoming.accept();
      await acked;
      break;
    }
    case 'reject':
      if (!incoming) throw new Error('no incoming call');
      await incoming.reject({ statusCode: Number(cmd.code ?? 486) });
      break;
    case 'info': {
      if (!session) throw new Error('no call');
      const digit = String(cmd.digit);
      // {"cmd":"info","digit":"5"} sends application/dtmf-relay; add "type":"dtmf" for application/dtmf
      const body =
        cmd.type === 'dtmf'
          ? { contentDisposition: 'render', contentType: 'application/dtmf', content: digit }
          : { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${digit}\r\nDuration=160` };
      await session.info({ requestOptions: { body } });
      break;
    }
    case 'hold':
    case 'unhold': {
      if (!session) throw new Error('no call');
      const s = session;
      await new Promise<void>((resolve, reject) => {
        void s
          .invite({
            sessionDescriptionHandlerOptions: { hold: cmd.cmd === 'hold' } as SessionDescriptionHandlerOptions,
            requestDelegate: { onAccept: () => resolve(), onReject: (r) => reject(new Error(`re-INVITE rejected ${r.message.statusCode}`)) },
          })
          .catch(reject);
      });
      break;
    }
    case 'refer': {
      if (!session) throw new Error('no call');
      const target = UserAgent.makeURI(`sip:${String(cmd.target)}@${domain}`);
      if (!target) throw new Error(`bad target ${String(cmd.target)}`);
      await session.refer(target, {
        requestDelegate: {
          onAccept: () => emit('refer-accepted'),
          onReject: (r) => emit('refer-rejected', { code: r.message.statusCode, reason: r.message.reasonPhrase }),
        },
      });
      break;
    }
    case 'bye':
      if (!session) throw new Error('no call');
      await session.bye();
      break;
    case 'call': {
      const target = UserAgent.makeURI(`sip:${String(cmd.target)}@${domain}`);
      if (!target) throw new Error(`bad target ${String(cmd.target)}`);
      const inviter = new Inviter(ua, target);
      watch(inviter);
      await inviter.invite({
        requestDelegate: { onReject: (r) => emit('call-rejected', { code: r.message.statusCode, reason: r.message.reasonPhrase }) },
      });
      break;
    }
    case 'unregister':
      await registerer.unregister();
      break;
    case 'quit':
      await ua.stop();
      process.exit(0);
      break;
    default:
      throw new Error(`unknown command ${String(cmd.cmd)}`);
  }
  emit('done', { cmd: cmd.cmd });
}

ua.delegate!.onConnect = () => {
  emit('connected');
  void register().catch((e: unknown) => emit('error', { message: String(e) }));
};
ua.delegate!.onDisconnect = (e) => emit('disconnected', { message: e ? e.message : null });

await ua.start();
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  if (!line.trim()) return;
  let cmd: Record<string, unknown>;
  try {
    cmd = JSON.parse(line) as Record<string, unknown>;
  } catch {
    emit('error', { message: `not JSON: ${line}` });
    return;
  }
  handle(cmd).catch((e: unknown) => emit('error', { cmd: cmd.cmd, message: e instanceof Error ? e.message : String(e) }));
});
rl.on('close', () => {
  void ua.stop().finally(() => process.exit(0));
});
