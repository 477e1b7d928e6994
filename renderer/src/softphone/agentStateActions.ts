import type { PhoneContext } from './phoneContext.js';
import type { SoftphoneState } from './softphoneState.js';

/** Ready, not ready (with a reason) or offline; on call and wrap-up are set by the calls themselves. */
export function agentStateActions(ctx: PhoneContext): Pick<SoftphoneState, 'setAgentState' | 'reconnect'> {
  const { set, get } = ctx;
  return {
    async setAgentState(state, reason = null) {
      const { agentState } = get();
      if (!ctx.engine || agentState === 'on_call' || agentState === 'wrap_up') return;
      if (state === 'offline') {
        set({ agentState: 'offline', notReadyReason: null, error: null });
        await ctx.act(() => ctx.engine?.setRegistered(false));
        return;
      }
      ctx.chosen = { state, reason: state === 'not_ready' ? reason : null };
      set({ agentState: state, notReadyReason: ctx.chosen.reason, error: null });
      if (agentState === 'offline' || get().registration.state !== 'registered') await ctx.act(() => ctx.engine?.setRegistered(true));
    },
    async reconnect() {
      // An agent who went offline stays offline; otherwise register again (the link is re-made if it dropped).
      if (!ctx.engine || get().agentState === 'offline') return;
      await ctx.act(() => ctx.engine?.setRegistered(true));
    },
  };
}
