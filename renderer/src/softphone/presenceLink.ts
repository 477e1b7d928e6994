import { PRESENCE_HEARTBEAT_MS, type PresenceReport } from '../../../shared/domain/agentPresence.js';
import type { WorkstationBridge } from '../../../shared/workstationApi.js';
import type { AppStores } from '../app/stores.js';
import type { ActiveCall, SoftphoneState } from './softphoneState.js';

/** The agent's presence as the softphone shows it, without `since` (shared/domain/agentPresence.ts). */
export function presenceOf(phone: Pick<SoftphoneState, 'setup' | 'agentState' | 'notReadyReason' | 'call' | 'wrapUp'>): Omit<PresenceReport, 'since'> {
  const callOf = (call: ActiveCall) => ({
    startedAt: new Date(call.answeredAt ?? call.startedAt).toISOString(),
    direction: call.direction,
    customerId: call.customerId,
    customerName: call.customerName,
  });
  if (phone.setup !== 'started') return { state: 'offline', reason: null, call: null };
  if (phone.call?.phase === 'ringing' && phone.call.direction === 'inbound') return { state: 'ringing', reason: null, call: callOf(phone.call) };
  if (phone.call) return { state: 'on_call', reason: null, call: callOf(phone.call) };
  if (phone.wrapUp) return { state: 'wrap_up', reason: null, call: callOf(phone.wrapUp.call) };
  if (phone.agentState === 'on_call' || phone.agentState === 'wrap_up') return { state: phone.agentState, reason: null, call: null };
  return { state: phone.agentState, reason: phone.agentState === 'not_ready' ? phone.notReadyReason : null, call: null };
}

/**
 * Reports the signed-in agent's presence to the seat (→ backend) on every change and every
 * PRESENCE_HEARTBEAT_MS; a closed page just stops, and the backend shows the seat unreachable.
 * Follows a supervisor's not-ready request: at once when ready or not ready, after the call and
 * its wrap-up otherwise (an offline agent stays offline). Returns the unlink.
 */
export function linkPresence(bridge: WorkstationBridge, stores: AppStores, heartbeatMs = PRESENCE_HEARTBEAT_MS): () => void {
  let lastKey = '';
  let last: PresenceReport | null = null;
  let pendingReason: PresenceReport['reason'] = null;
  const send = () => {
    if (last && stores.session.getState().phase === 'logged_in') void bridge.call('presence.report', last).catch(() => {});
  };
  const onChange = () => {
    if (stores.session.getState().phase !== 'logged_in') {
      lastKey = '';
      last = null;
      return;
    }
    const phone = stores.softphone.getState();
    if (pendingReason && (phone.agentState === 'ready' || phone.agentState === 'not_ready') && !phone.call && !phone.wrapUp) {
      const reason = pendingReason;
      pendingReason = null;
      void phone.setAgentState('not_ready', reason);
      return; // the state change comes back here
    }
    const now = presenceOf(phone);
    const key = JSON.stringify(now);
    if (key === lastKey) return;
    lastKey = key;
    last = { ...now, since: new Date().toISOString() };
    send();
  };
  const heartbeat = setInterval(send, heartbeatMs);
  const unsubscribes = [
    stores.softphone.subscribe(onChange),
    stores.session.subscribe(onChange),
    bridge.on('presence.notReadyRequested', (request) => {
      if (stores.softphone.getState().agentState === 'offline') return;
      pendingReason = request.reason;
      onChange();
    }),
  ];
  onChange();
  return () => {
    clearInterval(heartbeat);
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}
