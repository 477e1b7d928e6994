import { Invitation, Inviter, Registerer, RegistererState, SessionState, UserAgent, type Session } from 'sip.js';
import type { SipAccount } from '../../../shared/seatConfig.js';
import { qualityFromStats, type CallQuality } from './callQuality.js';
import { userPartOf, type CallInfo, type DtmfTone, type PhoneEngine, type PhoneEvent, type RegistrationStatus } from './phoneEngine.js';

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
}

interface CallRecord {
  info: CallInfo;
  session: Session;
  audio: HTMLAudioElement | null;
  muted: boolean;
  held: boolean;
}

const ANSWER_MEDIA = { constraints: { audio: true, video: false } };
/** How long to wait for the answer to a REGISTER before trying again. */
const REGISTER_ANSWER_TIMEOUT_MS = 5000;

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
  private status: RegistrationStatus = { state: 'unregistered', reason: null, code: null, retryAt: null };
  /** The agent wants to be registered (not offline). */
  private wantRegistered = true;
  private stopped = false;
  private attempt = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private reconnecting = false;
  private registering = false;
  private readonly opts: Required<Omit<SipJsPhoneOptions, 'createAudio'>> & Pick<SipJsPhoneOptions, 'createAudio'>;
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
    };
  }

  subscribe(listener: (event: PhoneEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async start(account: SipAccount): Promise<void> {
    if (this.ua) throw new Error('the phone is already started');
    this.account = account;
    this.stopped = false;
    const uri = UserAgent.makeURI(`sip:${account.user}@${account.domain}`);
    if (!uri) throw new Error(`not a SIP address: sip:${account.user}@${account.domain}`);
    const ua = new UserAgent({
      uri,
      displayName: account.displayName,
      authorizationUsername: account.user,
      authorizationPassword: account.password,
      transportOptions: { server: account.wsUrl, connectionTimeout: 5, keepAliveInterval: 25 },
      // We drive reconnection ourselves (SIP.js's own gives up and does not re-register).
      reconnectionAttempts: 0,
      sessionDescriptionHandlerFactoryOptions: {
        peerConnectionConfiguration: { iceServers: account.iceServers.map((urls) => ({ urls })) },
        iceGatheringTimeout: account.iceGatheringTimeoutMs,
      },
      logLevel: 'error',
      // SIP.js logs only protocol events at this level; never the password.
      logBuiltinEnabled: true,
      delegate: {
        onConnect: () => {
          this.attempt = 0;
          this.clearRetry();
          if (this.wantRegistered) void this.register();
        },
        onDisconnect: (error) => {
          if (this.stopped) return;
          this.emitStatus(
            this.wantRegistered
              ? { state: 'registering', reason: 'transport', code: null, retryAt: null }
              : { state: 'unregistered', reason: null, code: null, retryAt: null },
          );
          if (error) this.scheduleReconnect();
        },
        onInvite: (invitation) => this.onInvite(invitation),
      },
    });
    this.ua = ua;
    this.registerer = new Registerer(ua, { expires: this.opts.registerExpires });
    this.registerer.stateChange.addListener((state) => {
      // A refresh that failed, or the proxy ended the binding: register again while connected.
      if (state === RegistererState.Unregistered && this.wantRegistered && !this.stopped && this.status.state === 'registered') {
        this.emitStatus({ state: 'registering', reason: null, code: null, retryAt: null });
        if (ua.isConnected()) void this.register();
      }
    });
    if (typeof window !== 'undefined') window.addEventListener('online', this.onOnline);
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

  private async register(): Promise<void> {
    const registerer = this.registerer;
    if (!registerer || this.registering || this.stopped) return;
    this.registering = true;
    this.emitStatus({ state: 'registering', reason: null, code: null, retryAt: null });
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
              onAccept: () => {
                answered = true;
                this.emitStatus({ state: 'registered', reason: null, code: null, retryAt: null });
                resolve();
              },
              onReject: (response) => {
                answered = true;
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
    const number = userPartOf(request.getHeader('P-Asserted-Identity')) ?? request.from.uri.user ?? '';
    const name = request.from.displayName?.trim() || null;
    const info: CallInfo = { id: invitation.id, direction: 'inbound', remoteNumber: number, remoteName: name };
    this.track(info, invitation);
    this.emit({ type: 'incoming', call: info });
  }

  private track(info: CallInfo, session: Session): CallRecord {
    const record: CallRecord = { info, session, audio: null, muted: false, held: false };
    this.calls.set(info.id, record);
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        this.playRemote(record);
        this.emit({ type: 'established', id: info.id });
      } else if (state === SessionState.Terminated) {
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

  private playRemote(record: CallRecord): void {
    const sdh = record.session.sessionDescriptionHandler as unknown as WebSdh | undefined;
    if (!sdh || typeof document === 'undefined') return;
    const audio = this.opts.createAudio?.() ?? document.createElement('audio');
    audio.autoplay = true;
    audio.srcObject = sdh.remoteMediaStream;
    record.audio = audio;
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
    await session.accept({ sessionDescriptionHandlerOptions: ANSWER_MEDIA });
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

  private enableTracks(record: CallRecord): void {
    const pc = (record.session.sessionDescriptionHandler as unknown as WebSdh | undefined)?.peerConnection;
    if (!pc) return;
    for (const sender of pc.getSenders()) if (sender.track) sender.track.enabled = !record.muted && !record.held;
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
    const pc = (this.calls.get(id)?.session.sessionDescriptionHandler as unknown as WebSdh | undefined)?.peerConnection;
    if (!pc) return null;
    return qualityFromStats(await pc.getStats());
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
    const inviter = new Inviter(ua, this.targetUri(number), { sessionDescriptionHandlerOptions: ANSWER_MEDIA });
    const info: CallInfo = { id: inviter.id, direction: 'outbound', remoteNumber: number, remoteName: null };
    this.track(info, inviter);
    inviter.invite().catch(() => {
      // a failure to send ends the session (Terminated), which the store sees
    });
    return info;
  }

  async transfer(id: string, target: string): Promise<void> {
    const { session } = this.record(id);
    let settled: (() => void) | null = null;
    // The transferee reports the new call's progress in NOTIFYs (message/sipfrag): a final answer ends our part.
    const outcome = new Promise<void>((resolve) => (settled = resolve));
    await new Promise<void>((resolve, reject) => {
      session
        .refer(this.targetUri(target), {
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
    // Accepted: the customer now calls the target. Our leg ends once that call is answered (or
    // failed), when the customer hangs up on us, or after a few seconds at the latest.
    const ended = new Promise<void>((resolve) => session.stateChange.addListener((s) => s === SessionState.Terminated && resolve()));
    await Promise.race([outcome, ended, new Promise<void>((resolve) => setTimeout(resolve, 8000))]);
    if (session.state === SessionState.Established) await session.bye().catch(() => {});
  }
}
