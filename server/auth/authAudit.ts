import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { ServerSchema } from '../db/schema.js';

type AuthAuditEvent = 'signed_in' | 'wrong_credentials' | 'throttled' | 'signed_out' | 'sessions_revoked';

export interface AuthAuditRecord {
  event: AuthAuditEvent;
  login?: string;
  agentId?: string;
  address?: string;
  actorAgentId?: string;
}

/** Records one sign-in attempt, sign-out or revocation: the trail a security review reads. */
export async function recordAuthEvent(db: Kysely<ServerSchema>, record: AuthAuditRecord, now = new Date()): Promise<void> {
  await db
    .insertInto('authAudit')
    .values({
      id: randomUUID(),
      at: now.toISOString(),
      event: record.event,
      login: record.login ?? null,
      agentId: record.agentId ?? null,
      address: record.address ?? null,
      actorAgentId: record.actorAgentId ?? null,
    })
    .execute();
}
