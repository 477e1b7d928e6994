import type { Kysely } from 'kysely';
import type { Agent, Branch } from '../../shared/domain/branch.js';
import { branchFromRecord } from '../db/branchRecords.js';
import type { ServerSchema } from '../db/schema.js';
import { ApiFailure } from '../http/apiFailure.js';

/** Only these columns ever leave the agents table: never the password hash. */
const AGENT_COLUMNS = ['id', 'login', 'displayName', 'branchId', 'role'] as const;

/** The agents of one branch, by login. */
export async function branchAgents(db: Kysely<ServerSchema>, branchId: string): Promise<Agent[]> {
  return db.selectFrom('agents').select(AGENT_COLUMNS).where('branchId', '=', branchId).orderBy('login').execute();
}

/** One agent of the caller's branch; 404 if absent, 403 if another branch's. */
export async function agentDetail(db: Kysely<ServerSchema>, caller: Agent, id: string): Promise<Agent> {
  const agent = await db.selectFrom('agents').select(AGENT_COLUMNS).where('id', '=', id).executeTakeFirst();
  if (!agent) throw ApiFailure.notFound('agent');
  if (agent.branchId !== caller.branchId) throw ApiFailure.forbidden('this agent');
  return agent;
}

/** Every branch office, by code: which regions each serves is public within the hotline. */
export async function allBranches(db: Kysely<ServerSchema>): Promise<Branch[]> {
  return (await db.selectFrom('branches').selectAll().orderBy('code').execute()).map(branchFromRecord);
}

export async function branchDetail(db: Kysely<ServerSchema>, id: string): Promise<Branch> {
  const record = await db.selectFrom('branches').selectAll().where('id', '=', id).executeTakeFirst();
  if (!record) throw ApiFailure.notFound('branch');
  return branchFromRecord(record);
}
