import type { Kysely } from 'kysely';
import type { LoginRequest, LoginResponse } from '../../shared/api/rest.js';
import { branchFromRecord } from '../db/branchRecords.js';
import type { ServerSchema } from '../db/schema.js';
import { ApiFailure } from '../http/apiFailure.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { createSession } from './sessions.js';

/** Checked against when the login is unknown, so both failures cost the same time and say the same. */
let decoyHash: Promise<string> | undefined;

/** Signs an agent in: a new session token, the agent and their branch; 401 for any wrong pair. */
export async function login(db: Kysely<ServerSchema>, credentials: LoginRequest): Promise<LoginResponse> {
  const agent = await db.selectFrom('agents').selectAll().where('login', '=', credentials.login).executeTakeFirst();
  const passwordOk = await verifyPassword(credentials.password, agent?.passwordHash ?? (await (decoyHash ??= hashPassword('decoy'))));
  if (!agent || !passwordOk) throw new ApiFailure(401, 'invalid_credentials', 'wrong login or password');

  const branch = await db.selectFrom('branches').selectAll().where('id', '=', agent.branchId).executeTakeFirstOrThrow();
  return {
    token: await createSession(db, agent.id),
    agent: { id: agent.id, login: agent.login, displayName: agent.displayName, branchId: agent.branchId, role: agent.role },
    branch: branchFromRecord(branch),
  };
}
