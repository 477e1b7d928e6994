import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { toErrorInfo } from '../bridge/errors.js';
import type { PhoneEngine } from './phoneEngine.js';
import type { ActiveCall, NotReadyReason, SoftphoneOptions, SoftphoneState } from './softphoneState.js';

/** What the softphone store's parts share: the bridge, the running engine and the agent's chosen state. */
export interface PhoneContext {
  bridge: WorkstationBridge;
  options: SoftphoneOptions;
  now: () => number;
  set(patch: Partial<SoftphoneState>): void;
  get(): SoftphoneState;
  /** The running phone; null before start() and after stop(). */
  engine: PhoneEngine | null;
  /** The agent's own choice to go back to after a call and its wrap-up. */
  chosen: { state: 'ready' | 'not_ready'; reason: NotReadyReason | null };
  /** Ring-no-answer time (ms; 0: never): the store's option, else the seat's SIP account. */
  ringNoAnswerMs: number;
  /** Runs a phone action; a failure becomes the phone bar's error. */
  act(what: () => Promise<unknown> | unknown): Promise<void>;
  /** Changes the current call, if it is still this one. */
  patchCall(id: string, patch: Partial<ActiveCall>): void;
}

export function phoneContext(
  bridge: WorkstationBridge,
  options: SoftphoneOptions,
  set: (patch: Partial<SoftphoneState>) => void,
  get: () => SoftphoneState,
): PhoneContext {
  return {
    bridge,
    options,
    now: options.now ?? Date.now,
    set,
    get,
    engine: null,
    chosen: { state: 'not_ready', reason: null },
    ringNoAnswerMs: options.ringNoAnswerMs ?? 20_000,
    async act(what) {
      try {
        await what();
      } catch (error) {
        set({ error: toErrorInfo(error) });
      }
    },
    patchCall(id, patch) {
      const { call } = get();
      if (call?.id === id) set({ call: { ...call, ...patch } });
    },
  };
}
