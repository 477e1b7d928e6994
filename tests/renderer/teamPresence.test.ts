import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { UNREACHABLE_AFTER_MS, type AgentPresence, type PresenceReport, type TeamBoardRowAtSeat } from '../../shared/domain/agentPresence.js';
import type { AppStores } from '../../renderer/src/app/stores.js';
import { createTeamBoardStore, shownState, sortedRows } from '../../renderer/src/desk/teamBoardStore.js';
import { linkPresence, presenceOf } from '../../renderer/src/softphone/presenceLink.js';
import type { ActiveCall, SoftphoneState } from '../../renderer/src/softphone/softphoneState.js';
import { FakeBridge } from './fakeBridge.js';

const AGENT1 = '00000000-0000-4000-8000-000000000001';
const AGENT2 = '00000000-0000-4000-8000-000000000002';
const AGENT3 = '00000000-0000-4000-8000-000000000003';
const SUPER = '00000000-0000-4000-8000-000000000009';
const BRANCH = '00000000-0000-4000-8000-000000000004';
const CUSTOMER = '00000000-0000-4000-8000-000000000005';

const call = (phase: ActiveCall['phase'], direction: 'inbound' | 'outbound' = 'inbound'): ActiveCall =>
  ({ phase, direction, customerId: CUSTOMER, customerName: '张三', startedAt: Date.parse('2026-12-07T02:00:00Z'), answeredAt: phase === 'established' ? Date.parse('2026-12-07T02:00:05Z') : null }) as ActiveCall;

type Phone = Pick<SoftphoneState, 'setup' | 'agentState' | 'notReadyReason' | 'call' | 'wrapUp'>;
const idle: Phone = { setup: 'started', agentState: 'ready', notReadyReason: null, call: null, wrapUp: null };

describe('the presence a page reports', () => {
  it('follows the softphone: no phone is offline, an inbound call rings, a call is on call with its customer, then wrap-up', () => {
    expect(presenceOf({ ...idle, setup: 'none' })).toEqual({ state: 'offline', reason: null, call: null });
    expect(presenceOf(idle)).toEqual({ state: 'ready', reason: null, call: null });
    expect(presenceOf({ ...idle, agentState: 'not_ready', notReadyReason: 'meal' })).toEqual({ state: 'not_ready', reason: 'meal', call: null });
    expect(presenceOf({ ...idle, call: call('ringing') })).toMatchObject({ state: 'ringing', call: { startedAt: '2026-12-07T02:00:00.000Z', direction: 'inbound', customerId: CUSTOMER, customerName: '张三' } });
    // Talking: the call's time counts from the answer.
    expect(presenceOf({ ...idle, agentState: 'on_call', call: call('established') })).toMatchObject({ state: 'on_call', call: { startedAt: '2026-12-07T02:00:05.000Z' } });
    expect(presenceOf({ ...idle, call: call('dialing', 'outbound') })).toMatchObject({ state: 'on_call', call: { direction: 'outbound' } });
    expect(presenceOf({ ...idle, agentState: 'wrap_up', wrapUp: { call: call('established') } as SoftphoneState['wrapUp'] })).toMatchObject({ state: 'wrap_up', call: { customerName: '张三' } });
  });
});

describe('linkPresence', () => {
  beforeEach(() => vi.useFakeTimers({ now: Date.parse('2026-12-07T02:00:00Z') }));
  afterEach(() => vi.useRealTimers());

  function setUp() {
    const bridge = new FakeBridge().handle('presence.report', () => ({ delivered: true }));
    const setAgentState = vi.fn(async (state: 'offline' | 'ready' | 'not_ready', reason: SoftphoneState['notReadyReason'] = null) => {
      softphone.setState({ agentState: state, notReadyReason: reason });
    });
    const softphone = createStore<Phone & { setAgentState: typeof setAgentState }>()(() => ({ ...idle, agentState: 'not_ready', setAgentState }));
    const session = createStore(() => ({ phase: 'logged_in' }));
    const stores = { softphone, session } as unknown as AppStores;
    const unlink = linkPresence(bridge, stores, 10_000);
    const reports = () => bridge.callsOf('presence.report') as PresenceReport[];
    return { bridge, softphone, session, setAgentState, reports, unlink };
  }

  it('reports on every change with the time it changed, not on a repeat; a heartbeat every 10 s; nothing once signed out', () => {
    const { softphone, session, reports, unlink } = setUp();
    expect(reports()).toEqual([{ state: 'not_ready', reason: null, since: '2026-12-07T02:00:00.000Z', call: null }]);
    vi.advanceTimersByTime(3_000);
    softphone.setState({ agentState: 'ready' });
    softphone.setState({ agentState: 'ready' });
    expect(reports()).toHaveLength(2);
    expect(reports()[1]).toEqual({ state: 'ready', reason: null, since: '2026-12-07T02:00:03.000Z', call: null });
    vi.advanceTimersByTime(10_000);
    expect(reports()).toHaveLength(3);
    expect(reports()[2]).toEqual(reports()[1]);
    session.setState({ phase: 'logged_out' });
    vi.advanceTimersByTime(30_000);
    expect(reports()).toHaveLength(3);
    unlink();
  });

  it("follows the supervisor's not-ready request at once, or after the call and its wrap-up; an offline agent stays offline", () => {
    const { bridge, softphone, setAgentState, reports, unlink } = setUp();
    const request = { agentId: AGENT1, reason: 'meeting' as const, byAgentId: SUPER, byName: '赵敏' };
    softphone.setState({ agentState: 'ready' });
    bridge.emit('presence.notReadyRequested', request);
    expect(setAgentState).toHaveBeenLastCalledWith('not_ready', 'meeting');
    expect(reports().at(-1)).toMatchObject({ state: 'not_ready', reason: 'meeting' });

    softphone.setState({ agentState: 'on_call', call: call('established') });
    setAgentState.mockClear();
    bridge.emit('presence.notReadyRequested', { ...request, reason: 'training' });
    expect(setAgentState).not.toHaveBeenCalled();
    softphone.setState({ agentState: 'wrap_up', call: null, wrapUp: { call: call('established') } as SoftphoneState['wrapUp'] });
    expect(setAgentState).not.toHaveBeenCalled();
    softphone.setState({ agentState: 'ready', wrapUp: null });
    expect(setAgentState).toHaveBeenCalledWith('not_ready', 'training');
    expect(softphone.getState()).toMatchObject({ agentState: 'not_ready', notReadyReason: 'training' });

    softphone.setState({ agentState: 'offline', notReadyReason: null });
    setAgentState.mockClear();
    bridge.emit('presence.notReadyRequested', request);
    expect(setAgentState).not.toHaveBeenCalled();
    unlink();
  });
});

describe('the team board', () => {
  const agent = (id: string, login: string, displayName: string) => ({ id, login, displayName, branchId: BRANCH });
  const presence = (agentId: string, state: AgentPresence['state'], since: string, reportedAt: string, extra: Partial<AgentPresence> = {}): AgentPresence => ({
    agentId,
    branchId: BRANCH,
    state,
    reason: null,
    since,
    call: null,
    reportedAt,
    ...extra,
  });
  const now = Date.parse('2026-12-07T02:10:00Z');
  const rows: TeamBoardRowAtSeat[] = [
    { agent: agent(AGENT1, 'bj.agent1', '李娜'), presence: presence(AGENT1, 'ready', '2026-12-07T02:05:00Z', '2026-12-07T02:09:55Z'), unreachableSince: null, workload: null },
    { agent: agent(AGENT2, 'bj.agent2', '王强'), presence: presence(AGENT2, 'on_call', '2026-12-07T02:08:00Z', '2026-12-07T02:09:00Z'), unreachableSince: null, workload: null },
    { agent: agent(AGENT3, 'bj.agent3', '艾米'), presence: null, unreachableSince: null, workload: null },
  ];

  it('shows a seat silent longer than the rule as unreachable, whatever it last said; sorts by state, name, time in state', () => {
    expect(shownState(rows[0]!, now)).toBe('ready');
    // 60 s since bj.agent2's last report: unreachable, listed first.
    expect(shownState(rows[1]!, now)).toBe('unreachable');
    expect(shownState(rows[1]!, Date.parse('2026-12-07T02:09:00Z') + UNREACHABLE_AFTER_MS)).toBe('on_call');
    expect(shownState(rows[2]!, now)).toBe('none');
    const logins = (sorted: TeamBoardRowAtSeat[]) => sorted.map((r) => r.agent.login);
    expect(logins(sortedRows(rows, { key: 'state', descending: false }, now))).toEqual(['bj.agent2', 'bj.agent1', 'bj.agent3']);
    expect(logins(sortedRows(rows, { key: 'inState', descending: false }, now))).toEqual(['bj.agent1', 'bj.agent2', 'bj.agent3']);
    expect(logins(sortedRows(rows, { key: 'inState', descending: true }, now))).toEqual(['bj.agent3', 'bj.agent2', 'bj.agent1']);
  });

  it('loads the board, applies live changes (never an older one over a newer), sorts by a column and reverses, sends a not-ready request', async () => {
    const bridge = new FakeBridge()
      .handle('presence.board', () => ({ asOf: new Date(Date.now() + 2_000).toISOString(), rows }))
      .handle('presence.putNotReady', () => ({ ok: true }));
    const store = createTeamBoardStore(bridge);
    await store.getState().load();
    expect(store.getState()).toMatchObject({ phase: 'loaded', rows });
    expect(store.getState().clockOffsetMs).toBeGreaterThan(1_500);

    bridge.emit('presence.changed', presence(AGENT1, 'not_ready', '2026-12-07T02:10:00Z', '2026-12-07T02:10:00Z', { reason: 'meal' }));
    expect(store.getState().rows[0]!.presence).toMatchObject({ state: 'not_ready', reason: 'meal' });
    bridge.emit('presence.changed', presence(AGENT1, 'ready', '2026-12-07T02:05:00Z', '2026-12-07T02:09:59Z'));
    expect(store.getState().rows[0]!.presence).toMatchObject({ state: 'not_ready' });

    store.getState().sortBy('agent');
    expect(store.getState().sort).toEqual({ key: 'agent', descending: false });
    store.getState().sortBy('agent');
    expect(store.getState().sort).toEqual({ key: 'agent', descending: true });

    store.getState().startNotReady(AGENT2);
    store.getState().setReason('training');
    await store.getState().confirmNotReady();
    expect(bridge.callsOf('presence.putNotReady')).toEqual([{ agentId: AGENT2, reason: 'training' }]);
    expect(store.getState()).toMatchObject({ puttingNotReady: null, lastSent: { agentId: AGENT2, reason: 'training' }, sendError: null });
  });
});
