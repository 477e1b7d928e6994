import { IdParam, LoginRequest, LoginResponse, SessionsRevoked } from '../../shared/api/rest.js';
import { agentDetail } from '../agents/agentsAndBranches.js';
import { recordAuthEvent } from '../auth/authAudit.js';
import { login } from '../auth/login.js';
import { revokeAgentSessions, revokeSession } from '../auth/sessions.js';
import { mayAct } from '../scope/agentScope.js';
import { ApiFailure } from '../http/apiFailure.js';
import { agentRoute, publicRoute } from '../http/route.js';

export const loginRoute = publicRoute({
  method: 'POST',
  url: '/auth/login',
  summary: 'Sign in with login and password; answers a bearer token valid for 12 hours. Failed attempts per login and per address delay further ones, then lock them (429)',
  errors: [401, 429],
  body: LoginRequest,
  response: LoginResponse,
  handler: ({ body, address }, { db }) => login(db, body, address),
});

export const logoutRoute = agentRoute({
  method: 'POST',
  url: '/auth/logout',
  summary: 'Sign out: the bearer token of this request stops working at once',
  response: SessionsRevoked,
  handler: async ({ caller, token, address }, { db }) => {
    const revoked = token && (await revokeSession(db, token)) ? 1 : 0;
    await recordAuthEvent(db, { event: 'signed_out', login: caller.login, agentId: caller.id, address });
    return { revoked };
  },
});

export const revokeAgentSessionsRoute = agentRoute({
  method: 'POST',
  url: '/agents/:id/sessions/revoke',
  summary: "End every session of an agent of the caller's branch (supervisors only): their tokens stop working at once",
  errors: [403, 404],
  params: IdParam,
  response: SessionsRevoked,
  handler: async ({ caller, params, address }, { db }) => {
    if (!mayAct(caller, 'leadsTeam')) throw new ApiFailure(403, 'forbidden', "only a supervisor may end another agent's sessions");
    const agent = await agentDetail(db, caller, params.id);
    const revoked = await revokeAgentSessions(db, agent.id);
    await recordAuthEvent(db, { event: 'sessions_revoked', login: agent.login, agentId: agent.id, address, actorAgentId: caller.id });
    return { revoked };
  },
});
