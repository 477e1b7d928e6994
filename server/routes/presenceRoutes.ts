import { z } from 'zod';
import { AgentPresence, PresenceReport, PutNotReady, TeamBoard } from '../../shared/domain/agentPresence.js';
import { IdParam } from '../../shared/api/rest.js';
import type { Agent } from '../../shared/domain/branch.js';
import { agentDetail } from '../agents/agentsAndBranches.js';
import { ApiFailure } from '../http/apiFailure.js';
import { agentRoute } from '../http/route.js';
import { reportPresence, teamBoard } from '../presence/agentPresence.js';
import { mayAct, presenceScopeOf, type FiguresScope } from '../scope/agentScope.js';

/** The caller's presence scope, narrowed to one branch if asked; 403 outside it or without one. */
function watchedScope(caller: Agent, branchId: string | undefined): FiguresScope {
  const scope = presenceScopeOf(caller);
  if (!scope) throw new ApiFailure(403, 'forbidden', "only a supervisor or headquarters reads the team's presence");
  if (branchId === undefined) return scope;
  if (scope.branchIds !== null && !scope.branchIds.includes(branchId)) throw ApiFailure.forbidden("this branch's presence");
  return { branchIds: [branchId] };
}

export const presenceRoutes = [
  agentRoute({
    method: 'PUT',
    url: '/presence',
    summary:
      "The seat reports its signed-in agent's presence (state, not-ready reason, since, the call and its customer): on every change and as a heartbeat every 10 s. " +
      'A seat silent for 30 s is shown unreachable since its last report (shared/domain/agentPresence.ts)',
    body: PresenceReport,
    response: AgentPresence,
    handler: async ({ caller, body }, { db, changes, now }) => {
      const presence = await reportPresence(db, caller, body, now());
      changes.publishPresence({ kind: 'presence', presence });
      return presence;
    },
  }),
  agentRoute({
    method: 'GET',
    url: '/presence/branch',
    summary:
      "The team board: each agent of the branch with their last presence and whether their seat is unreachable now. Supervisors: their branch; headquarters: every branch, or `branchId`. Live changes come as `presence` events on /sync/events",
    errors: [403],
    query: z.object({ branchId: z.string().uuid().optional() }),
    response: TeamBoard,
    handler: ({ caller, query }, { db, now }) => teamBoard(db, watchedScope(caller, query.branchId), now()),
  }),
  agentRoute({
    method: 'POST',
    url: '/presence/:id/not-ready',
    summary: "A supervisor puts an agent of their branch to not ready with a reason: the agent's seat hears it live (`not_ready` on /sync/events) and its phone follows (after a call in progress)",
    status: 202,
    errors: [403, 404],
    params: IdParam,
    body: PutNotReady,
    response: z.object({ requested: z.literal(true) }),
    handler: async ({ caller, params, body }, { db, changes }) => {
      if (!mayAct(caller, 'leadsTeam')) throw new ApiFailure(403, 'forbidden', 'only a supervisor may put an agent to not ready');
      const agent = await agentDetail(db, caller, params.id);
      changes.publishPresence({ kind: 'not_ready', request: { agentId: agent.id, reason: body.reason, byAgentId: caller.id, byName: caller.displayName } });
      return { requested: true as const };
    },
  }),
];
