import { sql, type Kysely } from 'kysely';
import type { ServerSchema } from './schema.js';

/**
 * Change-log seqs in commit order, on both engines. A PostgreSQL sequence hands out values before
 * commit, so with `seq > cursor` a puller could read seq 11, move its cursor past 10, and never
 * see 10 when its transaction commits late. Instead every writer takes its seqs by updating the
 * single change_log_head row: the row lock is held until the writer commits, so the next writer
 * gets higher seqs only after this one's are visible. Readers see a gap-free prefix (a rolled-back
 * writer's seqs are rolled back with it). The cost: transactions that write synced rows are
 * serialised from the moment they take seqs, so they take them as late as possible.
 * (SQLite already serialises write transactions; the same code runs there unchanged.)
 */
export async function takeSeqs(trx: Kysely<ServerSchema>, count: number): Promise<number[]> {
  if (!trx.isTransaction) throw new Error('takeSeqs must run inside the transaction that writes the changes');
  const head = await trx
    .updateTable('changeLogHead')
    .set({ seq: sql<number>`seq + ${count}` })
    .where('id', '=', 1)
    .returning('seq')
    .executeTakeFirstOrThrow();
  const last = Number(head.seq);
  return Array.from({ length: count }, (_, i) => last - count + 1 + i);
}

/**
 * Takes the change-log lock without taking a seq: a read-modify-write (push's merge) then reads
 * rows no other writer can change before this transaction commits.
 */
export async function lockChangeLog(trx: Kysely<ServerSchema>): Promise<void> {
  if (!trx.isTransaction) throw new Error('lockChangeLog must run inside a transaction');
  await trx.updateTable('changeLogHead').set({ seq: sql<number>`seq` }).where('id', '=', 1).execute();
}

/** The last seq handed out: inside a writer's transaction, after its writes, its own last seq. */
export async function headSeq(trx: Kysely<ServerSchema>): Promise<number> {
  const head = await trx.selectFrom('changeLogHead').select('seq').where('id', '=', 1).executeTakeFirstOrThrow();
  return Number(head.seq);
}
