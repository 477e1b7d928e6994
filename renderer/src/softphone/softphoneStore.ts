import { createStore, type StoreApi } from 'zustand/vanilla';
import { DEFAULT_AUDIO_DEVICES, type AudioDevices } from '../../../shared/audioDevices.js';
import type { AgentFiguresToday, Disposition } from '../../../shared/domain/interaction.js';
import { normalisePhone } from '../../../shared/phone.js';
import type { CustomerCard, MethodInput, WorkstationBridge } from '../../../shared/workstationApi.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';
import { KIND_OF_ROLE, resolveAudioDevices, type AudioDevice, type AudioRole, type ResolvedAudioDevices } from './audioDevices.js';
import type { CallQuality } from './callQuality.js';
import type { MediaHealth } from './mediaRecovery.js';
import { cleanDialString, type CallInfo, type DtmfTone, type PhoneEngine, type PhoneEvent, type RegistrationStatus } from './phoneEngine.js';

export type AgentState = 'offline' | 'ready' | 'not_ready' | 'on_call' | 'wrap_up';
export const NOT_READY_REASONS = ['break', 'meal', 'meeting', 'training', 'admin'] as const;
export type NotReadyReason = (typeof NOT_READY_REASONS)[number];

/** A call in progress (ringing, dialling or talking). Times in ms since the epoch. */
export interface ActiveCall extends CallInfo {
  phase: 'ringing' | 'dialing' | 'established';
  /** The number in canonical form, when it is a valid one. */
  canonical: string | null;
  /** The known customer on the line (screen pop, or the card the agent dialled from). */
  customerId: string | null;
  customerName: string | null;
  /** The screen pop is still being looked up. */
  popping: boolean;
  startedAt: number;
  answeredAt: number | null;
  muted: boolean;
  held: boolean;
  /** Digits sent during the call, in order. */
  dtmf: string;
  /** Audio quality, refreshed every few seconds while talking. */
  quality: CallQuality | null;
  /** The media path: 'reconnecting' while it is broken and being restored by ICE restarts. */
  media: MediaHealth;
  iceRestarts: number;
}

export interface WrapUp {
  call: ActiveCall;
  endedAt: number;
  disposition: Disposition | '';
  notes: string;
  pending: boolean;
  error: ErrorInfo | null;
}

export type PhoneSetup = 'idle' | 'loading' | 'none' | 'started' | 'error';

export interface AudioDeviceState {
  /** The seat's saved choice. */
  saved: AudioDevices;
  /** The devices connected now (audio in and out). */
  available: AudioDevice[];
  /** What is used now, after the fallback for devices that are gone. */
  resolved: ResolvedAudioDevices;
}

export interface SoftphoneState {
  setup: PhoneSetup;
  /** The seat's SIP user (extension), once known. */
  user: string | null;
  registration: RegistrationStatus;
  agentState: AgentState;
  notReadyReason: NotReadyReason | null;
  call: ActiveCall | null;
  /** The consult call of an attended transfer (the customer on hold meanwhile). */
  consult: ActiveCall | null;
  /** The attended transfer is being carried out (REFER sent). */
  transferring: boolean;
  wrapUp: WrapUp | null;
  audio: AudioDeviceState;
  /** The agent's figures for today (null: not read yet). */
  figures: AgentFiguresToday | null;
  /** Bumped every time a call is saved as an interaction (the card's contacts and the figures follow it). */
  interactionsSaved: number;
  dialInput: string;
  /** The last failed action (answer, dial, hold…), shown in the phone bar. */
  error: ErrorInfo | null;

  /** After login: fetches the seat's SIP account and starts the phone (no account: no phone). */
  start(): Promise<void>;
  /** At logout: unregisters and forgets everything. */
  stop(): Promise<void>;
  setAgentState(state: 'offline' | 'ready' | 'not_ready', reason?: NotReadyReason | null): Promise<void>;
  answer(): Promise<void>;
  reject(): void;
  hangup(): Promise<void>;
  toggleMute(): void;
  toggleHold(): Promise<void>;
  sendDtmf(tone: DtmfTone): Promise<void>;
  setDialInput(value: string): void;
  /** Calls a number (default: what is in the dial box); customerId when dialling from a card. */
  dial(number?: string, customerId?: string | null): void;
  transfer(target: string): Promise<void>;
  /** Attended transfer, step 1: the customer on hold, a call to the consulted party. */
  startConsult(target: string): Promise<void>;
  /** Step 2: the customer and the consulted party connected (REFER with Replaces), the agent leaves. */
  completeConsult(): Promise<void>;
  /** Or: the consult ends and the agent is back with the customer. */
  cancelConsult(): Promise<void>;
  /** Reads the connected audio devices again (at start, on devicechange, when the settings open). */
  refreshAudioDevices(): Promise<void>;
  /** Chooses a device for a role ('' : the system default); saved for the seat. */
  chooseAudioDevice(role: AudioRole, deviceId: string): Promise<void>;
  refreshFigures(): Promise<void>;
  setDisposition(disposition: Disposition | ''): void;
  setNotes(notes: string): void;
  submitWrapUp(): Promise<boolean>;
  /** Reads the call's audio quality (called on a timer while talking). */
  refreshQuality(): Promise<void>;
}

export type SoftphoneStore = StoreApi<SoftphoneState>;

export interface ScreenPop {
  /** The caller's number as signalled. */
  number: string;
  /** Canonical (E.164), or null when the number is not a valid phone number. */
  canonical: string | null;
  card: CustomerCard | null;
}

export interface SoftphoneOptions {
  createEngine: () => PhoneEngine;
  /** A call rings: show the caller (the card, or the new-customer form prefilled). */
  onScreenPop?: (pop: ScreenPop) => void;
  /** The customer on screen now (for a call from an unknown number registered during the call). */
  currentCustomerId?: () => string | null;
  now?: () => number;
  /** How often the call quality is read while talking (ms); 0: never. */
  qualityIntervalMs?: number;
  /** The browser's media devices (default: navigator.mediaDevices; absent: no device choice). */
  mediaDevices?: () => Pick<MediaDevices, 'enumerateDevices'> | undefined;
}

const idleRegistration: RegistrationStatus = { state: 'unregistered', reason: null, code: null, retryAt: null };

/** The phone before start() and after stop(): no account, no call, nothing remembered. */
const idlePhone = {
  setup: 'idle',
  user: null,
  registration: idleRegistration,
  agentState: 'offline',
  notReadyReason: null,
  call: null,
  consult: null,
  transferring: false,
  wrapUp: null,
  dialInput: '',
  error: null,
  figures: null,
} satisfies Partial<SoftphoneState>;

const noAudioChoice: AudioDeviceState = {
  saved: DEFAULT_AUDIO_DEVICES,
  available: [],
  resolved: { microphoneId: null, speakerId: null, ringerId: null, missing: [] },
};

/** The SIP status code that turns away a call the agent cannot take now. */
export const BUSY_HERE = 486;

/**
 * A call as it begins, ringing in or dialled out: its number in canonical form, nothing answered,
 * muted, held, sent or measured yet. `known` is what is already known of the other party.
 */
export function beginCall(
  info: CallInfo,
  phase: 'ringing' | 'dialing',
  number: string,
  startedAt: number,
  known: Partial<Pick<ActiveCall, 'customerId' | 'customerName' | 'popping'>> = {},
): ActiveCall {
  return {
    ...info,
    phase,
    canonical: normalisePhone(number),
    customerId: null,
    customerName: null,
    popping: false,
    ...known,
    startedAt,
    answeredAt: null,
    muted: false,
    held: false,
    dtmf: '',
    quality: null,
    media: 'ok',
    iceRestarts: 0,
  };
}

const seconds = (ms: number) => Math.max(0, Math.round(ms / 1000));

function browserMediaDevices(): Pick<MediaDevices, 'enumerateDevices'> | undefined {
  return typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
}

export function createSoftphoneStore(bridge: WorkstationBridge, options: SoftphoneOptions): SoftphoneStore {
  const now = options.now ?? Date.now;
  return createStore<SoftphoneState>()((set, get) => {
    let engine: PhoneEngine | null = null;
    let unsubscribe: (() => void) | null = null;
    /** The agent's own choice to go back to after a call and its wrap-up. */
    let chosen: { state: 'ready' | 'not_ready'; reason: NotReadyReason | null } = { state: 'not_ready', reason: null };
    let generation = 0;
    let qualityTimer: ReturnType<typeof setInterval> | null = null;
    const stopQuality = () => {
      if (qualityTimer) clearInterval(qualityTimer);
      qualityTimer = null;
    };
    const qualityEvery = options.qualityIntervalMs ?? 2000;
    const mediaDevices = options.mediaDevices ?? browserMediaDevices;
    /** Screen pops in flight, by call id: an unanswered call is saved on the customer its pop finds. */
    const pops = new Map<string, Promise<string | null>>();
    /** Ringing calls the agent turned away (rather than the caller giving up). */
    const rejected = new Set<string>();

    const interactionSaved = () => {
      set({ interactionsSaved: get().interactionsSaved + 1 });
      void get().refreshFigures();
    };

    /**
     * A call that rang and ended unanswered, saved on the customer (offline-safe, like a wrap-up)
     * with its ring time, so the card shows who tried to reach us. Unknown numbers have no card to
     * show it on and are not kept.
     */
    const recordUnanswered = async (
      call: Pick<ActiveCall, 'canonical' | 'startedAt'>,
      customerId: string | null,
      endedAt: number,
      disposition: 'missed' | 'turned_away',
    ) => {
      if (!customerId) return;
      try {
        await bridge.call('interactions.record', {
          customerId,
          direction: 'inbound',
          remoteNumber: call.canonical,
          startedAt: new Date(call.startedAt).toISOString(),
          ringSeconds: seconds(endedAt - call.startedAt),
          talkSeconds: 0,
          wrapUpSeconds: 0,
          disposition,
          notes: '',
        });
        interactionSaved();
      } catch (error) {
        set({ error: toErrorInfo(error) });
      }
    };

    /** A call turned away without ringing (not ready, wrap-up, busy): looked up quietly, no screen pop. */
    const turnedAway = async (info: CallInfo) => {
      if (!info.remoteNumber) return;
      const at = now();
      try {
        const pop = await bridge.call('customers.screenPop', { phone: info.remoteNumber });
        const canonical = pop.phone ?? normalisePhone(info.remoteNumber);
        await recordUnanswered({ canonical, startedAt: at }, pop.card?.customer.id ?? null, at, 'turned_away');
      } catch {
        // the lookup failed: nothing to save it on
      }
    };

    const resumeCustomer = async () => {
      const { call } = get();
      if (!engine || !call || call.phase !== 'established' || !call.held) return;
      await act(async () => {
        await engine?.setHeld(call.id, false);
        patchCall(call.id, { held: false });
      });
    };

    const applyAudio = (saved: AudioDevices, available: AudioDevice[]) => {
      const resolved = resolveAudioDevices(saved, available);
      set({ audio: { saved, available, resolved } });
      engine?.setAudioDevices({ microphoneId: resolved.microphoneId, speakerId: resolved.speakerId });
    };

    const patchCall = (id: string, patch: Partial<ActiveCall>) => {
      const { call } = get();
      if (call?.id === id) set({ call: { ...call, ...patch } });
    };

    const screenPop = async (call: ActiveCall): Promise<string | null> => {
      if (!call.remoteNumber) {
        patchCall(call.id, { popping: false });
        return null;
      }
      try {
        const pop = await bridge.call('customers.screenPop', { phone: call.remoteNumber });
        if (get().call?.id !== call.id) return pop.card?.customer.id ?? null;
        patchCall(call.id, {
          popping: false,
          canonical: pop.phone ?? call.canonical,
          customerId: pop.card?.customer.id ?? null,
          customerName: pop.card?.customer.name ?? null,
        });
        options.onScreenPop?.({ number: call.remoteNumber, canonical: pop.phone, card: pop.card });
        return pop.card?.customer.id ?? null;
      } catch (error) {
        patchCall(call.id, { popping: false });
        set({ error: toErrorInfo(error) });
        return null;
      }
    };

    const onEvent = (event: PhoneEvent) => {
      const { call } = get();
      switch (event.type) {
        case 'registration':
          set({ registration: event.status });
          break;
        case 'incoming': {
          const { agentState } = get();
          if (agentState !== 'ready' || call || get().wrapUp) {
            // not_ready, wrap_up, on_call (or offline): busy here, the call goes elsewhere
            engine?.reject(event.call.id, BUSY_HERE);
            void turnedAway(event.call);
            return;
          }
          const ringing = beginCall(event.call, 'ringing', event.call.remoteNumber, now(), { popping: true });
          set({ call: ringing, error: null });
          engine?.ring(ringing.id);
          pops.set(ringing.id, screenPop(ringing));
          break;
        }
        case 'media':
          patchCall(event.id, { media: event.health, iceRestarts: event.iceRestarts });
          break;
        case 'established': {
          const { consult } = get();
          if (consult?.id === event.id) {
            set({ consult: { ...consult, phase: 'established', answeredAt: now() } });
            break;
          }
          if (call?.id === event.id) {
            set({ call: { ...call, phase: 'established', answeredAt: now() }, agentState: 'on_call' });
            stopQuality();
            if (qualityEvery > 0) qualityTimer = setInterval(() => void get().refreshQuality(), qualityEvery);
          }
          break;
        }
        case 'terminated': {
          const { consult, transferring } = get();
          if (consult?.id === event.id) {
            // the consult ended (cancelled, or the consulted party hung up or never answered): back to the customer
            set({ consult: null });
            if (!transferring) void resumeCustomer();
            return;
          }
          if (call?.id !== event.id) return;
          stopQuality();
          const endedAt = now();
          const talked = call.answeredAt !== null;
          if (consult && !transferring) {
            // the customer left during the consult: it was about them, so it ends too
            void engine?.hangup(consult.id).catch(() => {});
            set({ consult: null });
          }
          if (talked || call.direction === 'outbound') {
            const disposition = transferring ? 'transferred' : '';
            set({ call: null, agentState: 'wrap_up', wrapUp: { call, endedAt, disposition, notes: '', pending: false, error: null } });
          } else {
            // missed or turned away before answering: no wrap-up, straight back to the agent's state
            set({ call: null, agentState: chosen.state, notReadyReason: chosen.reason });
            const disposition = rejected.delete(call.id) ? 'turned_away' : 'missed';
            const customerId = pops.get(call.id) ?? Promise.resolve(call.customerId);
            void customerId.then((id) => recordUnanswered(call, id ?? call.customerId, endedAt, disposition));
          }
          pops.delete(call.id);
          break;
        }
      }
    };

    const act = async (what: () => Promise<unknown> | unknown) => {
      try {
        await what();
      } catch (error) {
        set({ error: toErrorInfo(error) });
      }
    };

    return {
      ...idlePhone,
      audio: noAudioChoice,
      interactionsSaved: 0,

      async start() {
        if (get().setup === 'loading' || get().setup === 'started') return;
        const mine = ++generation;
        set({ setup: 'loading', error: null });
        try {
          const account = await bridge.call('softphone.account', {});
          if (mine !== generation) return;
          if (!account) {
            set({ setup: 'none' });
            return;
          }
          engine = options.createEngine();
          unsubscribe = engine.subscribe(onEvent);
          chosen = { state: 'not_ready', reason: null };
          set({ setup: 'started', user: account.user, agentState: 'not_ready', notReadyReason: null });
          // The seat's devices before the first call can come; a failure leaves the defaults.
          const saved = await bridge.call('softphone.audioDevices', {}).catch(() => DEFAULT_AUDIO_DEVICES);
          if (mine !== generation) return;
          set({ audio: { ...get().audio, saved } });
          await get().refreshAudioDevices();
          void get().refreshFigures();
          await engine.start(account);
        } catch (error) {
          if (mine !== generation) return;
          set({ setup: 'error', error: toErrorInfo(error) });
        }
      },

      async stop() {
        generation++;
        stopQuality();
        const old = engine;
        engine = null;
        unsubscribe?.();
        unsubscribe = null;
        set(idlePhone);
        await old?.stop().catch(() => {});
      },

      async setAgentState(state, reason = null) {
        const { agentState } = get();
        if (!engine || agentState === 'on_call' || agentState === 'wrap_up') return;
        if (state === 'offline') {
          set({ agentState: 'offline', notReadyReason: null, error: null });
          await act(() => engine?.setRegistered(false));
          return;
        }
        chosen = { state, reason: state === 'not_ready' ? reason : null };
        set({ agentState: state, notReadyReason: chosen.reason, error: null });
        if (agentState === 'offline' || get().registration.state !== 'registered') await act(() => engine?.setRegistered(true));
      },

      async answer() {
        const { call } = get();
        if (!engine || !call || call.phase !== 'ringing' || call.direction !== 'inbound') return;
        set({ error: null });
        await act(() => engine?.answer(call.id));
      },

      reject() {
        const { call } = get();
        if (!engine || !call || call.phase !== 'ringing' || call.direction !== 'inbound') return;
        rejected.add(call.id);
        engine.reject(call.id, BUSY_HERE);
      },

      async hangup() {
        const { call, consult } = get();
        if (!engine || !call) return;
        // During a consult the agent talks to the consulted party: that is the call to end.
        if (consult) return get().cancelConsult();
        if (call.phase === 'ringing' && call.direction === 'inbound') rejected.add(call.id);
        await act(() => engine?.hangup(call.id));
      },

      toggleMute() {
        const { call } = get();
        if (!engine || !call || call.phase !== 'established') return;
        try {
          engine.setMuted(call.id, !call.muted);
          patchCall(call.id, { muted: !call.muted });
        } catch (error) {
          set({ error: toErrorInfo(error) });
        }
      },

      async toggleHold() {
        const { call } = get();
        if (!engine || !call || call.phase !== 'established') return;
        const held = !call.held;
        set({ error: null });
        await act(async () => {
          await engine?.setHeld(call.id, held);
          patchCall(call.id, { held });
        });
      },

      async sendDtmf(tone) {
        const { call, consult } = get();
        if (!engine || !call || call.phase !== 'established') return;
        if (consult) {
          // tones go to the party the agent is talking to (e.g. a colleague's voice menu)
          if (consult.phase === 'established') await act(() => engine?.sendDtmf(consult.id, tone));
          return;
        }
        patchCall(call.id, { dtmf: call.dtmf + tone });
        await act(() => engine?.sendDtmf(call.id, tone));
      },

      setDialInput(value) {
        set({ dialInput: value });
      },

      dial(number, customerId = null) {
        const target = cleanDialString(number ?? get().dialInput);
        const { agentState, call, wrapUp } = get();
        if (!engine || call || wrapUp || agentState === 'offline' || !target || target === '+') return;
        try {
          const info = engine.dial(target);
          set({
            error: null,
            agentState: 'on_call',
            dialInput: number === undefined ? '' : get().dialInput,
            call: beginCall(info, 'dialing', target, now(), { customerId }),
          });
        } catch (error) {
          set({ error: toErrorInfo(error) });
        }
      },

      async transfer(target) {
        const { call, consult } = get();
        const to = cleanDialString(target);
        if (!engine || !call || call.phase !== 'established' || consult || !to) return;
        set({ error: null });
        await act(() => engine?.transfer(call.id, to));
      },

      async startConsult(target) {
        const { call, consult } = get();
        const to = cleanDialString(target);
        if (!engine || !call || call.phase !== 'established' || consult || !to || to === '+') return;
        set({ error: null });
        try {
          if (!call.held) {
            await engine.setHeld(call.id, true);
            patchCall(call.id, { held: true });
          }
          const info = engine.dial(to);
          set({ consult: beginCall(info, 'dialing', to, now()) });
        } catch (error) {
          set({ error: toErrorInfo(error) });
          await resumeCustomer();
        }
      },

      async completeConsult() {
        const { call, consult, transferring } = get();
        if (!engine || !call || !consult || consult.phase !== 'established' || transferring) return;
        set({ transferring: true, error: null });
        try {
          await engine.attendedTransfer(call.id, consult.id);
        } catch (error) {
          set({ error: toErrorInfo(error) });
        } finally {
          set({ transferring: false });
        }
      },

      async cancelConsult() {
        const { consult, transferring } = get();
        if (!engine || !consult || transferring) return;
        // its 'terminated' event brings the customer back off hold
        await act(() => engine?.hangup(consult.id));
      },

      async refreshAudioDevices() {
        let available: AudioDevice[] = [];
        try {
          const listed = (await mediaDevices()?.enumerateDevices()) ?? [];
          available = listed.filter((d) => d.kind === 'audioinput' || d.kind === 'audiooutput').map((d) => ({ deviceId: d.deviceId, kind: d.kind, label: d.label }));
        } catch {
          // no device list (no permission, no media support): the defaults are used
        }
        applyAudio(get().audio.saved, available);
      },

      async chooseAudioDevice(role, deviceId) {
        const { audio } = get();
        const device = audio.available.find((d) => d.deviceId === deviceId && d.kind === KIND_OF_ROLE[role]);
        const saved: AudioDevices = { ...audio.saved, [role]: device ? { deviceId, label: device.label } : null };
        applyAudio(saved, audio.available);
        await act(() => bridge.call('softphone.setAudioDevices', saved));
      },

      async refreshFigures() {
        try {
          set({ figures: await bridge.call('agent.figuresToday', {}) });
        } catch {
          // figures are a nicety: the last ones stay
        }
      },

      setDisposition(disposition) {
        const { wrapUp } = get();
        if (wrapUp) set({ wrapUp: { ...wrapUp, disposition, error: null } });
      },

      setNotes(notes) {
        const { wrapUp } = get();
        if (wrapUp) set({ wrapUp: { ...wrapUp, notes } });
      },

      async refreshQuality() {
        const { call } = get();
        if (!engine || !call || call.phase !== 'established') return;
        try {
          const quality = await engine.quality(call.id);
          if (quality) patchCall(call.id, { quality });
        } catch {
          // statistics are a nicety: a failed read changes nothing
        }
      },

      async submitWrapUp() {
        const { wrapUp } = get();
        if (!wrapUp || wrapUp.pending) return false;
        if (!wrapUp.disposition) {
          set({ wrapUp: { ...wrapUp, error: { code: 'bad_input', message: 'disposition: choose how the call ended' } } });
          return false;
        }
        const { call, endedAt } = wrapUp;
        const customerId = call.customerId ?? options.currentCustomerId?.() ?? null;
        const input: MethodInput<'interactions.record'> = {
          customerId,
          direction: call.direction,
          remoteNumber: call.canonical,
          startedAt: new Date(call.startedAt).toISOString(),
          ringSeconds: seconds((call.answeredAt ?? endedAt) - call.startedAt),
          talkSeconds: call.answeredAt === null ? 0 : seconds(endedAt - call.answeredAt),
          wrapUpSeconds: seconds(now() - endedAt),
          disposition: wrapUp.disposition,
          notes: wrapUp.notes.trim(),
        };
        set({ wrapUp: { ...wrapUp, pending: true, error: null } });
        try {
          await bridge.call('interactions.record', input);
        } catch (error) {
          const current = get().wrapUp;
          if (current) set({ wrapUp: { ...current, pending: false, error: toErrorInfo(error) } });
          return false;
        }
        set({ wrapUp: null, agentState: chosen.state, notReadyReason: chosen.reason });
        interactionSaved();
        return true;
      },
    };
  });
}
