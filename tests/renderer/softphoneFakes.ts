import type { SipAccount } from '../../shared/seatConfig.js';
import type { CallQuality } from '../../renderer/src/softphone/callQuality.js';
import type { CallInfo, DtmfTone, NumberPresentation, PhoneEngine, PhoneEvent, RegistrationStatus } from '../../renderer/src/softphone/phoneEngine.js';

export const SIP_ACCOUNT: SipAccount = {
  wsUrl: 'ws://127.0.0.1:5066',
  domain: '127.0.0.1',
  user: '1001',
  password: 'rig-1001-pw',
  iceServers: [],
  iceGatheringTimeoutMs: 500,
  ringNoAnswerSeconds: 20,
};

/** A SIP stack in memory: records what the store asks of it; the test plays the network's part. */
export class FakeEngine implements PhoneEngine {
  readonly log: string[] = [];
  started: SipAccount | null = null;
  stopped = false;
  registered = true;
  failNext: Error | null = null;
  private listeners = new Set<(e: PhoneEvent) => void>();
  private nextId = 1;

  subscribe(listener: (e: PhoneEvent) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(event: PhoneEvent) {
    for (const l of this.listeners) l(event);
  }
  registration(state: RegistrationStatus['state'], over: Partial<RegistrationStatus> = {}) {
    this.emit({ type: 'registration', status: { state, reason: null, code: null, retryAt: null, ...over } });
  }
  incoming(remoteNumber: string, remoteName: string | null = null, presentation: NumberPresentation = 'number'): string {
    const id = `in-${this.nextId++}`;
    this.emit({ type: 'incoming', call: { id, direction: 'inbound', remoteNumber, remoteName, presentation } });
    return id;
  }
  private check(what: string) {
    this.log.push(what);
    if (this.failNext) {
      const e = this.failNext;
      this.failNext = null;
      throw e;
    }
  }
  async start(account: SipAccount) {
    this.started = account;
  }
  async stop() {
    this.stopped = true;
  }
  renewed: SipAccount[] = [];
  async renewCredential(account: SipAccount) {
    this.renewed.push(account);
  }
  async setRegistered(on: boolean) {
    this.check(`registered ${on}`);
    this.registered = on;
  }
  ring(id: string) {
    this.log.push(`ring ${id}`);
  }
  async answer(id: string) {
    this.check(`answer ${id}`);
  }
  reject(id: string, code: number) {
    this.log.push(`reject ${id} ${code}`);
  }
  async hangup(id: string) {
    this.check(`hangup ${id}`);
  }
  setMuted(id: string, muted: boolean) {
    this.check(`mute ${id} ${muted}`);
  }
  async setHeld(id: string, held: boolean) {
    this.check(`hold ${id} ${held}`);
  }
  async sendDtmf(id: string, tone: DtmfTone): Promise<'rfc4733'> {
    this.check(`dtmf ${id} ${tone}`);
    return 'rfc4733';
  }
  dial(number: string): CallInfo {
    this.check(`dial ${number}`);
    return { id: `out-${this.nextId++}`, direction: 'outbound', remoteNumber: number, remoteName: null, presentation: 'number' };
  }
  nextQuality: CallQuality | null = null;
  async quality(id: string): Promise<CallQuality | null> {
    this.log.push(`quality ${id}`);
    return this.nextQuality;
  }
  async transfer(id: string, target: string) {
    this.check(`transfer ${id} ${target}`);
  }
  async conference(id: string, otherId: string) {
    this.check(`conference ${id} ${otherId}`);
  }
  async attendedTransfer(id: string, consultId: string) {
    this.check(`attended-transfer ${id} ${consultId}`);
  }
  devices: { microphoneId: string | null; speakerId: string | null } = { microphoneId: null, speakerId: null };
  setAudioDevices(devices: { microphoneId: string | null; speakerId: string | null }) {
    this.log.push(`devices ${devices.microphoneId ?? 'default'} ${devices.speakerId ?? 'default'}`);
    this.devices = devices;
  }
}
