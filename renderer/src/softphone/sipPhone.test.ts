/**
 * The softphone's SIP stack (sipPhone.ts, real SIP.js) against a registrar in memory over a fake
 * WebSocket: how it comes back after its connection to the proxy is lost while a REGISTER refresh
 * is still waiting for its answer (issue 15; seen end to end in tests/e2e/softphoneTruth.e2e.test.ts,
 * "the agent's whole network drops for 5 s mid-call").
 *
 * The race: the registrar grants 2 s, so the phone refreshes after 1 s; the network dies just as
 * that REGISTER leaves (it is lost, as are the keep-alives after it). SIP.js keeps the lost REGISTER
 * "in progress" until its transaction times out (32 s) and refuses any REGISTER before that, so the
 * new connection stayed unregistered for half a minute. It must register within a moment instead.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SipAccount } from '../../../shared/seatConfig.js';
import type { RegistrationStatus } from './phoneEngine.js';
import { inviteAccepted, parseRequest, responseTo } from './sipMessages.js';
import { SipJsPhone } from './sipPhone.js';

const ACCOUNT: SipAccount = {
  wsUrl: 'ws://127.0.0.1:5066',
  domain: '127.0.0.1',
  user: '1001',
  password: 'rig-1001-pw',
  iceServers: [],
  iceGatheringTimeoutMs: 500,
  ringNoAnswerSeconds: 20,
};
const GRANT_S = 2;

/** What the registrar got, in order: method, CSeq, Call-ID and the connection it came on. */
interface Received {
  method: string;
  cseq: number;
  callId: string;
  socket: number;
  at: number;
}

/**
 * A proxy and registrar in memory: answers REGISTER (granting GRANT_S) and OPTIONS with 200. The
 * network can die under one connection: everything sent either way on it is lost from then on (the
 * socket still looks open, as a WebSocket over a dead path does), and what the phone sent on it
 * meanwhile arrives when the network is back, as TCP would deliver it.
 */
class FakeProxy {
  readonly sockets: FakeSocket[] = [];
  readonly received: Received[] = [];
  /** Lose everything on this connection from the first REGISTER that matches (null: the network is fine). */
  dieOn: ((request: Received) => boolean) | null = null;

  deliver(socket: FakeSocket, raw: string): void {
    const req = parseRequest(raw);
    if (!req) return; // a response (to nothing the proxy asks)
    const header = (name: string) => req.headers.find((h) => h.name.toLowerCase() === name)?.value ?? '';
    const received: Received = {
      method: req.method,
      cseq: Number.parseInt(header('cseq'), 10),
      callId: header('call-id'),
      socket: this.sockets.indexOf(socket),
      at: Date.now(),
    };
    if (socket.dead) {
      socket.lost.push(raw);
      return;
    }
    if (this.dieOn?.(received)) {
      this.dieOn = null;
      socket.dead = true;
      socket.lost.push(raw);
      return;
    }
    this.received.push(received);
    const answer =
      req.method === 'REGISTER'
        ? responseTo(raw, 200, 'OK', [`Contact: ${header('contact').replace(/;\s*expires=\d+/i, '')};expires=${GRANT_S}`])
        : req.method === 'OPTIONS'
          ? responseTo(raw, 200, 'OK')
          : null;
    if (answer) socket.receive(answer);
  }

  /** The network under the dead connection is back: what it lost from the phone arrives now, and is answered on it. */
  networkBack(): void {
    for (const socket of this.sockets.filter((s) => s.dead)) {
      socket.dead = false;
      for (const raw of socket.lost.splice(0)) this.deliver(socket, raw);
    }
  }

  registers(): Received[] {
    return this.received.filter((r) => r.method === 'REGISTER');
  }
}

let proxy: FakeProxy;

class FakeSocket extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readyState = FakeSocket.CONNECTING;
  binaryType = 'blob';
  readonly protocol = 'sip';
  dead = false;
  readonly lost: string[] = [];

  constructor(readonly url: string) {
    super();
    proxy.sockets.push(this);
    setTimeout(() => {
      if (this.readyState !== FakeSocket.CONNECTING) return;
      this.readyState = FakeSocket.OPEN;
      this.dispatchEvent(new Event('open'));
    }, 5);
  }

  send(data: string): void {
    if (this.readyState !== FakeSocket.OPEN) throw new Error('not open');
    setTimeout(() => proxy.deliver(this, data), 1);
  }

  /** From the proxy to the phone (lost while the network under this connection is dead). */
  receive(raw: string): void {
    setTimeout(() => {
      if (this.dead || this.readyState !== FakeSocket.OPEN) return;
      this.dispatchEvent(new MessageEvent('message', { data: raw }));
    }, 1);
  }

  close(code = 1000): void {
    if (this.readyState === FakeSocket.CLOSED) return;
    this.readyState = FakeSocket.CLOSED;
    setTimeout(() => this.dispatchEvent(new FakeCloseEvent('close', { code })), 1);
  }
}

class FakeCloseEvent extends Event {
  readonly code: number;
  readonly reason: string;
  constructor(type: string, init: { code?: number; reason?: string } = {}) {
    super(type);
    this.code = init.code ?? 1005;
    this.reason = init.reason ?? '';
  }
}

let phone: SipJsPhone;
let statuses: { at: number; status: RegistrationStatus }[];

beforeEach(() => {
  proxy = new FakeProxy();
  vi.stubGlobal('WebSocket', FakeSocket);
  vi.stubGlobal('CloseEvent', FakeCloseEvent);
  // SIP.js logs the lost requests at error level; the outcome is what this test looks at
  vi.spyOn(console, 'error').mockImplementation(() => {});
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  phone = new SipJsPhone({
    reconnectBaseMs: 10,
    reconnectMaxMs: 50,
    registerExpires: GRANT_S,
    linkHealth: { pingEveryMs: 100, answerWithinMs: 200 },
  });
  statuses = [];
  phone.subscribe((event) => {
    if (event.type === 'registration') statuses.push({ at: Date.now(), status: event.status });
  });
});

afterEach(async () => {
  await phone.stop();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const state = () => statuses.at(-1)?.status.state;

async function until(what: string, done: () => boolean, withinMs: number): Promise<void> {
  const end = Date.now() + withinMs;
  while (!done()) {
    if (Date.now() > end) throw new Error(`not within ${withinMs} ms: ${what}; registration states: ${statuses.map((s) => s.status.state + (s.status.reason ? `/${s.status.reason}` : '')).join(' → ')}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the softphone after its connection is lost with a REGISTER refresh waiting for its answer', () => {
  it('declared dead by the link watch: registers again over the new connection within a moment, not after 32 s', async () => {
    await phone.start(ACCOUNT);
    await until('registered', () => state() === 'registered', 2000);
    const first = proxy.registers()[0]!;
    // the network dies just as the refresh (due after 1 s of the 2 s grant) leaves
    proxy.dieOn = (r) => r.method === 'REGISTER';
    await until('the link declared dead, "reconnecting"', () => statuses.some((s) => s.status.reason === 'transport'), 3000);
    await until('a new connection', () => proxy.sockets.length === 2 && proxy.sockets[1]!.readyState === FakeSocket.OPEN, 2000);
    const connectedAt = Date.now();
    await until('registered over the new connection', () => state() === 'registered' && proxy.registers().some((r) => r.socket === 1), 1500);
    expect(Date.now() - connectedAt).toBeLessThan(1000);
    // the same registration (Call-ID) goes on, with a CSeq above the lost one: a registrar that
    // gets the lost REGISTER late ignores it (RFC 3261 §10.3 step 7) rather than binding the old connection
    const lost = proxy.sockets[0]!.lost.map((raw) => parseRequest(raw)).find((r) => r?.method === 'REGISTER')!;
    const lostCseq = Number.parseInt(lost.headers.find((h) => h.name.toLowerCase() === 'cseq')!.value, 10);
    const renewed = proxy.registers().find((r) => r.socket === 1)!;
    expect(renewed.callId).toBe(first.callId);
    expect(renewed.cseq).toBeGreaterThan(lostCseq);
    // and it stays registered: refreshed on the new connection, the late answer on the old one changes nothing
    proxy.networkBack();
    const refreshes = proxy.registers().filter((r) => r.socket === 1).length;
    await until('refreshed again on the new connection', () => proxy.registers().filter((r) => r.socket === 1).length > refreshes, 2000);
    expect(state()).toBe('registered');
  }, 15_000);

  it('closed under it (the proxy restarted, the socket dropped): registers again at once on reconnecting', async () => {
    await phone.start(ACCOUNT);
    await until('registered', () => state() === 'registered', 2000);
    // the refresh is sent and never answered, then the connection closes (before the link watch sees it)
    proxy.dieOn = (r) => r.method === 'REGISTER';
    await until('the refresh sent', () => proxy.sockets[0]!.lost.length > 0, 2000);
    proxy.sockets[0]!.close(1006);
    await until('a new connection', () => proxy.sockets.length === 2 && proxy.sockets[1]!.readyState === FakeSocket.OPEN, 2000);
    const connectedAt = Date.now();
    await until('registered over the new connection', () => state() === 'registered' && proxy.registers().some((r) => r.socket === 1), 1500);
    expect(Date.now() - connectedAt).toBeLessThan(1000);
    // never "failed": a request lost with its connection is no refusal by the registrar
    expect(statuses.filter((s) => s.status.state === 'failed')).toEqual([]);
  }, 15_000);
});

describe('a late answer on a connection declared dead (sipMessages.ts)', () => {
  it('picks out a 2xx to an INVITE (to be acknowledged), nothing else', () => {
    const answer = (status: string, cseq: string) => [`SIP/2.0 ${status}`, 'Via: SIP/2.0/WSS x.invalid;branch=z9hG4bKa', 'Call-ID: c1@x', `CSeq: ${cseq}`, 'Content-Length: 0', '', ''].join('\r\n');
    expect(inviteAccepted(answer('200 OK', '2 INVITE'))).toEqual({ callId: 'c1@x', cseq: 2 });
    expect(inviteAccepted(answer('202 Accepted', '7 INVITE'))).toEqual({ callId: 'c1@x', cseq: 7 });
    expect(inviteAccepted(answer('200 OK', '3 REGISTER'))).toBeNull();
    expect(inviteAccepted(answer('500 Server Internal Error', '2 INVITE'))).toBeNull();
    expect(inviteAccepted(answer('100 Trying', '2 INVITE'))).toBeNull();
    expect(inviteAccepted('INVITE sip:a@b SIP/2.0\r\nCall-ID: c1@x\r\nCSeq: 2 INVITE\r\n\r\n')).toBeNull();
  });
});
