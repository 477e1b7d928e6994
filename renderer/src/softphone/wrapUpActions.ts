import type { MethodInput } from '../../../shared/workstationApi.js';
import { normalisePhone } from '../../../shared/phone.js';
import { toErrorInfo } from '../bridge/errors.js';
import type { CallInfo, MissedReason } from './phoneEngine.js';
import type { PhoneContext } from './phoneContext.js';
import { seconds, type ActiveCall, type SoftphoneState } from './softphoneState.js';

/** A call was saved as an interaction: the card's contacts and the figures follow it. */
function interactionSaved(ctx: PhoneContext): void {
  ctx.set({ interactionsSaved: ctx.get().interactionsSaved + 1 });
  void ctx.get().refreshFigures();
}

/**
 * Why a call was missed, in the interaction's notes (the record has no field for it): machine-
 * stable words, shown as they are on the card's contacts.
 */
export const MISSED_NOTES: Record<MissedReason | 'rona', string> = {
  rona: 'missed: rang out unanswered (RONA)',
  late: 'missed: arrived too late to ring (link to the phone server was down)',
  unreachable: 'missed: the phone server could not reach this seat',
};

/** Calls that were never answered, saved on the customer they came from. */
export function unansweredCalls(ctx: PhoneContext) {
  const { bridge, set, now } = ctx;

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
    notes = '',
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
        notes,
      });
      interactionSaved(ctx);
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

  /**
   * A call that never rang here (refused late, or undeliverable while the link was down), as the
   * phone learnt of it: saved as missed with its reason on the caller's card, quietly (no pop).
   */
  const missedUnrung = async (info: CallInfo, at: number, reason: MissedReason) => {
    if (!info.remoteNumber || info.presentation !== 'number') return;
    try {
      const pop = await bridge.call('customers.screenPop', { phone: info.remoteNumber });
      const canonical = pop.phone ?? normalisePhone(info.remoteNumber);
      await recordUnanswered({ canonical, startedAt: at }, pop.card?.customer.id ?? null, at, 'missed', MISSED_NOTES[reason]);
    } catch {
      // the lookup failed: nothing to save it on
    }
  };

  return { recordUnanswered, turnedAway, missedUnrung };
}

/** After a call: the wrap-up (disposition, notes) saved as an interaction, and the agent's figures for today. */
export function wrapUpActions(ctx: PhoneContext): Pick<SoftphoneState, 'refreshFigures' | 'setDisposition' | 'setNotes' | 'submitWrapUp'> {
  const { bridge, set, get, now, options } = ctx;
  return {
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
      set({ wrapUp: null, agentState: ctx.chosen.state, notReadyReason: ctx.chosen.reason });
      interactionSaved(ctx);
      return true;
    },
  };
}
