import type { Kysely } from 'kysely';
import type { Agent } from '../../shared/domain/branch.js';
import type { ServerSchema } from '../db/schema.js';
import { ApiFailure } from '../http/apiFailure.js';
import { findSessionAgent } from './sessions.js';

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(authorization: string | undefined): string | null {
  return /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1] ?? null;
}

/** The agent behind an `Authorization: Bearer <token>` header; 401 when missing, unknown or expired. */
export async function authenticate(db: Kysely<ServerSchema>, authorization: string | undefined): Promise<Agent> {
  const token = bearerToken(authorization);
  const agent = token ? await findSessionAgent(db, token) : null;
  if (!agent) throw ApiFailure.unauthorized();
  return agent;
}
