import { toErrorInfo } from '../bridge/errors.js';
import { cleanDialString } from './phoneEngine.js';
import type { PhoneContext } from './phoneContext.js';
import { beginCall, type SoftphoneState } from './softphoneState.js';

/** Takes the customer off hold after a consult that ended without a transfer. */
export async function resumeCustomer(ctx: PhoneContext): Promise<void> {
  const { call } = ctx.get();
  if (!ctx.engine || !call || call.phase !== 'established' || !call.held) return;
  await ctx.act(async () => {
    await ctx.engine?.setHeld(call.id, false);
    ctx.patchCall(call.id, { held: false });
  });
}

/** Blind transfer (REFER) and attended transfer: consult, then transfer now or back to the customer. */
export function transferActions(ctx: PhoneContext): Pick<SoftphoneState, 'transfer' | 'startConsult' | 'completeConsult' | 'cancelConsult' | 'startConference'> {
  const { set, get, now } = ctx;
  return {
    async transfer(target) {
      const { call, consult } = get();
      const to = cleanDialString(target);
      if (!ctx.engine || !call || call.phase !== 'established' || consult || !to) return;
      set({ error: null });
      await ctx.act(() => ctx.engine?.transfer(call.id, to));
    },

    async startConsult(target) {
      const { call, consult } = get();
      const to = cleanDialString(target);
      const engine = ctx.engine;
      if (!engine || !call || call.phase !== 'established' || consult || !to || to === '+') return;
      set({ error: null });
      try {
        if (!call.held) {
          await engine.setHeld(call.id, true);
          ctx.patchCall(call.id, { held: true });
        }
        const info = engine.dial(to);
        set({ consult: beginCall(info, 'dialing', to, now()) });
      } catch (error) {
        set({ error: toErrorInfo(error) });
        await resumeCustomer(ctx);
      }
    },

    async completeConsult() {
      const { call, consult, transferring } = get();
      const engine = ctx.engine;
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

    async startConference() {
      const { call, consult, transferring, conferencing } = get();
      const engine = ctx.engine;
      if (!engine || !call || !consult || consult.phase !== 'established' || transferring || conferencing) return;
      set({ error: null });
      await ctx.act(async () => {
        await engine.conference(call.id, consult.id);
        ctx.patchCall(call.id, { held: false });
        set({ conferencing: true });
      });
    },

    async cancelConsult() {
      const { consult, transferring } = get();
      if (!ctx.engine || !consult || transferring) return;
      // its 'terminated' event brings the customer back off hold
      await ctx.act(() => ctx.engine?.hangup(consult.id));
    },
  };
}
