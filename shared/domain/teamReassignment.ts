import { z } from 'zod';
import type { Agent } from './branch.js';
import { refusal, type Refusal } from './refusal.js';
import { ROLE_DUTIES } from './roles.js';
import { HANDOVER_NOTE_MAX, OPEN_ORDER_STATUSES, type ServiceOrder } from './serviceOrder.js';
import { HANDOVER_MAX_ORDERS, HandoverDistribution, planShiftHandover, type HandoverAssignment, type ShiftHandoverFacts } from './shiftHandover.js';

/**
 * A supervisor reassigns an agent's orders from the team board (一单责任制: the order keeps one
 * owner): one of them, or all their open orders (an agent leaving), to one or several agents of the
 * branch, shared out as in the shift handover, with a reason. It is the shift handover made on the
 * agent's behalf: the same holder rule, the same distributions, the same owner change per order
 * (`ownerAgentId` + `handoverNote` = the reason), which the backend records as one `owner_changed`
 * event whose author (the supervisor) is not the order's previous owner — that is how the history
 * and My work tell a reassignment from a handover. Only the checks of who reassigns whose orders,
 * and the reason, are added here; the rest is `planShiftHandover` with the agent as the giver.
 */

/** What the supervisor asks for: `orderIds` 'all' is every open order the agent holds (in the seat's cache). */
export const TeamReassignRequest = z.object({
  fromAgentId: z.string().uuid('fromAgentId must be a UUID'),
  orderIds: z.union([z.literal('all'), z.array(z.string().uuid('orderIds: each must be a UUID')).max(HANDOVER_MAX_ORDERS * 2)]),
  toAgentIds: z.array(z.string().uuid('toAgentIds: each must be a UUID')).max(100),
  distribution: HandoverDistribution.default('least_loaded'),
  /** Why (required): shown to the receivers beside the order and kept on its owner_changed event. */
  reason: z.string().max(HANDOVER_NOTE_MAX * 20),
});
export type TeamReassignRequest = z.input<typeof TeamReassignRequest>;
export type TeamReassignRequestParsed = z.output<typeof TeamReassignRequest>;

type AgentFacts = Pick<Agent, 'id' | 'login' | 'displayName' | 'branchId' | 'role'>;

export interface TeamReassignFacts {
  supervisor: AgentFacts;
  /** The agent whose orders move; null: not an agent the seat knows. */
  from: AgentFacts | null;
  fromAgentId: string;
  orders: ShiftHandoverFacts['orders'];
  receivers: ShiftHandoverFacts['receivers'];
  openLoad: ShiftHandoverFacts['openLoad'];
  distribution: HandoverDistribution;
  reason: string;
}

/** Every rule first (nothing half-written on a refusal), then who gets which order; each note is the reason. */
export function planTeamReassignment(facts: TeamReassignFacts): { refusal: Refusal } | { assignments: HandoverAssignment[] } {
  const { supervisor, from } = facts;
  if (!ROLE_DUTIES[supervisor.role].leadsTeam) return { refusal: refusal('reassign_not_team_lead', {}) };
  if (!from) return { refusal: refusal('reassign_agent_unknown', { agentId: facts.fromAgentId }, 'fromAgentId') };
  if (from.branchId !== supervisor.branchId) return { refusal: refusal('reassign_agent_other_branch', { agentName: from.displayName, login: from.login }, 'fromAgentId') };
  const reason = facts.reason.trim();
  if (!reason) return { refusal: refusal('reassign_reason_required', {}, 'reason') };
  if (reason.length > HANDOVER_NOTE_MAX) return { refusal: refusal('reassign_reason_too_long', { maxLength: HANDOVER_NOTE_MAX, length: reason.length }, 'reason') };
  if (facts.receivers.some((r) => r.id === from.id)) return { refusal: refusal('reassign_to_same_agent', { agentName: from.displayName }, 'toAgentIds') };
  const notTheirs = facts.orders.find((o) => o.ownerAgentId !== from.id);
  if (notTheirs) return { refusal: refusal('reassign_order_not_theirs', { orderNumber: notTheirs.orderNumber, agentName: from.displayName }, 'orderIds') };
  return planShiftHandover({
    me: from,
    orders: facts.orders,
    receivers: facts.receivers,
    openLoad: facts.openLoad,
    distribution: facts.distribution,
    note: reason,
    orderNotes: {},
  });
}

/**
 * An owner change by a team lead of an open order neither theirs nor given to themselves is a
 * reassignment: it needs its reason (the handover note it carries), at the seat and at the backend
 * alike. (A finished order's owner changes without a note: notes go with open orders only.)
 * `field` names where the reason was asked for.
 */
export function reassignReasonRefusal(
  order: Pick<ServiceOrder, 'ownerAgentId' | 'status'>,
  toAgentId: string,
  note: unknown,
  agent: Pick<AgentFacts, 'id' | 'role'>,
  field: string,
): Refusal | null {
  if (!ROLE_DUTIES[agent.role].leadsTeam || !OPEN_ORDER_STATUSES.includes(order.status)) return null;
  if (order.ownerAgentId === agent.id || toAgentId === agent.id || toAgentId === order.ownerAgentId) return null;
  return typeof note === 'string' && note.trim() ? null : refusal('reassign_reason_required', {}, field);
}
