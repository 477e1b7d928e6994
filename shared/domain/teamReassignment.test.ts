import { describe, expect, it } from 'vitest';
import { HANDOVER_NOTE_MAX } from './serviceOrder.js';
import { planTeamReassignment, type TeamReassignFacts } from './teamReassignment.js';

/** The supervisor's reassignment rule: who may reassign whose orders, the reason, then the shift handover's plan. */
const BJ = '0b000000-0000-4000-8000-000000000001';
const GZ = '0b000000-0000-4000-8000-000000000002';
const agent = (n: number, role: 'agent' | 'supervisor' | 'parts_desk' = 'agent', branchId = BJ) => ({ id: `1a000000-0000-4000-8000-00000000000${n}`, login: `a${n}`, displayName: `坐席${n}`, branchId, role });
const zhao = agent(9, 'supervisor');
const li = agent(1);
const wang = agent(2);
const chen = agent(3);
const order = (n: number, owner = li.id) => ({ id: `2b000000-0000-4000-8000-00000000000${n}`, orderNumber: `BJ01-01-20261207-000${n}`, ownerAgentId: owner, status: 'new' as const, branchId: BJ });

function facts(over: Partial<TeamReassignFacts> = {}): TeamReassignFacts {
  return {
    supervisor: zhao,
    from: li,
    fromAgentId: li.id,
    orders: [order(1), order(2), order(3)],
    receivers: [{ id: wang.id, agent: wang }, { id: chen.id, agent: chen }],
    openLoad: new Map([[wang.id, 2]]),
    distribution: 'least_loaded',
    reason: ' 李娜离岗 ',
    ...over,
  };
}

const codeOf = (plan: ReturnType<typeof planTeamReassignment>) => ('refusal' in plan ? plan.refusal.code : null);

describe('planTeamReassignment', () => {
  it('shares the agent’s orders out like the shift handover (least loaded), each with the reason', () => {
    const plan = planTeamReassignment(facts());
    expect('assignments' in plan && plan.assignments.map((a) => [a.orderNumber.slice(-1), a.toAgentId === wang.id ? 'wang' : 'chen', a.note])).toEqual([
      ['1', 'chen', '李娜离岗'],
      ['2', 'chen', '李娜离岗'],
      ['3', 'wang', '李娜离岗'],
    ]);
  });

  it('refuses whoever does not lead the team, an agent of another branch or unknown, no reason or too long a reason, the agent as receiver, an order no longer theirs', () => {
    expect(codeOf(planTeamReassignment(facts({ supervisor: wang })))).toBe('reassign_not_team_lead');
    expect(codeOf(planTeamReassignment(facts({ supervisor: agent(8, 'parts_desk') })))).toBe('reassign_not_team_lead');
    expect(codeOf(planTeamReassignment(facts({ from: agent(5, 'agent', GZ) })))).toBe('reassign_agent_other_branch');
    expect(codeOf(planTeamReassignment(facts({ from: null })))).toBe('reassign_agent_unknown');
    expect(codeOf(planTeamReassignment(facts({ reason: '   ' })))).toBe('reassign_reason_required');
    expect(codeOf(planTeamReassignment(facts({ reason: 'x'.repeat(HANDOVER_NOTE_MAX + 1) })))).toBe('reassign_reason_too_long');
    expect(codeOf(planTeamReassignment(facts({ receivers: [{ id: li.id, agent: li }] })))).toBe('reassign_to_same_agent');
    expect(codeOf(planTeamReassignment(facts({ orders: [order(1), order(4, wang.id)] })))).toBe('reassign_order_not_theirs');
    // The holder rule of the shift handover: another branch's agent, the parts desk.
    const abroad = agent(6, 'agent', GZ);
    expect(codeOf(planTeamReassignment(facts({ receivers: [{ id: abroad.id, agent: abroad }] })))).toBe('handover_receiver_other_branch');
    const parts = agent(7, 'parts_desk');
    expect(codeOf(planTeamReassignment(facts({ receivers: [{ id: parts.id, agent: parts }] })))).toBe('handover_receiver_cannot_hold');
    expect(codeOf(planTeamReassignment(facts({ orders: [] })))).toBe('handover_no_orders');
  });
});
