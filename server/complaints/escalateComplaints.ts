import type { Kysely } from 'kysely';
import { complaintEscalationDue } from '../../shared/domain/complaint.js';
import { lockChangeLog } from '../db/changeLogSeqs.js';
import type { ServerSchema } from '../db/schema.js';
import { complaintFromRecord } from '../db/syncedRecords.js';
import { writeSyncedRows } from '../db/writeSyncedRows.js';
import { scopeColumns } from '../scope/agentScope.js';
import type { ScopedChange } from '../sync/changeNotifier.js';

/** How often the backend looks for complaints past a deadline (server/main.ts). */
export const ESCALATION_SWEEP_MS = 60_000;

/**
 * Escalates every open complaint whose deadline has passed at `now` (complaintEscalationDue: the
 * supervisor, then headquarters), as the server's own write: one change each, logged, so it
 * reaches the branch's seats by pull. Run by a timer (server/main.ts) and, with a moved clock, by
 * tests. Returns the changes to tell the seats of (ChangeNotifier.publish after it returns).
 */
export async function escalateOverdueComplaints(db: Kysely<ServerSchema>, now: Date): Promise<ScopedChange[]> {
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    // Under the change-log lock: a seat's step pushed meanwhile is either seen here or comes after.
    await lockChangeLog(trx);
    const records = await trx
      .selectFrom('complaints')
      .selectAll()
      .where('deleted', '=', 0)
      .where('status', 'not in', ['resolved', 'confirmed'])
      .where('escalation', '!=', 'headquarters')
      .where((eb) => eb.or([eb('resolveDueAt', '<', at), eb.and([eb('status', '=', 'received'), eb('acknowledgeDueAt', '<', at)])]))
      .execute();
    const changes: ScopedChange[] = [];
    for (const complaint of records.map(complaintFromRecord)) {
      const escalation = complaintEscalationDue(complaint, now);
      if (escalation === complaint.escalation) continue;
      const { version: _old, ...row } = complaint;
      const [written] = await writeSyncedRows(trx, 'complaint', [{ ...row, escalation, escalatedAt: at, updatedAt: at }], { fields: ['escalation', 'escalatedAt', 'updatedAt'] });
      if (written) changes.push({ ...scopeColumns(written, complaint), seq: written.version });
    }
    return changes;
  });
}
