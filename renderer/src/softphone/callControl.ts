import { toErrorInfo } from '../bridge/errors.js';
import { cleanDialString } from './phoneEngine.js';
import type { PhoneContext } from './phoneContext.js';
import { beginCall, BUSY_HERE, type SoftphoneState } from './softphoneState.js';

/** Ringing calls the agent turned away (rather than the caller giving up), by call id. */
export type RejectedCalls = Set<string>;

/** The agent's hands on the call: answer or reject, hang up, mute, hold, tones, dialling, its audio quality. */
export function callControl(
  ctx: PhoneContext,
  rejected: RejectedCalls,
): Pick<SoftphoneState, 'answer' | 'reject' | 'hangup' | 'toggleMute' | 'toggleHold' | 'sendDtmf' | 'setDialInput' | 'dial' | 'refreshQuality'> {
  const { set, get, now } = ctx;
  return {
    async answer() {
      const { call } = get();
      if (!ctx.engine || !call || call.phase !== 'ringing' || call.direction !== 'inbound') return;
      set({ error: null });
      await ctx.act(() => ctx.engine?.answer(call.id));
    },

    reject() {
      const { call } = get();
      if (!ctx.engine || !call || call.phase !== 'ringing' || call.direction !== 'inbound') return;
      rejected.add(call.id);
      ctx.engine.reject(call.id, BUSY_HERE);
    },

    async hangup() {
      const { call, consult } = get();
      if (!ctx.engine || !call) return;
      // During a consult the agent talks to the consulted party: that is the call to end.
      if (consult) return get().cancelConsult();
      if (call.phase === 'ringing' && call.direction === 'inbound') rejected.add(call.id);
      await ctx.act(() => ctx.engine?.hangup(call.id));
    },

    toggleMute() {
      const { call } = get();
      if (!ctx.engine || !call || call.phase !== 'established') return;
      try {
        ctx.engine.setMuted(call.id, !call.muted);
        ctx.patchCall(call.id, { muted: !call.muted });
      } catch (error) {
        set({ error: toErrorInfo(error) });
      }
    },

    async toggleHold() {
      const { call } = get();
      if (!ctx.engine || !call || call.phase !== 'established') return;
      const held = !call.held;
      set({ error: null });
      await ctx.act(async () => {
        await ctx.engine?.setHeld(call.id, held);
        ctx.patchCall(call.id, { held });
      });
    },

    async sendDtmf(tone) {
      const { call, consult } = get();
      if (!ctx.engine || !call || call.phase !== 'established') return;
      if (consult) {
        // tones go to the party the agent is talking to (e.g. a colleague's voice menu)
        if (consult.phase === 'established') await ctx.act(() => ctx.engine?.sendDtmf(consult.id, tone));
        return;
      }
      ctx.patchCall(call.id, { dtmf: call.dtmf + tone });
      await ctx.act(() => ctx.engine?.sendDtmf(call.id, tone));
    },

    setDialInput(value) {
      set({ dialInput: value });
    },

    dial(number, customerId = null) {
      const target = cleanDialString(number ?? get().dialInput);
      const { agentState, call, wrapUp } = get();
      if (!ctx.engine || call || wrapUp || agentState === 'offline' || !target || target === '+') return;
      try {
        const info = ctx.engine.dial(target);
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

    async refreshQuality() {
      const { call } = get();
      if (!ctx.engine || !call || call.phase !== 'established') return;
      try {
        const quality = await ctx.engine.quality(call.id);
        if (quality) ctx.patchCall(call.id, { quality });
      } catch {
        // statistics are a nicety: a failed read changes nothing
      }
    },
  };
}
