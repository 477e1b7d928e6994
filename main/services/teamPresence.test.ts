import { describe, expect, it } from 'vitest';
import type { TeamBoard } from '../../shared/domain/agentPresence.js';
import type { KpiRow } from '../../shared/domain/kpis.js';
import type { ServiceOrder } from '../../shared/domain/serviceOrder.js';
import { hotlineWeekStart, withWorkload } from './teamPresence.js';

const branchId = '9b1c2d3e-4f50-4a6b-8c7d-000000000001';
const agent = (n: number) => ({ id: `1b1c2d3e-4f50-4a6b-8c7d-00000000000${n}`, login: `bj.agent${n}`, displayName: `坐席${n}`, branchId });
const NOW = new Date('2026-12-07T06:00:00.000Z');
const hoursBefore = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();

function order(n: number, owner: string, status: ServiceOrder['status'], createdHoursAgo: number): ServiceOrder {
  const createdAt = hoursBefore(createdHoursAgo);
  return {
    id: `b1b2c3d4-0000-4000-8000-${String(n).padStart(12, '0')}`, orderNumber: `BJ01-01-20261207-${String(n).padStart(4, '0')}`, customerId: '6f1d2c3b-4a5e-4f60-8a7b-00000000000a',
    productId: null, branchId, type: 'repair', status, fault: '', ownerAgentId: owner, createdAt, updatedAt: createdAt, outletId: null, appointmentStart: null, appointmentEnd: null,
    dispatchedAt: status === 'new' ? null : createdAt, warranty: null, feeConsent: null, duplicateReason: null, duplicateReview: null, completion: null, cancelReason: null, handoverNote: null, version: n, deleted: false,
  };
}

const board: TeamBoard = { asOf: NOW.toISOString(), rows: [1, 2, 3].map((n) => ({ agent: agent(n), presence: null, unreachableSince: null })) };

function calls(agentId: string, answered: number, missed: number, handleSeconds: number): KpiRow {
  const none = { met: 0, missed: 0 };
  return {
    period: '2026-12-07', key: agentId, label: agentId, calls: { answered, missed, handleSeconds }, firstContact: { orders: 0, resolved: 0 },
    satisfaction: { rated: 0, scoreSum: 0, byScore: [0, 0, 0, 0, 0] }, sla: { dispatch: none, accept: none, onSite: none, complete: none }, parts: { received: 0, cycleSeconds: 0 },
    complaints: { received: 0, orders: 0 },
  };
}

describe('the team board with each agent’s workload', () => {
  const open = [
    order(1, agent(1).id, 'new', 1), // dispatch due in 3 h
    order(2, agent(1).id, 'new', 6), // 2 h past the 4 h dispatch deadline
    order(3, agent(1).id, 'in_service', 80), // past the 72 h completion deadline
    order(4, agent(2).id, 'dispatched', 1),
    order(5, agent(9).id, 'new', 10), // an agent not on this board
  ];

  it('counts each agent’s open and overdue orders by the SLA rule, and joins today’s calls by agent', () => {
    const rows = withWorkload(board, open, [calls(agent(1).id, 12, 2, 2_400)], NOW).rows;
    expect(rows.map((r) => [r.agent.login, r.workload])).toEqual([
      ['bj.agent1', { openOrders: 3, overdueOrders: 2, today: { answered: 12, missed: 2, handleSeconds: 2_400 }, lowScoresThisWeek: null }],
      ['bj.agent2', { openOrders: 1, overdueOrders: 0, today: { answered: 0, missed: 0, handleSeconds: 0 }, lowScoresThisWeek: null }],
      ['bj.agent3', { openOrders: 0, overdueOrders: 0, today: { answered: 0, missed: 0, handleSeconds: 0 }, lowScoresThisWeek: null }],
    ]);
  });

  it('says the calls are unknown (not zero) when the figures could not be read', () => {
    const rows = withWorkload(board, open, null, NOW).rows;
    expect(rows[0]!.workload).toEqual({ openOrders: 3, overdueOrders: 2, today: null, lowScoresThisWeek: null });
  });

  it('counts this week’s follow-ups scored 2 or less on the orders each agent owns (the week’s satisfaction figure by agent)', () => {
    const scored = (agentId: string, byScore: [number, number, number, number, number]): KpiRow => ({
      ...calls(agentId, 0, 0, 0),
      period: '2026-12-07',
      satisfaction: { rated: byScore.reduce((a, b) => a + b, 0), scoreSum: byScore.reduce((a, b, i) => a + b * (i + 1), 0), byScore },
    });
    const rows = withWorkload(board, open, [], NOW, [scored(agent(1).id, [1, 2, 4, 0, 9]), scored(agent(2).id, [0, 0, 3, 1, 1])]).rows;
    expect(rows.map((r) => [r.agent.login, r.workload?.lowScoresThisWeek])).toEqual([
      ['bj.agent1', 3],
      ['bj.agent2', 0],
      ['bj.agent3', 0],
    ]);
  });

  it('starts the week on Monday of the hotline’s date', () => {
    expect(['2026-12-07', '2026-12-09', '2026-12-13', '2026-12-14'].map(hotlineWeekStart)).toEqual(['2026-12-07', '2026-12-07', '2026-12-07', '2026-12-14']);
  });
});
