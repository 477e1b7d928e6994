import {
  Core,
  Invitation,
  Inviter,
  Registerer,
  RegistererState,
  SessionState,
  URI,
  UserAgent,
  Web,
  type Info,
  type Session,
  type SessionDescriptionHandlerFactory,
} from 'sip.js';
import type { SipAccount } from '../../../shared/seatConfig.js';
import type { CallQuality } from './callQuality.js';
import { DEFAULT_LINK_HEALTH, LinkHealth, type LinkHealthOptions } from './linkHealth.js';
import { MediaRecovery, type IceState, type MediaHealth } from './mediaRecovery.js';
import { DEFAULT_MEDIA_WATCH, inboundSample, MediaWatch, type MediaWatchOptions } from './mediaWatch.js';
import { missedCallsReported } from './missedCalls.js';
import {
  callerIdentity,
  type CallInfo,
  type DtmfTone,
  type MissedReason,
  type PhoneEngine,
  type PhoneEvent,
  type RegistrationStatus,
} from './phoneEngine.js';
import { grantedExpires, registrationRefreshMs } from './registrationRefresh.js';
import { inviteAccepted, responseTo, screenRequest, summariseInvite } from './sipMessages.js';

/**
 * SIP.js re-registers on its own timer too (at 99 % of the grant, our fallback) and does not catch
 * its promise: when our earlier refresh is still waiting for its answer, that call rejects with
 * "REGISTER request already in progress" as an unhandled error in the page. Every REGISTER promise
 * is marked handled here; our own calls still see the rejection and retry (register() below).
 */
class RefreshingRegisterer extends Registerer {
  override register(...args: Parameters<Registerer['register']>): ReturnType<Registerer['register']> {
    const sent = super.register(...args);
    sent.catch(() => undefined);
    return sent;
  }
}

/**
 * SIP.js's web session description handler, which cannot roll back: a re-INVITE refused, timed out
 * or lost with its connection left the peer connection in have-local-offer, and every later
 * re-INVITE of the call (hold, ICE restart, the target refresh after a reconnection) failed with
 * "Invalid signaling state have-local-offer". SIP.js calls rollbackDescription() when a re-INVITE
 * fails (and when an offer it received is refused): the unanswered offer is rolled back (JSEP), the
 * call keeps the media it had and can re-INVITE again.
 */
function sessionDescriptionHandlerWithRollback(): SessionDescriptionHandlerFactory {
  const make = Web.defaultSessionDescriptionHandlerFactory();
  return (session, options) => {
    const sdh = make(session, options) as Web.SessionDescriptionHandler;
    return Object.assign(sdh, {
      rollbackDescription: async (): Promise<void> => {
        const pc = sdh.peerConnection;
        if (pc?.signalingState === 'have-local-offer') await pc.setLocalDescription({ type: 'rollback' });
        else if (pc?.signalingState === 'have-remote-offer') await pc.setRemoteDescription({ type: 'rollback' });
      },
    });
  };
}

/** SIP.js's web session description handler, as far as the softphone uses it. */
interface WebSdh {
  peerConnection: RTCPeerConnection | undefined;
  remoteMediaStream: MediaStream;
  sendDtmf(tones: string, options?: { duration?: number; interToneGap?: number }): boolean;
}

export interface SipJsPhoneOptions {
  /** Reconnection delays: the first, doubled per attempt up to the cap (ms). Jittered by ±20 %. */
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  /** REGISTER expiry (s). */
  registerExpires?: number;
  /** Where remote audio plays (default: a detached <audio> element per call). */
  createAudio?: () => HTMLAudioElement;
  /** Keep-alive questions to the proxy and how long an answer may take (linkHealth.ts). */
  linkHealth?: LinkHealthOptions;
  /** When silence means "no audio" and an ICE restart (mediaWatch.ts). */
  mediaWatch?: MediaWatchOptions;
  /** An INVITE older than this (stamped by the proxy) is refused, not rung: its caller is gone (ms). */
  maxInviteAgeMs?: number;
}

interface CallRecord {
  info: CallInfo;
  session: Session;
  audio: HTMLAudioElement | null;
  muted: boolean;
  held: boolean;
  /** ICE restarts when the media path breaks (mediaRecovery.ts). */
  recovery: MediaRecovery;
  mediaTimer: ReturnType<typeof setTimeout> | null;
  /** ICE restarts sent during this call, and the last media state reported. */
  iceRestarts: number;
  reported: string;
  /** Inbound audio, read every STATS_EVERY_MS while the call is up. */
  watch: MediaWatch;
  statsTimer: ReturnType<typeof setInterval> | null;
  /** In a three-way call: the mix this call sends instead of the microphone alone. */
  conference: Conference | null;
}

/**
 * A three-way call mixed on the agent's side (Web Audio): each call sends the agent's microphone
 * plus the other call's remote audio; each call's remote audio already plays on the speaker.
 */
interface Conference {
  context: AudioContext;
  /** The microphone track each call sent before (restored when the conference ends), by call id. */
  microphones: Map<string, MediaStreamTrack>;
}

/** A URI with header fields (?Replaces=…) must be written in angle brackets in Refer-To (RFC 3261 §20); SIP.js writes a URI target bare. */
class BracketedUri extends URI {
  override toString(): string {
    return `<${super.toString()}>`;
  }
}

class ReinviteRefused extends Error {
  constructor(
    readonly statusCode: number,
    reason: string,
  ) {
    super(`the re-INVITE was refused: ${statusCode} ${reason}`);
  }
}

/** How long to wait for the answer to a REGISTER before trying again. */
const REGISTER_ANSWER_TIMEOUT_MS = 5000;
/** How often the link's health and the calls' inbound audio are looked at. */
const LINK_CHECK_EVERY_MS = 250;
const STATS_EVERY_MS = 200;
/**
 * A connection declared dead stays open this long, only to refuse what arrives late on it (a
 * queued INVITE the network delivers when it comes back): answered 480, never rung.
 */
const DEAD_CONNECTION_KEPT_MS = 120_000;
/** INFO packages (RFC 6086) the phone takes: none; legacy INFO without a package (DTMF) is accepted. */
const RECV_INFO = '';

/**
 * The softphone's SIP stack: one SIP.js UserAgent over WebSocket and one Registerer, with the
 * recovery SIP.js 0.21 does not do by itself (notes/sip-rig lesson 5): after the transport drops
 * it reconnects with a capped, jittered backoff (at once on the browser's `online` event), and
 * every new connection registers again (the proxy may have restarted and forgotten us), the
 * registration being confirmed only by the proxy's 200. No page reload involved.
 */
export class SipJsPhone implements PhoneEngine {
  private ua: UserAgent | null = null;
  private registerer: Registerer | null = null;
  private account: SipAccount | null = null;
  private readonly listeners = new Set<(event: PhoneEvent) => void>();
  private readonly calls = new Map<string, CallRecord>();
  /** The agent's chosen devices (null: the system default); the microphone applies from the next call on. */
  private microphoneId: string | null = null;
  private speakerId: string | null = null;
  private status: RegistrationStatus = { state: 'unregistered', reason: null, code: null, retryAt: null };
  /** The agent wants to be registered (not offline). */
  private wantRegistered = true;
  private stopped = false;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private reconnecting = false;
  private registering = false;
  /** Set after the first connection: later ones are reconnections, with calls to carry over. */
  private connectedBefore = false;
  private readonly opts: Required<Omit<SipJsPhoneOptions, 'createAudio'>> & Pick<SipJsPhoneOptions, 'createAudio'>;
  private readonly link: LinkHealth;
  private linkTimer: ReturnType<typeof setInterval> | null = null;
  /** Our own registration refresh, from the expiry the registrar granted (registrationRefresh.ts). */
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly deadSockets = new Set<WebSocket>();
  /** Call-IDs of calls already reported missed: the proxy and a late INVITE may both tell of one. */
  private readonly missedCallIds: string[] = [];
  private readonly onOnline = () => {
    if (this.stopped || !this.ua) return;
    this.attempt = 0;
    if (!this.ua.isConnected()) void this.reconnectNow();
    else if (this.wantRegistered && this.status.state !== 'registered') void this.register();
  };

  constructor(options: SipJsPhoneOptions = {}) {
    this.opts = {
      reconnectBaseMs: options.reconnectBaseMs ?? 250,
      reconnectMaxMs: options.reconnectMaxMs ?? 1500,
      registerExpires: options.registerExpires ?? 300,
      createAudio: options.createAudio,
      linkHealth: options.linkHealth ?? DEFAULT_LINK_HEALTH,
      mediaWatch: options.mediaWatch ?? DEFAULT_MEDIA_WATCH,
      maxInviteAgeMs: options.maxInviteAgeMs ?? 20_000,
    };
    this.link = new LinkHealth(this.opts.linkHealth);
  }

  subscribe(listener: (event: PhoneEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(account: SipAccount): Promise<void> {
    if (this.ua) throw new Error('the phone is already started');
    this.account = account;
    this.stopped = false;
    this.connectedBefore = false;
    const uri = UserAgent.makeURI(`sip:${account.user}@${account.domain}`);
    if (!uri) throw new Error(`not a SIP address: sip:${account.user}@${account.domain}`);
    const ua = new UserAgent({
      uri,
      displayName: account.displayName,
      // the agent's short-lived credential: "<expiry>:<user>" (auth_ephemeral); else the user
      authorizationUsername: account.authorizationUser ?? account.user,
      authorizationPassword: account.password,
      // No CRLF keep-alive: SIP.js never checks its answer. The link watch's OPTIONS are checked.
      transportOptions: { server: account.wsUrl, connectionTimeout: 5 },
      // We drive reconnection ourselves (SIP.js's own gives up and does not re-register).
      reconnectionAttempts: 0,
      // 180 only for a call that rings here (ring()): a call turned away gets its 486 alone.
      sendInitialProvisionalResponse: false,
      sessionDescriptionHandlerFactory: sessionDescriptionHandlerWithRollback(),
      sessionDescriptionHandlerFactoryOptions: {
        peerConnectionConfiguration: { iceServers: account.iceServers.map((urls) => ({ urls })) },
        iceGatheringTimeout: account.iceGatheringTimeoutMs,
      },
      logLevel: 'error',
      // SIP.js logs only protocol events at this level; never the password.
      logBuiltinEnabled: true,
      delegate: {
        onConnect: () => {
          this.link.reset(Date.now());
          this.attempt = 0;
          this.clearRetry();
          if (this.wantRegistered) void this.register();
          if (this.connectedBefore) this.carryCallsOver();
          this.connectedBefore = true;
        },
        onDisconnect: (error) => {
          if (this.stopped) return;
          this.emitStatus(
            this.wantRegistered
              ? { state: 'registering', reason: 'transport', code: null, retryAt: null }
              : { state: 'unregistered', reason: null, code: null, retryAt: null },
          );
          this.failRequestsOfLostConnection(ua);
          if (error) this.scheduleReconnect();
        },
        onInvite: (invitation) => this.onInvite(invitation),
      },
    });
    this.ua = ua;
    this.screenIncoming(ua);
    this.registerer = new RefreshingRegisterer(ua, { expires: this.opts.registerExpires });
    this.registerer.stateChange.addListener((state) => {
      // A refresh that failed, or the proxy ended the binding: register again while connected.
      if (state === RegistererState.Unregistered && this.wantRegistered && !this.stopped && this.status.state === 'registered') {
        this.emitStatus({ state: 'registering', reason: null, code: null, retryAt: null });
        if (ua.isConnected()) void this.register();
      }
    });
    if (typeof window !== 'undefined') window.addEventListener('online', this.onOnline);
    this.linkTimer = setInterval(() => this.checkLink(), LINK_CHECK_EVERY_MS);
    this.emitStatus({ state: 'registering', reason: null, code: null, retryAt: null });
    try {
      await ua.start();
    } catch {
      this.emitStatus({ state: 'registering', reason: 'transport', code: null, retryAt: null });
      this.scheduleReconnect();
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clearRetry();
    this.clearRefresh();
    if (this.linkTimer) clearInterval(this.linkTimer);
    this.linkTimer = null;
    for (const ws of this.deadSockets) ws.close();
    this.deadSockets.clear();
    if (typeof window !== 'undefined') window.removeEventListener('online', this.onOnline);
    for (const id of [...this.calls.keys()]) await this.hangup(id).catch(() => {});
    const ua = this.ua;
    this.ua = null;
    if (ua) {
      if (ua.isConnected() && this.registerer?.state === RegistererState.Registered) {
        await this.registerer.unregister().catch(() => {});
      }
      await ua.stop().catch(() => {});
    }
    this.registerer = null;
    this.emitStatus({ state: 'unregistered', reason: null, code: null, retryAt: null });
  }

  async setRegistered(on: boolean): Promise<void> {
    this.wantRegistered = on;
    if (!this.ua || !this.registerer) return;
    if (on) {
      if (this.ua.isConnected()) await this.register();
      else void this.reconnectNow();
    } else {
      if (this.ua.isConnected() && this.registerer.state === RegistererState.Registered) await this.registerer.unregister().catch(() => {});
      this.emitStatus({ state: 'unregistered', reason: null, code: null, retryAt: null });
    }
  }

  async renewCredential(account: SipAccount): Promise<void> {
    this.account = account;
    const ua = this.ua;
    if (!ua) return;
    // SIP.js reads these at each challenge (its authentication factory): the next REGISTER,
    // INVITE or reconnection answers with the renewed credential.
    ua.configuration.authorizationUsername = account.authorizationUser ?? account.user;
    ua.configuration.authorizationPassword = account.password;
    // registered: refresh with it at once; refused meanwhile (an expired credential): try again with it
    if (ua.isConnected() && this.wantRegistered) await this.register(this.status.state === 'registered');
  }

  /** REGISTER; a refresh of a live binding leaves "registered" on screen while it waits. */
  private async register(refresh = false): Promise<void> {
    const registerer = this.registerer;
    if (!registerer || this.registering || this.stopped) return;
    this.registering = true;
    this.clearRefresh();
    if (!refresh || this.status.state !== 'registered') this.emitStatus({ state: 'registering', reason: null, code: null, retryAt: null });
    let answered = false;
    let watchdog: ReturnType<typeof setTimeout> | null = null;
    try {
      await new Promise<void>((resolve) => {
        // A REGISTER lost with a dropped connection gets no answer until SIP.js's own timeout
        // (32 s): do not wait that long to try again.
        watchdog = setTimeout(() => {
          if (answered) return;
          this.scheduleRegisterRetry();
          resolve();
        }, REGISTER_ANSWER_TIMEOUT_MS);
        registerer
          .register({
            requestDelegate: {
              onAccept: (response) => {
                answered = true;
                this.emitStatus({ state: 'registered', reason: null, code: null, retryAt: null });
                this.scheduleRefresh(response.message.getHeaders('contact'), response.message.getHeader('expires'));
                for (const missed of missedCallsReported(response.message.getHeaders('x-aw-missed'))) {
                  this.emitMissed(missed.callId, missed.identity, missed.privacy, missed.at, 'unreachable');
                }
                resolve();
              },
              onReject: (response) => {
                answered = true;
                // Lost with its connection (failRequestsOfLostConnection): "reconnecting" is on
                // screen already, and the next connection registers again.
                if (!this.ua?.isConnected()) {
                  resolve();
                  return;
                }
                const code = response.message.statusCode ?? 0;
                this.emitStatus({ state: 'failed', reason: 'rejected', code, retryAt: null });
                // An overloaded or restarting proxy: try again; a refusal (403) stays until fixed.
                if (code >= 500 || code === 408) this.scheduleRegisterRetry();
                resolve();
              },
            },
          })
          .catch(() => {
            // Not sent: the transport just went away (onDisconnect reconnects), or an earlier
            // REGISTER is still waiting for its answer (try again shortly).
            if (this.ua?.isConnected()) this.scheduleRegisterRetry();
            resolve();
          });
      });
    } finally {
      if (watchdog) clearTimeout(watchdog);
      this.registering = false;
    }
  }

  /**
   * Refreshes the binding well before it lapses (SIP.js's own timer, at 99 % of the grant, stays
   * behind as a fallback: every 200 restarts it).
   */
  private scheduleRefresh(contacts: string[], expiresHeader: string | undefined): void {
    this.clearRefresh();
    const host = this.ua?.contact.uri.host ?? '';
    const granted = grantedExpires(contacts, expiresHeader, host) ?? this.opts.registerExpires;
    if (granted <= 0) return;
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      if (this.ua?.isConnected() && this.wantRegistered) void this.register(true);
    }, registrationRefreshMs(granted));
  }

  private clearRefresh(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
  }

  /**
   * Every request from the proxy passes here before SIP.js: anything heard proves the link alive;
   * a malformed request is answered 400 and logged (SIP.js threw on some, uncaught); an INVITE
   * older than a caller's patience is refused (480) and reported as missed, never rung.
   */
  private screenIncoming(ua: UserAgent): void {
    const transport = ua.transport;
    const deliver = transport.onMessage;
    transport.onMessage = (raw: string) => {
      this.link.heard();
      const screening = screenRequest(raw, Date.now(), this.opts.maxInviteAgeMs);
      if (screening.verdict === 'pass') {
        deliver?.(raw);
        return;
      }
      console.warn(`softphone: refused a request from the proxy (${screening.why}): ${screening.detail}`);
      if (screening.response) void transport.send(screening.response).catch(() => {});
      const invite = screening.invite;
      if (screening.why === 'stale' && invite) this.emitMissed(invite.callId, invite.identity, invite.privacy, invite.receivedAt ?? Date.now(), 'late');
    };
  }

  /**
   * The connection to the proxy is gone (closed, or declared dead by the link watch): a request
   * still waiting for its answer will never get one. Its answer, if any, comes on the old socket,
   * which SIP.js no longer reads, yet SIP.js would wait for it until its transaction times out
   * (Timer F or B: 32 s). For a REGISTER that is 32 s unregistered after the link is back: the
   * Registerer refuses every new REGISTER meanwhile ("REGISTER request already in progress", RFC
   * 3261 §10.2), and the late REGISTER that TCP delivers on the old connection binds the agent to
   * a socket kept open only to refuse calls. For a re-INVITE (an ICE restart sent just before the
   * link was declared dead) it is 32 s without another one. So each of them ends here as a
   * transport error, which RFC 3261 §8.1.3.1 treats as a 503: the Registerer is free to register
   * over the new connection (same Call-ID, higher CSeq: the registrar ignores the late one), and
   * the call restarts ICE over it. Only requests still waiting are ended: one answered already
   * (a 2xx INVITE waiting for retransmissions) keeps its outcome.
   */
  private failRequestsOfLostConnection(ua: UserAgent): void {
    const waiting: string[] = [Core.TransactionState.Trying, Core.TransactionState.Calling, Core.TransactionState.Proceeding];
    for (const client of [...ua.userAgentCore.userAgentClients.values()]) {
      const transaction = client.transaction as unknown as { state: string; onTransportError(error: Core.TransportError): void };
      if (!waiting.includes(transaction.state)) continue;
      transaction.onTransportError(new Core.TransportError('the connection to the proxy was lost'));
    }
  }

  /** Every LINK_CHECK_EVERY_MS while started: a keep-alive question when due, a dead link replaced. */
  private checkLink(): void {
    const ua = this.ua;
    if (!ua || this.stopped || !ua.isConnected()) return;
    const now = Date.now();
    if (this.link.isDead(now)) {
      this.replaceDeadConnection(ua);
      return;
    }
    if (this.link.pingDue(now)) {
      this.link.pinged(now);
      this.sendKeepAlive(ua);
    }
  }

  /** OPTIONS to the proxy itself (it answers 200 without asking anyone else). */
  private sendKeepAlive(ua: UserAgent): void {
    const account = this.account;
    if (!account) return;
    const target = UserAgent.makeURI(`sip:${account.domain}`);
    if (!target) return;
    const message = ua.userAgentCore.makeOutgoingRequestMessage('OPTIONS', target, ua.configuration.uri, target, {}, [
      `Contact: ${ua.contact.toString()}`,
    ]);
    // Any answer at all proves the link (screenIncoming notes it): nothing to do with it here.
    ua.userAgentCore.request(message, {});
  }

  /**
   * The link is dead though the WebSocket still looks open: say so at once ("reconnecting"), let
   * SIP.js see the connection as closed (it reconnects and registers again through onDisconnect),
   * and keep the old socket only to refuse what arrives late on it.
   */
  private replaceDeadConnection(ua: UserAgent): void {
    const ws = (ua.transport as unknown as { ws: WebSocket | undefined }).ws;
    this.emitStatus({ state: 'registering', reason: 'transport', code: null, retryAt: null });
    this.link.reset(Date.now());
    if (!ws) return;
    this.deadSockets.add(ws);
    ws.addEventListener('message', (event: MessageEvent) => {
      if (typeof event.data !== 'string') return;
      const accepted = inviteAccepted(event.data);
      if (accepted) {
        this.acknowledgeLateAnswer(ws, accepted.callId, accepted.cseq);
        return;
      }
      const invite = summariseInvite(event.data);
      if (!invite) return;
      console.warn(`softphone: refused an INVITE that arrived on a connection declared dead (${invite.callId})`);
      const response = responseTo(event.data, 480, 'Temporarily Unavailable', ['Reason: SIP;cause=480;text="arrived on a dead connection"']);
      if (response && ws.readyState === WebSocket.OPEN) ws.send(response);
      this.emitMissed(invite.callId, invite.identity, invite.privacy, invite.receivedAt ?? Date.now(), 'late');
    });
    setTimeout(() => {
      this.deadSockets.delete(ws);
      ws.close();
    }, DEAD_CONNECTION_KEPT_MS);
    // SIP.js's transport ignores events of sockets it no longer holds: this one it drops now.
    ws.dispatchEvent(new CloseEvent('close', { code: 4000, reason: 'no answer to keep-alives' }));
  }

  /**
   * A 2xx to a re-INVITE that was given up on with its connection (failRequestsOfLostConnection)
   * arrives late on that connection: the call's own re-INVITE, delivered by TCP once the network
   * came back. The far end retransmits it until it gets its ACK and may end the call after 32 s
   * without one (RFC 3261 §13.3.1.4), so it is acknowledged on the connection it came on, in the
   * call's dialog (its route set and remote target). The offer it answers was rolled back here: the
   * call's next re-INVITE (the ICE restart or the target refresh over the new connection) settles
   * the media again.
   */
  private acknowledgeLateAnswer(ws: WebSocket, callId: string, cseq: number): void {
    const record = [...this.calls.values()].find((r) => r.session.dialog?.callId === callId);
    const dialog = record?.session.dialog as Core.SessionDialog | undefined;
    const ua = this.ua;
    if (!dialog || !ua || ws.readyState !== WebSocket.OPEN) return;
    try {
      const ack = dialog.createOutgoingRequestMessage(Core.C.ACK, { cseq });
      ack.setViaHeader(`z9hG4bK${Math.random().toString(36).slice(2, 12)}`, (ua.transport as Web.Transport).protocol);
      ws.send(ack.toString());
    } catch (error) {
      console.warn(`softphone: could not acknowledge a late answer to a re-INVITE (${callId}): ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private emitMissed(callId: string | null, identity: string, privacy: string | null, at: number, reason: MissedReason): void {
    if (callId) {
      if (this.missedCallIds.includes(callId)) return;
      this.missedCallIds.push(callId);
      if (this.missedCallIds.length > 100) this.missedCallIds.shift();
    }
    const who = callerIdentity(identity, identity, privacy);
    const call: CallInfo = { id: `missed-${at}-${Math.random().toString(36).slice(2, 8)}`, direction: 'inbound', remoteNumber: who.number, remoteName: null, presentation: who.presentation };
    this.emit({ type: 'missed', call, at, reason });
  }

  private backoffMs(): number {
    const base = Math.min(this.opts.reconnectMaxMs, this.opts.reconnectBaseMs * 2 ** this.attempt);
    this.attempt++;
    return Math.round(base * (0.8 + Math.random() * 0.4));
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.retryTimer || this.reconnecting) return;
    const delay = this.backoffMs();
    this.emitStatus({ state: 'registering', reason: 'transport', code: null, retryAt: Date.now() + delay });
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.reconnectNow();
    }, delay);
  }

  private scheduleRegisterRetry(): void {
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.ua?.isConnected() && this.wantRegistered) void this.register();
    }, this.backoffMs());
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  private async reconnectNow(): Promise<void> {
    const ua = this.ua;
    if (!ua || this.stopped || this.reconnecting) return;
    this.clearRetry();
    this.reconnecting = true;
    try {
      await ua.reconnect(); // onConnect registers
    } catch {
      this.reconnecting = false;
      this.scheduleReconnect();
      return;
    }
    this.reconnecting = false;
  }

  private emitStatus(status: RegistrationStatus): void {
    this.status = status;
    this.emit({ type: 'registration', status });
  }

  private emit(event: PhoneEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  private onInvite(invitation: Invitation): void {
    const request = invitation.request;
    const who = callerIdentity(request.getHeader('P-Asserted-Identity'), request.getHeader('From') ?? '', request.getHeader('Privacy'));
    const displayName = request.from.displayName?.trim() || null;
    // "Anonymous" and the like are no name either
    const name = who.presentation === 'number' && displayName && !/^(anonymous|unavailable|unknown)$/i.test(displayName) ? displayName : null;
    const info: CallInfo = { id: invitation.id, direction: 'inbound', remoteNumber: who.number, remoteName: name, presentation: who.presentation };
    this.track(info, invitation);
    this.emit({ type: 'incoming', call: info });
  }

  private track(info: CallInfo, session: Session): CallRecord {
    const record: CallRecord = {
      info,
      session,
      audio: null,
      muted: false,
      held: false,
      recovery: new MediaRecovery(),
      mediaTimer: null,
      iceRestarts: 0,
      reported: '',
      watch: new MediaWatch(this.opts.mediaWatch),
      statsTimer: null,
      conference: null,
    };
    this.calls.set(info.id, record);
    session.delegate = { onInfo: (info) => this.onInfo(info) };
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        this.playRemote(record);
        this.emit({ type: 'established', id: info.id });
        this.watchMedia(record);
      } else if (state === SessionState.Terminated) {
        if (record.mediaTimer) clearTimeout(record.mediaTimer);
        if (record.statsTimer) clearInterval(record.statsTimer);
        if (record.conference) void this.endConference(record.conference);
        if (record.audio) {
          record.audio.pause();
          record.audio.srcObject = null;
        }
        this.calls.delete(info.id);
        this.emit({ type: 'terminated', id: info.id, reason: null });
      }
    });
    return record;
  }

  /**
   * A new connection to the proxy while calls are up. SIP.js keeps the sessions (the media never
   * went through the proxy), but the other side reaches us through the Contact alias Kamailio put
   * on the OLD connection: a re-INVITE over the new one refreshes the dialog's target (RFC 3261
   * 12.2; Kamailio aliases the new Contact), so the customer's BYE finds us again. Our own
   * in-dialog requests need no refresh: they follow the Record-Route set, which names the proxy's
   * listeners, not a connection. A call whose media broke meanwhile gets an ICE restart instead.
   */
  private carryCallsOver(): void {
    for (const record of this.calls.values()) {
      if (record.session.state !== SessionState.Established) continue;
      if (record.recovery.health === 'reconnecting') this.checkMedia(record);
      else
        void this.reinvite(record, record.held, false).catch((error: unknown) => {
          // refused or already one in flight (hold: that one refreshes the target as well)
          this.endIfGone(record, error);
        });
    }
  }

  /** Follows the call's ICE state, restarting ICE when the media path breaks (mediaRecovery.ts). */
  private watchMedia(record: CallRecord): void {
    const pc = (record.session.sessionDescriptionHandler as unknown as WebSdh | undefined)?.peerConnection;
    if (!pc) return;
    const onChange = () => {
      record.recovery.iceChanged(pc.iceConnectionState as IceState, Date.now());
      this.checkMedia(record);
    };
    pc.addEventListener('iceconnectionstatechange', onChange);
    onChange();
    record.watch.setHeld(false, Date.now());
    record.statsTimer = setInterval(() => void this.readInbound(record, pc), STATS_EVERY_MS);
  }

  /**
   * The call's inbound audio (mediaWatch.ts): "no audio" as soon as it stops while not held, an
   * ICE restart when the silence lasts, and the all-clear when packets come again.
   */
  private async readInbound(record: CallRecord, pc: RTCPeerConnection): Promise<void> {
    if (record.session.state !== SessionState.Established || pc.signalingState === 'closed') return;
    const now = Date.now();
    const sample = inboundSample(await pc.getStats(), now);
    if (!sample) return;
    // held by us, or by the other side (its offer is sendonly/inactive towards us)
    const held = record.held || /a=(sendonly|inactive)/.test(pc.remoteDescription?.sdp ?? '');
    if (held !== record.watch.isHeld) record.watch.setHeld(held, now);
    record.watch.add(sample);
    if (!record.watch.noAudio(now)) record.recovery.audioBack();
    if (record.watch.restartDue(now) && record.recovery.health === 'ok') {
      record.recovery.silent(now);
      this.checkMedia(record);
      return;
    }
    // "no audio" or its end, on screen at once (reported only when it changes)
    this.reportMedia(record);
  }

  /** INFO in a call: legacy INFO (no package: DTMF relay) accepted; a package we never offered refused (RFC 6086 §4.2.2). */
  private onInfo(info: Info): void {
    const pkg = info.request.getHeader('Info-Package');
    if (pkg) void info.reject({ statusCode: 469, reasonPhrase: 'Bad Info Package', extraHeaders: [`Recv-Info: ${RECV_INFO}`] }).catch(() => {});
    else void info.accept().catch(() => {});
  }

  private checkMedia(record: CallRecord): void {
    if (record.mediaTimer) clearTimeout(record.mediaTimer);
    record.mediaTimer = null;
    if (!this.calls.has(record.info.id) || record.session.state !== SessionState.Established) return;
    this.reportMedia(record);
    const step = record.recovery.next(Date.now(), this.ua?.isConnected() ?? false);
    if (step.do === 'wait') record.mediaTimer = setTimeout(() => this.checkMedia(record), step.ms);
    else if (step.do === 'restart') void this.restartIce(record);
    // 'nothing' with signalling down: carryCallsOver() asks again once the proxy is back
  }

  private async restartIce(record: CallRecord): Promise<void> {
    record.recovery.restartStarted(Date.now());
    record.iceRestarts++;
    this.reportMedia(record);
    try {
      await this.reinvite(record, record.held, true);
    } catch (error) {
      // refused, lost with the connection, or a hold re-INVITE in flight: the backoff tries again
      this.endIfGone(record, error);
    }
    record.recovery.restartDone();
    this.checkMedia(record);
  }

  private reportMedia(record: CallRecord): void {
    const health: MediaHealth = record.recovery.health === 'reconnecting' ? 'reconnecting' : record.watch.noAudio(Date.now()) ? 'no_audio' : 'ok';
    const key = `${health}/${record.iceRestarts}`;
    if (key === record.reported) return;
    record.reported = key;
    this.emit({ type: 'media', id: record.info.id, health, iceRestarts: record.iceRestarts });
  }

  /**
   * 481 to a re-INVITE: the other side no longer knows the call (RFC 5057), e.g. its BYE was lost
   * while our connection was down. End it here too instead of restarting ICE forever.
   */
  private endIfGone(record: CallRecord, error: unknown): void {
    if (error instanceof ReinviteRefused && error.statusCode === 481 && record.session.state === SessionState.Established) {
      void record.session.bye().catch(() => {});
    }
  }

  /** A re-INVITE (keeping the hold state), resolved by the answer's acceptance. */
  private reinvite(record: CallRecord, hold: boolean, iceRestart: boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      record.session
        .invite({
          sessionDescriptionHandlerOptions: (iceRestart ? { hold, offerOptions: { iceRestart: true } } : { hold }) as never,
          requestDelegate: {
            onAccept: () => resolve(),
            onReject: (response) => reject(new ReinviteRefused(response.message.statusCode ?? 0, response.message.reasonPhrase ?? '')),
          },
        })
        .catch(reject);
    });
  }

  private playRemote(record: CallRecord): void {
    const sdh = record.session.sessionDescriptionHandler as unknown as WebSdh | undefined;
    if (!sdh || typeof document === 'undefined') return;
    const audio = this.opts.createAudio?.() ?? document.createElement('audio');
    audio.autoplay = true;
    audio.srcObject = sdh.remoteMediaStream;
    record.audio = audio;
    this.applySpeaker(audio);
    void audio.play().catch(() => {
      // autoplay refused: the stream still flows; the element plays on the next user gesture
    });
  }

  private record(id: string): CallRecord {
    const record = this.calls.get(id);
    if (!record) throw new Error(`no such call: ${id}`);
    return record;
  }

  ring(id: string): void {
    const { session } = this.record(id);
    if (session instanceof Invitation && session.state === SessionState.Initial) void session.progress().catch(() => {});
  }

  async answer(id: string): Promise<void> {
    const { session } = this.record(id);
    if (!(session instanceof Invitation)) throw new Error('not an incoming call');
    await session.accept({ sessionDescriptionHandlerOptions: this.media() });
  }

  reject(id: string, statusCode: number): void {
    const record = this.calls.get(id);
    if (!record) return;
    const { session } = record;
    if (session instanceof Invitation && (session.state === SessionState.Initial || session.state === SessionState.Establishing)) {
      try {
        session.reject({ statusCode });
      } catch {
        // already answered or cancelled meanwhile
      }
    }
  }

  async hangup(id: string): Promise<void> {
    const record = this.calls.get(id);
    if (!record) return;
    const { session } = record;
    switch (session.state) {
      case SessionState.Initial:
      case SessionState.Establishing:
        if (session instanceof Inviter) await session.cancel();
        else if (session instanceof Invitation) session.reject({ statusCode: 486 });
        break;
      case SessionState.Established:
        await session.bye();
        break;
      default:
        break;
    }
  }

  async conference(id: string, otherId: string): Promise<void> {
    const calls = [this.record(id), this.record(otherId)] as const;
    for (const record of calls) if (record.held) await this.setHeld(record.info.id, false);
    const pcs = calls.map((r) => (r.session.sessionDescriptionHandler as unknown as WebSdh | undefined)?.peerConnection);
    const senders = pcs.map((pc) => pc?.getSenders().find((x) => x.track?.kind === 'audio'));
    const remotes = pcs.map((pc) => pc?.getReceivers().find((x) => x.track.kind === 'audio')?.track);
    if (!senders[0]?.track || !senders[1]?.track || !remotes[0] || !remotes[1]) throw new Error('both calls need audio both ways for a conference');
    const context = new AudioContext();
    const conference: Conference = { context, microphones: new Map() };
    const source = (track: MediaStreamTrack) => context.createMediaStreamSource(new MediaStream([track]));
    for (const [i, record] of calls.entries()) {
      const sender = senders[i]!;
      const microphone = sender.track!;
      const mix = context.createMediaStreamDestination();
      source(microphone).connect(mix);
      source(remotes[1 - i]!).connect(mix);
      conference.microphones.set(record.info.id, microphone);
      await sender.replaceTrack(mix.stream.getAudioTracks()[0]!);
      record.conference = conference;
    }
    // the agent's mute (on the customer's call) holds for both microphones
    this.enableTracks(calls[0]);
    await context.resume();
  }

  /** One of the calls ended: the other one sends its microphone alone again. */
  private async endConference(conference: Conference): Promise<void> {
    for (const [id, microphone] of conference.microphones) {
      const record = this.calls.get(id);
      if (!record || record.conference !== conference) continue;
      record.conference = null;
      const pc = (record.session.sessionDescriptionHandler as unknown as WebSdh | undefined)?.peerConnection;
      const sender = pc?.getSenders().find((x) => x.track?.kind === 'audio');
      if (sender && record.session.state === SessionState.Established) await sender.replaceTrack(microphone).catch(() => {});
    }
    await conference.context.close().catch(() => {});
  }

  private enableTracks(record: CallRecord): void {
    const pc = (record.session.sessionDescriptionHandler as unknown as WebSdh | undefined)?.peerConnection;
    if (!pc) return;
    // in a conference the sender carries the mix: muting silences the microphones in it
    if (record.conference) for (const microphone of record.conference.microphones.values()) microphone.enabled = !record.muted && !record.held;
    for (const sender of pc.getSenders()) if (sender.track && !record.conference) sender.track.enabled = !record.muted && !record.held;
    for (const receiver of pc.getReceivers()) if (receiver.track) receiver.track.enabled = !record.held;
  }

  setMuted(id: string, muted: boolean): void {
    const record = this.record(id);
    record.muted = muted;
    this.enableTracks(record);
  }

  async setHeld(id: string, held: boolean): Promise<void> {
    const record = this.record(id);
    await new Promise<void>((resolve, reject) => {
      record.session
        .invite({
          sessionDescriptionHandlerOptions: { hold: held } as never,
          requestDelegate: {
            onAccept: () => resolve(),
            onReject: (response) => reject(new Error(`the re-INVITE was refused: ${response.message.statusCode} ${response.message.reasonPhrase}`)),
          },
        })
        .catch(reject);
    });
    record.held = held;
    record.watch.setHeld(held, Date.now());
    this.enableTracks(record);
  }

  async sendDtmf(id: string, tone: DtmfTone): Promise<'rfc4733' | 'info'> {
    const { session } = this.record(id);
    const sdh = session.sessionDescriptionHandler as unknown as WebSdh | undefined;
    if (sdh?.sendDtmf(tone, { duration: 120, interToneGap: 80 })) return 'rfc4733';
    await session.info({
      requestOptions: { body: { contentDisposition: 'render', contentType: 'application/dtmf-relay', content: `Signal=${tone}\r\nDuration=160` } },
    });
    return 'info';
  }

  async quality(id: string): Promise<CallQuality | null> {
    return this.calls.get(id)?.watch.quality() ?? null;
  }

  private targetUri(number: string) {
    const account = this.account;
    if (!account) throw new Error('the phone is not started');
    const uri = UserAgent.makeURI(`sip:${number}@${account.domain}`);
    if (!uri) throw new Error(`cannot call ${number}`);
    return uri;
  }

  dial(number: string): CallInfo {
    const ua = this.ua;
    if (!ua) throw new Error('the phone is not started');
    const inviter = new Inviter(ua, this.targetUri(number), { sessionDescriptionHandlerOptions: this.media() });
    const info: CallInfo = { id: inviter.id, direction: 'outbound', remoteNumber: number, remoteName: null, presentation: 'number' };
    this.track(info, inviter);
    inviter.invite().catch(() => {
      // a failure to send ends the session (Terminated), which the store sees
    });
    return info;
  }

  async transfer(id: string, target: string): Promise<void> {
    const { session } = this.record(id);
    await this.referAway(session, this.targetUri(target));
  }

  async attendedTransfer(id: string, consultId: string): Promise<void> {
    const { session } = this.record(id);
    const consult = this.record(consultId);
    const dialog = consult.session.dialog;
    if (consult.session.state !== SessionState.Established || !dialog) throw new Error('the consulted party has not answered');
    // Refer-To names the consulted party by the number we dialled (through the proxy's registrar),
    // not by its Contact as SIP.js's refer(session) would: a WebSocket phone's Contact is a
    // *.invalid address that only in-dialog routing reaches. Replaces (RFC 3891) names our consult
    // dialog as the consulted party sees it: its tag is the to-tag, ours the from-tag.
    const aor = this.targetUri(consult.info.remoteNumber);
    const replaces = encodeURIComponent(`${dialog.callId};to-tag=${dialog.remoteTag};from-tag=${dialog.localTag}`);
    const referTo = new BracketedUri(aor.scheme, aor.user ?? '', aor.host, aor.port, {}, { Replaces: [replaces] });
    await this.referAway(session, referTo);
    // The consulted party ends the replaced dialog itself when it takes the customer's call
    // (RFC 3891); if it did not, we do, so no line is left open.
    const replaced = new Promise<void>((resolve) => consult.session.stateChange.addListener((s) => s === SessionState.Terminated && resolve()));
    await Promise.race([replaced, new Promise<void>((resolve) => setTimeout(resolve, 2000))]);
    if (consult.session.state === SessionState.Established) await consult.session.bye().catch(() => {});
  }

  /**
   * REFERs the other side of a call elsewhere, then leaves the call: once the new call is answered
   * (or failed; the transferee reports its progress in NOTIFYs of message/sipfrag), when the other
   * side hangs up on us, or after a few seconds at the latest.
   */
  private async referAway(session: Session, referTo: URI): Promise<void> {
    let settled: (() => void) | null = null;
    const outcome = new Promise<void>((resolve) => (settled = resolve));
    await new Promise<void>((resolve, reject) => {
      session
        .refer(referTo, {
          onNotify: (notification) => {
            void notification.accept().catch(() => {});
            const code = Number(/SIP\/2\.0\s+(\d{3})/.exec(notification.request.body ?? '')?.[1] ?? 0);
            if (code >= 200) settled?.();
          },
          requestDelegate: {
            onAccept: () => resolve(),
            onReject: (response) => reject(new Error(`the transfer was refused: ${response.message.statusCode} ${response.message.reasonPhrase}`)),
          },
        })
        .catch(reject);
    });
    const ended = new Promise<void>((resolve) => session.stateChange.addListener((s) => s === SessionState.Terminated && resolve()));
    await Promise.race([outcome, ended, new Promise<void>((resolve) => setTimeout(resolve, 8000))]);
    if (session.state === SessionState.Established) await session.bye().catch(() => {});
  }

  setAudioDevices(devices: { microphoneId: string | null; speakerId: string | null }): void {
    this.microphoneId = devices.microphoneId;
    this.speakerId = devices.speakerId;
    for (const record of this.calls.values()) if (record.audio) this.applySpeaker(record.audio);
  }

  /** getUserMedia constraints of the next call: the chosen microphone (exact: a wrong device must not be used silently). */
  private media() {
    return { constraints: { audio: this.microphoneId ? { deviceId: { exact: this.microphoneId } } : true, video: false } };
  }

  private applySpeaker(audio: HTMLAudioElement): void {
    // setSinkId: Chromium (Electron, the browser seat); elsewhere calls play on the default output.
    if (typeof audio.setSinkId !== 'function') return;
    void audio.setSinkId(this.speakerId ?? '').catch(() => {
      // the device went away meanwhile: the default output keeps playing
    });
  }
}
