import { createStore } from 'zustand/vanilla';
import { DEFAULT_AUDIO_DEVICES } from '../../../shared/audioDevices.js';
import type { SipAccount } from '../../../shared/seatConfig.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import { toErrorInfo } from '../bridge/errors.js';
import { agentStateActions } from './agentStateActions.js';
import { audioDeviceActions } from './audioDeviceActions.js';
import { callControl, type RejectedCalls } from './callControl.js';
import { callEvents } from './callEvents.js';
import { credentialRenewalMs, RENEWAL_RETRY_MS } from './credentialRenewal.js';
import { phoneContext } from './phoneContext.js';
import { idlePhone, noAudioChoice, type SoftphoneOptions, type SoftphoneState, type SoftphoneStore } from './softphoneState.js';
import { transferActions } from './transferActions.js';
import { wrapUpActions } from './wrapUpActions.js';

export {
  beginCall,
  NOT_READY_REASONS,
  type ActiveCall,
  type NotReadyReason,
  type SoftphoneOptions,
  type SoftphoneState,
  type SoftphoneStore,
} from './softphoneState.js';

/**
 * The softphone store: the phone's start and stop here, each concern in its own module (agent
 * state, call control and call events, transfer, audio devices, wrap-up and figures).
 */
export function createSoftphoneStore(bridge: WorkstationBridge, options: SoftphoneOptions): SoftphoneStore {
  return createStore<SoftphoneState>()((set, get) => {
    const ctx = phoneContext(bridge, options, set, get);
    const rejected: RejectedCalls = new Set();
    const events = callEvents(ctx, rejected);
    let unsubscribe: (() => void) | null = null;
    let generation = 0;
    let renewal: ReturnType<typeof setTimeout> | null = null;
    const stopRenewal = () => {
      if (renewal) clearTimeout(renewal);
      renewal = null;
    };
    /**
     * A short-lived credential is renewed before it expires (credentialRenewal.ts): the engine
     * answers later challenges with the fresh one and refreshes its registration. A renewal that
     * fails (backend out of reach) is tried again; the old credential works until its expiry.
     */
    const scheduleRenewal = (account: SipAccount, mine: number, delayMs?: number) => {
      stopRenewal();
      if (!account.credentialExpiresAt) return;
      const wait = delayMs ?? credentialRenewalMs(account.credentialExpiresAt, Date.now());
      renewal = setTimeout(() => {
        renewal = null;
        void bridge.call('softphone.account', {}).then(
          async (fresh) => {
            if (mine !== generation || !ctx.engine) return;
            if (!fresh) return;
            await ctx.engine.renewCredential(fresh);
            scheduleRenewal(fresh, mine);
          },
          () => {
            if (mine !== generation) return;
            const left = Date.parse(account.credentialExpiresAt!) - Date.now();
            // sooner while the credential still works; every 30 s once it has expired
            scheduleRenewal(account, mine, left > 2000 ? Math.min(RENEWAL_RETRY_MS, left / 2) : RENEWAL_RETRY_MS);
          },
        );
      }, wait);
    };

    return {
      ...idlePhone,
      audio: noAudioChoice,
      interactionsSaved: 0,
      ...agentStateActions(ctx),
      ...callControl(ctx, rejected),
      ...transferActions(ctx),
      ...audioDeviceActions(ctx),
      ...wrapUpActions(ctx),

      async start() {
        if (get().setup === 'loading' || get().setup === 'started') return;
        const mine = ++generation;
        set({ setup: 'loading', error: null });
        let account: SipAccount | null;
        try {
          account = await bridge.call('softphone.account', {});
        } catch (error) {
          if (mine !== generation) return;
          const info = toErrorInfo(error);
          set({ setup: 'error', error: info });
          // signed in offline: the agent's credential comes once the backend is reachable again
          if (info.code === 'backend_unreachable') {
            stopRenewal();
            renewal = setTimeout(() => {
              renewal = null;
              if (mine === generation) void get().start();
            }, RENEWAL_RETRY_MS);
          }
          return;
        }
        try {
          if (mine !== generation) return;
          if (!account) {
            set({ setup: 'none' });
            return;
          }
          const engine = options.createEngine();
          ctx.engine = engine;
          ctx.ringNoAnswerMs = options.ringNoAnswerMs ?? account.ringNoAnswerSeconds * 1000;
          unsubscribe = engine.subscribe(events.onEvent);
          ctx.chosen = { state: 'not_ready', reason: null };
          set({ setup: 'started', user: account.user, agentState: 'not_ready', notReadyReason: null });
          // The seat's devices before the first call can come; a failure leaves the defaults.
          const saved = await bridge.call('softphone.audioDevices', {}).catch(() => DEFAULT_AUDIO_DEVICES);
          if (mine !== generation) return;
          set({ audio: { ...get().audio, saved } });
          await get().refreshAudioDevices();
          void get().refreshFigures();
          await engine.start(account);
          scheduleRenewal(account, mine);
        } catch (error) {
          if (mine !== generation) return;
          set({ setup: 'error', error: toErrorInfo(error) });
        }
      },

      async stop() {
        generation++;
        stopRenewal();
        events.stop();
        const old = ctx.engine;
        ctx.engine = null;
        unsubscribe?.();
        unsubscribe = null;
        set(idlePhone);
        await old?.stop().catch(() => {});
      },
    };
  });
}
