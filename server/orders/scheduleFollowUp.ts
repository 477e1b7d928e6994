import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { followUpDueAt } from '../../shared/domain/followUp.js';
import type { ServerSchema } from '../db/schema.js';
import { writeSyncedRows } from '../db/writeSyncedRows.js';

/**
 * Completing an order schedules the call back (docs/architecture.md §1, step 4): an open follow-up due two
 * days later, written in the caller's transaction so the completion and its task commit together.
 * One follow-up per order.
 */
export async function scheduleFollowUp(
  trx: Kysely<ServerSchema>,
  order: { id: string; customerId: string; branchId: string },
  completedAt: string,
): Promise<void> {
  const existing = await trx.selectFrom('followUps').select('id').where('orderId', '=', order.id).executeTakeFirst();
  if (existing) return;
  await writeSyncedRows(trx, 'followUp', [
    {
      id: randomUUID(),
      deleted: false,
      orderId: order.id,
      customerId: order.customerId,
      branchId: order.branchId,
      dueAt: followUpDueAt(completedAt),
      status: 'open',
      satisfaction: null,
      remarks: '',
      doneAt: null,
      doneBy: null,
      createdAt: completedAt,
      attempts: 0,
      lastOutcome: null,
      lastAttemptAt: null,
    },
  ]);
}
