import type { Kysely } from 'kysely';
import type { LoginRequest, LoginResponse } from '../../shared/api/rest.js';
import { branchFromRecord } from '../db/branchRecords.js';
import type { ServerSchema } from '../db/schema.js';
import { ApiFailure } from '../http/apiFailure.js';
import { recordAuthEvent } from './authAudit.js';
import { blockedUntil, clearLoginFailures, recordFailure } from './loginThrottle.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { createSession } from './sessions.js';

/** Checked against when the login is unknown, so both failures cost the same time and say the same. */
let decoyHash: Promise<string> | undefined;

/**
 * Signs an agent in: a new session token, the agent and their branch; 401 for any wrong pair,
 * 429 while failed attempts for this login or from this address hold further ones back — the
 * password is then not even checked, so guessing on during a lock learns nothing.
 */
export async function login(db: Kysely<ServerSchema>, credentials: LoginRequest, address: string, now = new Date()): Promise<LoginResponse> {
  const { login: name } = credentials;
  const until = await blockedUntil(db, name, address, now);
  if (until) {
    await recordAuthEvent(db, { event: 'throttled', login: name, address }, now);
    const seconds = Math.ceil((until.getTime() - now.getTime()) / 1000);
    throw new ApiFailure(429, 'too_many_attempts', `too many failed sign-ins: try again in ${seconds} s`, { retryAfterSeconds: seconds });
  }
  const agent = await db.selectFrom('agents').selectAll().where('login', '=', name).executeTakeFirst();
  const passwordOk = await verifyPassword(credentials.password, agent?.passwordHash ?? (await (decoyHash ??= hashPassword('decoy'))));
  if (!agent || !passwordOk) {
    await recordFailure(db, name, address, now);
    await recordAuthEvent(db, { event: 'wrong_credentials', login: name, address, ...(agent ? { agentId: agent.id } : {}) }, now);
    throw new ApiFailure(401, 'invalid_credentials', 'wrong login or password');
  }

  await clearLoginFailures(db, name);
  await recordAuthEvent(db, { event: 'signed_in', login: name, agentId: agent.id, address }, now);
  const branch = await db.selectFrom('branches').selectAll().where('id', '=', agent.branchId).executeTakeFirstOrThrow();
  return {
    token: await createSession(db, agent.id, now),
    agent: { id: agent.id, login: agent.login, displayName: agent.displayName, branchId: agent.branchId, role: agent.role },
    branch: branchFromRecord(branch),
  };
}
