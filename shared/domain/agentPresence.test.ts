import { describe, expect, it } from 'vitest';
import { PresenceReport, takesCalls, unreachableSince, UNREACHABLE_AFTER_MS, type AgentPresence } from './agentPresence.js';

const AGENT = '00000000-0000-4000-8000-000000000001';
const BRANCH = '00000000-0000-4000-8000-000000000002';
const reportedAt = '2026-12-07T02:00:00.000Z';
const presence = (state: AgentPresence['state']): AgentPresence => ({ agentId: AGENT, branchId: BRANCH, state, reason: null, since: reportedAt, call: null, reportedAt });
const after = (ms: number) => new Date(Date.parse(reportedAt) + ms);

describe('agent presence', () => {
  it('is unreachable since its last report once silent longer than the rule, not before', () => {
    expect(unreachableSince(presence('ready'), after(UNREACHABLE_AFTER_MS))).toBeNull();
    expect(unreachableSince(presence('ready'), after(UNREACHABLE_AFTER_MS + 1))).toBe(reportedAt);
    expect(unreachableSince(null, after(0))).toBeNull();
  });

  it('a router offers calls only to a reachable, ready agent', () => {
    expect(takesCalls(presence('ready'), after(1_000))).toBe(true);
    expect(takesCalls(presence('ready'), after(UNREACHABLE_AFTER_MS + 1))).toBe(false);
    for (const state of ['offline', 'not_ready', 'ringing', 'on_call', 'wrap_up'] as const) expect(takesCalls(presence(state), after(0))).toBe(false);
    expect(takesCalls(null, after(0))).toBe(false);
  });

  it('a report carries a reason only when not ready, and a call only while ringing, talking or wrapping up', () => {
    const call = { startedAt: reportedAt, direction: 'inbound' as const, customerId: null, customerName: null };
    expect(PresenceReport.safeParse({ state: 'not_ready', reason: 'meal', since: reportedAt, call: null }).success).toBe(true);
    expect(PresenceReport.safeParse({ state: 'ready', reason: 'meal', since: reportedAt, call: null }).success).toBe(false);
    expect(PresenceReport.safeParse({ state: 'on_call', reason: null, since: reportedAt, call }).success).toBe(true);
    expect(PresenceReport.safeParse({ state: 'ready', reason: null, since: reportedAt, call }).success).toBe(false);
  });
});
