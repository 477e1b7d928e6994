import { createStore, type StoreApi } from 'zustand/vanilla';
import type { Disposition } from '../../../shared/domain/interaction.js';
import { normalisePhone } from '../../../shared/phone.js';
import type { CustomerCard, MethodInput, WorkstationBridge } from '../../../shared/workstationApi.js';
import { toErrorInfo, type ErrorInfo } from '../bridge/errors.js';
import type { CallQuality } from './callQuality.js';
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

export interface SoftphoneState {
  setup: PhoneSetup;
  /** The seat's SIP user (extension), once known. */
  user: string | null;
  registration: RegistrationStatus;
  agentState: AgentState;
  notReadyReason: NotReadyReason | null;
  call: ActiveCall | null;
  wrapUp: WrapUp | null;
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
  wrapUp: null,
  dialInput: '',
  error: null,
} satisfies Partial<SoftphoneState>;

/** The SIP status code that turns away a call the agent cannot take now. */
export const BUSY_HERE = 486;

const seconds = (ms: number) => Math.max(0, Math.round(ms / 1000));

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

    const patchCall = (id: string, patch: Partial<ActiveCall>) => {
      const { call } = get();
      if (call?.id === id) set({ call: { ...call, ...patch } });
    };

    const screenPop = async (call: ActiveCall) => {
      if (!call.remoteNumber) {
        patchCall(call.id, { popping: false });
        return;
      }
      try {
        const pop = await bridge.call('customers.screenPop', { phone: call.remoteNumber });
        if (get().call?.id !== call.id) return;
        patchCall(call.id, {
          popping: false,
          canonical: pop.phone ?? call.canonical,
          customerId: pop.card?.customer.id ?? null,
          customerName: pop.card?.customer.name ?? null,
        });
        options.onScreenPop?.({ number: call.remoteNumber, canonical: pop.phone, card: pop.card });
      } catch (error) {
        patchCall(call.id, { popping: false });
        set({ error: toErrorInfo(error) });
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
            return;
          }
          const ringing: ActiveCall = {
            ...event.call,
            phase: 'ringing',
            canonical: normalisePhone(event.call.remoteNumber),
            customerId: null,
            customerName: null,
            popping: true,
            startedAt: now(),
            answeredAt: null,
            muted: false,
            held: false,
            dtmf: '',
            quality: null,
          };
          set({ call: ringing, error: null });
          engine?.ring(ringing.id);
          void screenPop(ringing);
          break;
        }
        case 'established':
          if (call?.id === event.id) {
            set({ call: { ...call, phase: 'established', answeredAt: now() }, agentState: 'on_call' });
            stopQuality();
            if (qualityEvery > 0) qualityTimer = setInterval(() => void get().refreshQuality(), qualityEvery);
          }
          break;
        case 'terminated': {
          if (call?.id !== event.id) return;
          stopQuality();
          const talked = call.answeredAt !== null;
          if (talked || call.direction === 'outbound') {
            set({ call: null, agentState: 'wrap_up', wrapUp: { call, endedAt: now(), disposition: '', notes: '', pending: false, error: null } });
          } else {
            // missed or turned away before answering: straight back to the agent's state
            set({ call: null, agentState: chosen.state, notReadyReason: chosen.reason });
          }
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
        engine.reject(call.id, BUSY_HERE);
      },

      async hangup() {
        const { call } = get();
        if (!engine || !call) return;
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
        const { call } = get();
        if (!engine || !call || call.phase !== 'established') return;
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
            call: {
              ...info,
              phase: 'dialing',
              canonical: normalisePhone(target),
              customerId,
              customerName: null,
              popping: false,
              startedAt: now(),
              answeredAt: null,
              muted: false,
              held: false,
              dtmf: '',
              quality: null,
            },
          });
        } catch (error) {
          set({ error: toErrorInfo(error) });
        }
      },

      async transfer(target) {
        const { call } = get();
        const to = cleanDialString(target);
        if (!engine || !call || call.phase !== 'established' || !to) return;
        set({ error: null });
        await act(() => engine?.transfer(call.id, to));
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
        return true;
      },
    };
  });
}
