import { toErrorInfo } from '../bridge/errors.js';
import type { RejectedCalls } from './callControl.js';
import type { PhoneEvent } from './phoneEngine.js';
import type { PhoneContext } from './phoneContext.js';
import { beginCall, BUSY_HERE, TEMPORARILY_UNAVAILABLE, type ActiveCall } from './softphoneState.js';
import { resumeCustomer } from './transferActions.js';
import { MISSED_NOTES, unansweredCalls } from './wrapUpActions.js';

/** The phone's events applied to the store: registration, a call ringing in (with its screen pop), answered, ended, its media health. */
export function callEvents(ctx: PhoneContext, rejected: RejectedCalls) {
  const { bridge, options, set, get, now } = ctx;
  const { recordUnanswered, turnedAway, missedUnrung } = unansweredCalls(ctx);
  /** Calls given back after ringing out unanswered (RONA), with their ring timers. */
  const ronaTimers = new Map<string, ReturnType<typeof setTimeout>>();
  const ringedOut = new Set<string>();
  const clearRona = (id: string) => {
    const timer = ronaTimers.get(id);
    if (timer) clearTimeout(timer);
    ronaTimers.delete(id);
  };
  /** Screen pops in flight, by call id: an unanswered call is saved on the customer its pop finds. */
  const pops = new Map<string, Promise<string | null>>();
  let qualityTimer: ReturnType<typeof setInterval> | null = null;
  const qualityEvery = options.qualityIntervalMs ?? 2000;

  const stopQuality = () => {
    if (qualityTimer) clearInterval(qualityTimer);
    qualityTimer = null;
  };

  const screenPop = async (call: ActiveCall): Promise<string | null> => {
    // a withheld or unavailable number: nobody to look up, no form to prefill
    if (!call.remoteNumber || call.presentation !== 'number') {
      ctx.patchCall(call.id, { popping: false });
      return null;
    }
    try {
      const pop = await bridge.call('customers.screenPop', { phone: call.remoteNumber });
      if (get().call?.id !== call.id) return pop.card?.customer.id ?? null;
      ctx.patchCall(call.id, {
        popping: false,
        canonical: pop.phone ?? call.canonical,
        customerId: pop.card?.customer.id ?? null,
        customerName: pop.card?.customer.name ?? null,
        customerTags: pop.card?.customer.tags ?? [],
      });
      options.onScreenPop?.({ number: call.remoteNumber, canonical: pop.phone, card: pop.card });
      return pop.card?.customer.id ?? null;
    } catch (error) {
      ctx.patchCall(call.id, { popping: false });
      set({ error: toErrorInfo(error) });
      return null;
    }
  };

  const onEvent = (event: PhoneEvent) => {
    const { call } = get();
    const engine = ctx.engine;
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
        const ringing = beginCall(event.call, 'ringing', event.call.remoteNumber, now(), { popping: event.call.presentation === 'number' });
        set({ call: ringing, error: null });
        engine?.ring(ringing.id);
        pops.set(ringing.id, screenPop(ringing));
        if (ctx.ringNoAnswerMs > 0) {
          ronaTimers.set(
            ringing.id,
            setTimeout(() => {
              ronaTimers.delete(ringing.id);
              if (get().call?.id !== ringing.id || get().call?.phase !== 'ringing') return;
              ringedOut.add(ringing.id);
              // from now on the agent is not ready: the terminated event goes back to this state
              ctx.chosen = { state: 'not_ready', reason: 'missed_call' };
              engine?.reject(ringing.id, TEMPORARILY_UNAVAILABLE);
            }, ctx.ringNoAnswerMs),
          );
        }
        break;
      }
      case 'missed':
        void missedUnrung(event.call, event.at, event.reason);
        break;
      case 'media':
        ctx.patchCall(event.id, { media: event.health, iceRestarts: event.iceRestarts });
        break;
      case 'established': {
        clearRona(event.id);
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
          set({ consult: null, conferencing: false });
          if (!transferring) void resumeCustomer(ctx);
          return;
        }
        if (call?.id !== event.id) return;
        clearRona(event.id);
        stopQuality();
        const endedAt = now();
        const talked = call.answeredAt !== null;
        if (consult && !transferring) {
          // the customer left during the consult: it was about them, so it ends too
          void engine?.hangup(consult.id).catch(() => {});
          set({ consult: null, conferencing: false });
        }
        if (talked || call.direction === 'outbound') {
          const disposition = transferring ? 'transferred' : '';
          set({ call: null, agentState: 'wrap_up', wrapUp: { call, endedAt, disposition, notes: '', pending: false, error: null } });
        } else {
          // missed or turned away before answering: no wrap-up, straight back to the agent's state
          set({ call: null, agentState: ctx.chosen.state, notReadyReason: ctx.chosen.reason });
          const disposition = rejected.delete(call.id) ? 'turned_away' : 'missed';
          const notes = ringedOut.delete(call.id) ? MISSED_NOTES.rona : '';
          const customerId = pops.get(call.id) ?? Promise.resolve(call.customerId);
          void customerId.then((id) => recordUnanswered(call, id ?? call.customerId, endedAt, disposition, notes));
        }
        pops.delete(call.id);
        break;
      }
    }
  };

  const stop = () => {
    stopQuality();
    for (const id of [...ronaTimers.keys()]) clearRona(id);
  };

  return { onEvent, stop };
}
