import type { Kysely } from 'kysely';
import { CacheKeyEscrow, MAX_ESCROWS_PER_AGENT, WrappedCacheKey, type CacheKeyEscrowPut } from '../../shared/api/cacheKeyEscrow.js';
import type { Agent } from '../../shared/domain/branch.js';
import type { ServerSchema } from '../db/schema.js';
import { inTransaction } from '../db/transaction.js';

type EscrowRecord = ServerSchema['cacheKeyEscrow'];

function escrowFromRecord(record: EscrowRecord): CacheKeyEscrow {
  return CacheKeyEscrow.parse({ cacheId: record.cacheId, wrappedKey: WrappedCacheKey.parse(JSON.parse(record.wrappedKey)), escrowedAt: record.escrowedAt });
}

/**
 * Keeps the calling agent's wrapped key of one seat cache (docs/architecture.md §8 (cache key escrow)),
 * overwriting an older one of the same cache and dropping the one of the cache it replaces. An
 * agent keeps at most MAX_ESCROWS_PER_AGENT: the oldest beyond that is dropped.
 */
export async function escrowCacheKey(db: Kysely<ServerSchema>, agent: Agent, cacheId: string, put: CacheKeyEscrowPut, now: Date): Promise<CacheKeyEscrow> {
  const record: EscrowRecord = { agentId: agent.id, cacheId, wrappedKey: JSON.stringify(put.wrappedKey), escrowedAt: now.toISOString() };
  await inTransaction(db, async (trx) => {
    if (put.replaces && put.replaces !== cacheId) {
      await trx.deleteFrom('cacheKeyEscrow').where('agentId', '=', agent.id).where('cacheId', '=', put.replaces).execute();
    }
    await trx
      .insertInto('cacheKeyEscrow')
      .values(record)
      .onConflict((oc) => oc.columns(['agentId', 'cacheId']).doUpdateSet({ wrappedKey: record.wrappedKey, escrowedAt: record.escrowedAt }))
      .execute();
    const beyond = await trx
      .selectFrom('cacheKeyEscrow')
      .select('cacheId')
      .where('agentId', '=', agent.id)
      .orderBy('escrowedAt', 'desc')
      .orderBy('cacheId')
      .offset(MAX_ESCROWS_PER_AGENT)
      .limit(1000)
      .execute();
    if (beyond.length > 0) {
      await trx.deleteFrom('cacheKeyEscrow').where('agentId', '=', agent.id).where('cacheId', 'in', beyond.map((b) => b.cacheId)).execute();
    }
  });
  return escrowFromRecord(record);
}

/** The calling agent's escrow of that cache, or null: another agent's escrow is never found. */
export async function escrowedCacheKey(db: Kysely<ServerSchema>, agent: Agent, cacheId: string): Promise<CacheKeyEscrow | null> {
  const record = await db.selectFrom('cacheKeyEscrow').selectAll().where('agentId', '=', agent.id).where('cacheId', '=', cacheId).executeTakeFirst();
  return record ? escrowFromRecord(record) : null;
}
