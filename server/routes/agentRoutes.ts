import { AgentList, BranchList, IdParam } from '../../shared/api/rest.js';
import { Agent, Branch } from '../../shared/domain/branch.js';
import { agentDetail, allBranches, branchAgents, branchDetail } from '../agents/agentsAndBranches.js';
import { agentRoute } from '../http/route.js';
import { scopedDetailRoute } from './scopedRoutes.js';

export const listAgentsRoute = agentRoute({
  method: 'GET',
  url: '/agents',
  summary: "The agents of the caller's branch (id, login, name, branch, role; never password data)",
  response: AgentList,
  handler: async ({ caller }, { db }) => ({ items: await branchAgents(db, caller.branchId) }),
});

export const agentDetailRoute = scopedDetailRoute({
  url: '/agents/:id',
  summary: "One agent of the caller's branch",
  response: Agent,
  read: agentDetail,
});

export const listBranchesRoute = agentRoute({
  method: 'GET',
  url: '/branches',
  summary: 'The branch offices (code, name, the regions each serves)',
  response: BranchList,
  handler: async (_input, { db }) => ({ items: await allBranches(db) }),
});

export const branchDetailRoute = agentRoute({
  method: 'GET',
  url: '/branches/:id',
  summary: 'One branch office',
  errors: [404],
  params: IdParam,
  response: Branch,
  handler: ({ params }, { db }) => branchDetail(db, params.id),
});
