import { Invitation, Inviter, Registerer, RegistererState, SessionState, URI, UserAgent, type Session } from 'sip.js';
import type { SipAccount } from '../../../shared/seatConfig.js';
import { qualityFromStats, type CallQuality } from './callQuality.js';
import { MediaRecovery, type IceState } from './mediaRecovery.js';
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
  /** ICE restarts when the media path breaks (mediaRecovery.ts). */
  recovery: MediaRecovery;
  mediaTimer: ReturnType<typeof setTimeout> | null;
  /** ICE restarts sent during this call, and the last media state reported. */
  iceRestarts: number;
  reported: string;
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
    this.connectedBefore = false;
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
    const record: CallRecord = { info, session, audio: null, muted: false, held: false, recovery: new MediaRecovery(), mediaTimer: null, iceRestarts: 0, reported: '' };
    this.calls.set(info.id, record);
    session.stateChange.addListener((state) => {
      if (state === SessionState.Established) {
        this.playRemote(record);
        this.emit({ type: 'established', id: info.id });
        this.watchMedia(record);
      } else if (state === SessionState.Terminated) {
        if (record.mediaTimer) clearTimeout(record.mediaTimer);
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
    const health = record.recovery.health;
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
    const inviter = new Inviter(ua, this.targetUri(number), { sessionDescriptionHandlerOptions: this.media() });
    const info: CallInfo = { id: inviter.id, direction: 'outbound', remoteNumber: number, remoteName: null };
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
