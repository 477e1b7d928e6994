import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Agent } from '../../shared/domain/branch.js';
import type { ServerSchema } from '../db/schema.js';

const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;

/** Only the token's hash is stored: a copy of the database does not let anyone sign in. */
function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Opens a session for the agent; returns the bearer token (shown once, never stored). */
export async function createSession(db: Kysely<ServerSchema>, agentId: string, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db
    .insertInto('sessions')
    .values({
      tokenHash: hashToken(token),
      agentId,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + SESSION_LIFETIME_MS).toISOString(),
    })
    .execute();
  // Housekeeping at login time keeps the table small without a timer.
  await db.deleteFrom('sessions').where('expiresAt', '<=', now.toISOString()).execute();
  return token;
}

/** The agent holding this unexpired token, or null. */
export async function findSessionAgent(db: Kysely<ServerSchema>, token: string, now = new Date()): Promise<Agent | null> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('agents', 'agents.id', 'sessions.agentId')
    .select(['agents.id', 'agents.login', 'agents.displayName', 'agents.branchId', 'agents.role'])
    .where('sessions.tokenHash', '=', hashToken(token))
    .where('sessions.expiresAt', '>', now.toISOString())
    .executeTakeFirst();
  return row ?? null;
}

/** When the session of this token ends, or null when it is unknown or over. */
export async function sessionExpiresAt(db: Kysely<ServerSchema>, token: string, now = new Date()): Promise<Date | null> {
  const row = await db
    .selectFrom('sessions')
    .select('expiresAt')
    .where('tokenHash', '=', hashToken(token))
    .where('expiresAt', '>', now.toISOString())
    .executeTakeFirst();
  return row ? new Date(row.expiresAt) : null;
}

/** Ends the session of this token (signing out); false when it was already gone. */
export async function revokeSession(db: Kysely<ServerSchema>, token: string): Promise<boolean> {
  const result = await db.deleteFrom('sessions').where('tokenHash', '=', hashToken(token)).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Ends every session of an agent (an agent leaving, a supervisor ending their sessions); how many. */
export async function revokeAgentSessions(db: Kysely<ServerSchema>, agentId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('agentId', '=', agentId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
