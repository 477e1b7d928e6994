import type { Kysely } from 'kysely';
import type { ServerSchema } from '../db/schema.js';
import { rowsUnderLock, writeSyncedRows } from '../db/writeSyncedRows.js';

/**
 * Moves outlets' loads by the orders they gained or lost (orderDispatch.outletLoadChanges), in the
 * caller's transaction, through the change log so the branch's seats see the new loads (and suggest
 * the least loaded outlet on fresh figures). A load never goes below zero.
 */
export async function adjustOutletLoads(trx: Kysely<ServerSchema>, changes: ReadonlyArray<{ outletId: string; delta: number }>): Promise<void> {
  if (changes.length === 0) return;
  const outlets = [...(await rowsUnderLock(trx, 'outlet', changes.map((c) => c.outletId))).values()];
  const rows = outlets.map(({ version: _version, ...outlet }) => {
    const delta = changes.filter((c) => c.outletId === outlet.id).reduce((sum, c) => sum + c.delta, 0);
    return { ...outlet, load: Math.max(0, outlet.load + delta) };
  });
  await writeSyncedRows(trx, 'outlet', rows, { fields: ['load'] });
}
