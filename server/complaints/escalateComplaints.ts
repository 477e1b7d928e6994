import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { complaintEscalationDue } from '../../shared/domain/complaint.js';
import { retryOnDeadlock } from '../db/changeLogSeqs.js';
import type { ServerSchema } from '../db/schema.js';
import { rowsUnderLock, writeSyncedRows } from '../db/writeSyncedRows.js';
import { scopeColumns } from '../scope/agentScope.js';
import type { ScopedChange } from '../sync/changeNotifier.js';

/** How often the backend looks for complaints past a deadline (server/main.ts). */
export const ESCALATION_SWEEP_MS = 60_000;

/**
 * Escalates every open complaint whose deadline has passed at `now` (complaintEscalationDue: the
 * supervisor, then headquarters), as the server's own write: one change each, logged, so it
 * reaches the branch's seats by pull, and one escalation step in the complaint's step list. Run by a timer (buildServer's escalationSweepMs) and, with a
 * moved clock, by tests. Returns the changes to tell the seats of (ChangeNotifier.publish).
 */
export async function escalateOverdueComplaints(db: Kysely<ServerSchema>, now: Date): Promise<ScopedChange[]> {
  const at = now.toISOString();
  const candidates = await db
    .selectFrom('complaints')
    .select('id')
    .where('deleted', '=', 0)
    .where('status', 'not in', ['resolved', 'confirmed'])
    .where('escalation', '!=', 'headquarters')
    .where((eb) => eb.or([eb('resolveDueAt', '<', at), eb.and([eb('status', '=', 'received'), eb('acknowledgeDueAt', '<', at)])]))
    .execute();
  const changes: ScopedChange[] = [];
  for (const { id } of candidates) {
    // One transaction per complaint: a sweep holds one branch's key at a time.
    const change = await retryOnDeadlock(() =>
      db.transaction().execute(async (trx) => {
        // Read again under its branch's key: a step a seat pushed meanwhile is either seen here or comes after.
        const current = (await rowsUnderLock(trx, 'complaint', [id])).get(id);
        if (!current || current.deleted) return null;
        const escalation = complaintEscalationDue(current, now);
        if (escalation === current.escalation) return null;
        const { version: _old, ...row } = current;
        const changed = { ...row, escalation, escalatedAt: at, updatedAt: at };
        const [written] = await writeSyncedRows(trx, 'complaint', [changed], { fields: ['escalation', 'escalatedAt', 'updatedAt'] }, new Map([[id, current]]));
        if (!written) return null;
        // The step list records it too (the backend's own step: no agent), in the same transaction.
        const [step] = await writeSyncedRows(trx, 'complaintStep', [
          {
            id: randomUUID(),
            deleted: false,
            branchId: current.branchId,
            customerId: current.customerId,
            complaintId: id,
            orderId: current.orderId,
            kind: 'escalated',
            fromStatus: null,
            at,
            agentId: null,
            text: '',
            compensationKind: null,
            compensationYuan: null,
            escalation,
          },
        ]);
        return { ...scopeColumns(written, current), seq: step?.version ?? written.version };
      }),
    );
    if (change) changes.push(change);
  }
  return changes;
}
