/** The softphone's state and its parts: agent state, calls, wrap-up, audio devices (the store is built in softphoneStore.ts). */
import type { CustomerTag } from '../../../shared/domain/customerTags.js';
import type { StoreApi } from 'zustand/vanilla';
import { DEFAULT_AUDIO_DEVICES, type AudioDevices } from '../../../shared/audioDevices.js';
import type { AgentFiguresToday, Disposition } from '../../../shared/domain/interaction.js';
import { normalisePhone } from '../../../shared/phone.js';
import type { CustomerCard } from '../../../shared/workstationApi.js';
import type { ErrorInfo } from '../bridge/errors.js';
import type { AudioDevice, AudioRole, ResolvedAudioDevices } from './audioDevices.js';
import type { CallQuality } from './callQuality.js';
import type { MediaHealth } from './mediaRecovery.js';
import type { CallInfo, DtmfTone, PhoneEngine, RegistrationStatus } from './phoneEngine.js';
import type { AgentState } from '../../../shared/desktopLink.js';

/** The reasons an agent chooses; 'missed_call' is set by the phone (a call rang out unanswered: RONA). One list: the presence model's. */
export { CHOSEN_NOT_READY_REASONS as NOT_READY_REASONS, type NotReadyReason } from '../../../shared/domain/agentPresence.js';
import type { NotReadyReason } from '../../../shared/domain/agentPresence.js';

/** A call in progress (ringing, dialling or talking). Times in ms since the epoch. */
export interface ActiveCall extends CallInfo {
  phase: 'ringing' | 'dialing' | 'established';
  /** The number in canonical form, when it is a valid one. */
  canonical: string | null;
  /** The known customer on the line (screen pop, or the card the agent dialled from). */
  customerId: string | null;
  customerName: string | null;
  /** The known customer's tags (shared/domain/customerTags.ts), shown on the ringing call before answering. */
  customerTags: CustomerTag[];
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

interface WrapUp {
  call: ActiveCall;
  endedAt: number;
  disposition: Disposition | '';
  notes: string;
  pending: boolean;
  error: ErrorInfo | null;
}

type PhoneSetup = 'idle' | 'loading' | 'none' | 'started' | 'error';

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
  /** The customer and the consulted party hear each other and the agent (three-way call). */
  conferencing: boolean;
  wrapUp: WrapUp | null;
  audio: AudioDeviceState;
  /** The audio device settings are open in the phone bar (Alt+V). */
  devicesPanelOpen: boolean;
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
  /** Registers again now, unless the agent is offline (the PC woke up: the connection likely dropped). */
  reconnect(): Promise<void>;
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
  /** Or: all three together (customer off hold), until the consulted party leaves (cancelConsult). */
  startConference(): Promise<void>;
  /** Reads the connected audio devices again (at start, on devicechange, when the settings open). */
  refreshAudioDevices(): Promise<void>;
  /** Chooses a device for a role ('' : the system default); saved for the seat. */
  chooseAudioDevice(role: AudioRole, deviceId: string): Promise<void>;
  toggleDevicesPanel(): void;
  closeDevicesPanel(): void;
  refreshFigures(): Promise<void>;
  setDisposition(disposition: Disposition | ''): void;
  setNotes(notes: string): void;
  submitWrapUp(): Promise<boolean>;
  /** Reads the call's audio quality (called on a timer while talking). */
  refreshQuality(): Promise<void>;
}

export type SoftphoneStore = StoreApi<SoftphoneState>;

interface ScreenPop {
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
  /**
   * Ring-no-answer (RONA): a call ringing this long unanswered is given back (480, the proxy or
   * queue may try another agent), recorded as missed, and the agent set not ready ('missed_call')
   * so the next call does not ring an empty chair (ms; 0: never). Default: the seat's SIP
   * account (ringNoAnswerSeconds).
   */
  ringNoAnswerMs?: number;
  /** The browser's media devices (default: navigator.mediaDevices; absent: no device choice). */
  mediaDevices?: () => Pick<MediaDevices, 'enumerateDevices'> | undefined;
}

const idleRegistration: RegistrationStatus = { state: 'unregistered', reason: null, code: null, retryAt: null };

/** The phone before start() and after stop(): no account, no call, nothing remembered. */
export const idlePhone = {
  setup: 'idle',
  user: null,
  registration: idleRegistration,
  agentState: 'offline',
  notReadyReason: null,
  call: null,
  consult: null,
  transferring: false,
  conferencing: false,
  wrapUp: null,
  dialInput: '',
  error: null,
  figures: null,
  devicesPanelOpen: false,
} satisfies Partial<SoftphoneState>;

export const noAudioChoice: AudioDeviceState = {
  saved: DEFAULT_AUDIO_DEVICES,
  available: [],
  resolved: { microphoneId: null, speakerId: null, ringerId: null, missing: [] },
};

/** The SIP status code that turns away a call the agent cannot take now. */
export const BUSY_HERE = 486;
/** The SIP status code that gives back a call that rang out unanswered (RONA). */
export const TEMPORARILY_UNAVAILABLE = 480;

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
    customerTags: [],
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

/** Whole seconds of a duration in ms (never negative), as interactions record them. */
export const seconds = (ms: number) => Math.max(0, Math.round(ms / 1000));
