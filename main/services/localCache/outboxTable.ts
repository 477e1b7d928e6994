import type { Mutation, MutationEntity } from '../../../shared/api/syncPush.js';
import { ReceivedRefusal } from '../../../shared/domain/refusal.js';
import type { DeadLetter } from '../../../shared/workstationApi.js';
import { receivedCode, RejectionCode } from '../../../shared/errorCodes.js';
import type { LocalCacheDb } from './openLocalCache.js';

/** All SQL touching the cache's `outbox`, `server_shadows` and `dead_letters` tables. */

export interface OutboxEntry extends Mutation {
  seq: number;
  createdAt: string;
  attempts: number;
  lastError: string | null;
}

/** A stored code that this build no longer knows reads as `unknown`. */
const storedRejectionCode = receivedCode(RejectionCode);

/** A stored refusal, or null (none given, or stored by a build whose shape this one cannot read). */
function storedRefusal(json: string | null): ReceivedRefusal | null {
  if (json === null) return null;
  const parsed = ReceivedRefusal.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : null;
}

interface OutboxRow {
  seq: number;
  mutation_id: string;
  entity: string;
  entity_id: string;
  op: string;
  base_version: number;
  patch: string;
  created_at: string;
  attempts: number;
  last_error: string | null;
}

function toEntry(r: OutboxRow): OutboxEntry {
  return {
    seq: r.seq,
    mutationId: r.mutation_id,
    entity: r.entity as MutationEntity,
    entityId: r.entity_id,
    op: r.op as Mutation['op'],
    baseVersion: r.base_version,
    patch: JSON.parse(r.patch) as Record<string, unknown>,
    createdAt: r.created_at,
    attempts: r.attempts,
    lastError: r.last_error,
  };
}

export function outboxTable(db: LocalCacheDb) {
  const insert = db.prepare(`
    INSERT INTO outbox (mutation_id, entity, entity_id, op, base_version, patch, created_at)
    VALUES (@mutationId, @entity, @entityId, @op, @baseVersion, @patch, @createdAt)`);
  const head = db.prepare('SELECT * FROM outbox ORDER BY seq LIMIT ?');
  const ofEntity = db.prepare('SELECT * FROM outbox WHERE entity = ? AND entity_id = ? ORDER BY seq');
  const byMutation = db.prepare('SELECT * FROM outbox WHERE mutation_id = ?');
  const remove = db.prepare('DELETE FROM outbox WHERE mutation_id = ?');
  const failedAttempt = db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = @error WHERE seq <= @upToSeq');
  const count = db.prepare('SELECT count(*) AS n FROM outbox');
  const shadowGet = db.prepare('SELECT row FROM server_shadows WHERE entity = ? AND entity_id = ?');
  const shadowPut = db.prepare(
    'INSERT INTO server_shadows (entity, entity_id, row) VALUES (?, ?, ?) ON CONFLICT(entity, entity_id) DO UPDATE SET row = excluded.row',
  );
  const shadowDrop = db.prepare('DELETE FROM server_shadows WHERE entity = ? AND entity_id = ?');
  const deadInsert = db.prepare(`
    INSERT OR IGNORE INTO dead_letters (mutation_id, entity, entity_id, op, patch, code, message, refusal, created_at, rejected_at)
    VALUES (@mutationId, @entity, @entityId, @op, @patch, @code, @message, @refusal, @createdAt, @rejectedAt)`);
  const deadAll = db.prepare('SELECT * FROM dead_letters ORDER BY rejected_at DESC');
  const deadRemove = db.prepare('DELETE FROM dead_letters WHERE mutation_id = ?');

  return {
    append(m: Mutation, createdAt: string): void {
      insert.run({ ...m, patch: JSON.stringify(m.patch), createdAt });
    },
    /** The oldest pending mutations: an indexed read of the first rows, O(1) when there are none. */
    head(limit: number): OutboxEntry[] {
      return (head.all(limit) as OutboxRow[]).map(toEntry);
    },
    pendingFor(entity: MutationEntity, entityId: string): OutboxEntry[] {
      return (ofEntity.all(entity, entityId) as OutboxRow[]).map(toEntry);
    },
    get(mutationId: string): OutboxEntry | null {
      const row = byMutation.get(mutationId) as OutboxRow | undefined;
      return row ? toEntry(row) : null;
    },
    remove(mutationId: string): void {
      remove.run(mutationId);
    },
    recordFailedAttempt(upToSeq: number, error: string): void {
      failedAttempt.run({ upToSeq, error });
    },
    count(): number {
      return (count.get() as { n: number }).n;
    },
    shadow(entity: MutationEntity, entityId: string): Record<string, unknown> | null {
      const row = shadowGet.get(entity, entityId) as { row: string } | undefined;
      return row ? (JSON.parse(row.row) as Record<string, unknown>) : null;
    },
    putShadow(entity: MutationEntity, entityId: string, row: object): void {
      shadowPut.run(entity, entityId, JSON.stringify(row));
    },
    dropShadow(entity: MutationEntity, entityId: string): void {
      shadowDrop.run(entity, entityId);
    },
    bury(entry: OutboxEntry, code: RejectionCode | 'unknown', message: string, rejectedAt: string, refusal: ReceivedRefusal | null = null): void {
      deadInsert.run({ ...entry, patch: JSON.stringify(entry.patch), code, message, refusal: refusal === null ? null : JSON.stringify(refusal), rejectedAt });
      remove.run(entry.mutationId);
    },
    deadLetters(): DeadLetter[] {
      return (deadAll.all() as Array<Omit<OutboxRow, 'seq' | 'base_version' | 'attempts' | 'last_error'> & { code: string; message: string; refusal: string | null; rejected_at: string }>).map((r) => ({
        mutationId: r.mutation_id,
        entity: r.entity as MutationEntity,
        entityId: r.entity_id,
        op: r.op as Mutation['op'],
        patch: JSON.parse(r.patch) as Record<string, unknown>,
        code: storedRejectionCode.parse(r.code),
        message: r.message,
        refusal: storedRefusal(r.refusal),
        createdAt: r.created_at,
        rejectedAt: r.rejected_at,
      }));
    },
    dismissDeadLetter(mutationId: string): void {
      deadRemove.run(mutationId);
    },
  };
}
