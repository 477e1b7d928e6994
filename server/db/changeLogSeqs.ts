import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { scopeKeys, scopeWays, type AgentScope, type ScopeEntry } from '../scope/agentScope.js';
import type { ServerSchema } from './schema.js';

/**
 * The change feed in commit order without a global lock (docs/architecture.md, "Change feed").
 *
 * A seq taken before commit can commit after a higher one; a puller that read the higher one and
 * moved its cursor past the lower one would never see it. The feed therefore orders writers per
 * SCOPE KEY — a branch (`b:<id>`) or an owning agent (`a:<id>`), the scope rule's keys
 * (agentScope.entryKeys, scopeKeys) — instead of globally:
 * - a writer holds the key of every scope its entries concern (lockScopes) from before it takes
 *   their seqs until it commits; writers of other branches never wait for it;
 * - on PostgreSQL the seqs come from a sequence (no lock), on SQLite from change_log_head (SQLite
 *   runs one write transaction at a time anyway, so its seqs are already in commit order);
 * - so for one key, every entry at or below the committed head is visible, and a writer still in
 *   flight takes seqs above it. A puller reads up to feedBound: below the lowest seq a writer of
 *   one of its keys might still commit. Nothing it skips can commit below its cursor later.
 * Keys are PostgreSQL transaction-level advisory locks: no row is written to take one, they go at
 * commit or rollback, and a puller tests them without waiting (pg_try_advisory_xact_lock_shared).
 */

const keysHeld = new WeakMap<object, Set<string>>();

/** Whether the database is PostgreSQL (the only engine where writers run side by side). */
function onPostgres(db: Kysely<ServerSchema>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Takes the keys (held until the transaction ends) that it does not hold yet, in one global order
 * so that two writers taking several keys at once do not deadlock. Other keys that a longer
 * transaction takes later can still cross another's: PostgreSQL then aborts one (40P01), which
 * retryOnDeadlock runs again. Returns whether any key was newly taken: rows read before may
 * have changed meanwhile and must be read again. On SQLite, a no-op.
 */
export async function lockScopes(trx: Kysely<ServerSchema>, keys: readonly string[]): Promise<boolean> {
  const fresh = freshKeys(trx, keys, 'lockScopes');
  if (fresh.length === 0) return false;
  await sql`select pg_advisory_xact_lock(h) from (${orderedKeyHashes(fresh)}) as ordered`.execute(trx);
  holdKeys(trx, fresh);
  return true;
}

/** The keys the transaction does not hold yet ([] on SQLite, where keys are no-ops). */
function freshKeys(trx: Kysely<ServerSchema>, keys: readonly string[], caller: string): string[] {
  if (!trx.isTransaction) throw new Error(`${caller} must run inside the transaction that writes the changes`);
  if (!onPostgres(trx)) return [];
  const held = keysHeld.get(trx);
  return [...new Set(keys)].filter((key) => !held?.has(key));
}

function holdKeys(trx: Kysely<ServerSchema>, keys: readonly string[]): void {
  let held = keysHeld.get(trx);
  if (!held) keysHeld.set(trx, (held = new Set()));
  for (const key of keys) held.add(key);
}

/**
 * The keys' lock numbers, in the one order locks are taken in: branches before agents, so a
 * writer that finds a row's owner changed after taking its branch, and takes the new owner's key,
 * does not cross one that read the new owner first.
 */
function orderedKeyHashes(keys: readonly string[]) {
  return sql`select hashtextextended(k, 0) as h from unnest(${keys}::text[]) as k order by left(k, 2) = 'a:', h`;
}

/** After a rollback to a savepoint, which released the keys taken since it: forget them all (taken again when needed). */
export function forgetScopes(trx: Kysely<ServerSchema>): void {
  keysHeld.delete(trx);
}

const DEADLOCK = '40P01';
const DEADLOCK_ATTEMPTS = 3;

/** Runs a write transaction again when PostgreSQL aborted it to break a deadlock (nothing of it was kept). */
export async function retryOnDeadlock<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (attempt >= DEADLOCK_ATTEMPTS || (error as { code?: unknown }).code !== DEADLOCK) throw error;
    }
  }
}

/**
 * `count` new seqs, ascending, for entries whose scope keys the transaction holds from now until
 * it commits: `keys` not held yet are taken first (changeLogSeqs: a writer holds the key of every
 * scope its entries concern from before it takes their seqs). On PostgreSQL both in ONE
 * statement: the keys are an InitPlan, run before the first row (and its nextval) comes out. A
 * writer queued behind another of its branch thus holds the key for the fewest round trips: the
 * concurrent-seats profile found the branch's writers waiting on each other's round trips, not on
 * work (docs/architecture.md, "Change feed").
 */
export async function takeSeqs(trx: Kysely<ServerSchema>, count: number, keys: readonly string[] = []): Promise<number[]> {
  const fresh = freshKeys(trx, keys, 'takeSeqs');
  if (onPostgres(trx)) {
    const seqs = fresh.length === 0
      ? sql<{ seq: number }>`select nextval('change_log_seq') as seq from generate_series(1, ${count})`
      : sql<{ seq: number }>`with locked as materialized (select pg_advisory_xact_lock(h) from (${orderedKeyHashes(fresh)}) as ordered)
          select nextval('change_log_seq') as seq from generate_series(1, ${count}) where (select count(*) from locked) >= 0`;
    const { rows } = await seqs.execute(trx);
    holdKeys(trx, fresh);
    return rows.map((r) => Number(r.seq)).sort((a, b) => a - b);
  }
  const head = await trx
    .updateTable('changeLogHead')
    .set({ seq: sql<number>`seq + ${count}` })
    .where('id', '=', 1)
    .returning('seq')
    .executeTakeFirstOrThrow();
  const last = Number(head.seq);
  return Array.from({ length: count }, (_, i) => last - count + 1 + i);
}

/** The columns of the change log through which an entry concerns a key (see agentScope.scopeWays). */
function keyWays(scope: AgentScope, key: string): Array<[keyof ScopeEntry, string]> {
  return scopeWays(scope).filter(([column]) => (key.startsWith('b:') ? column === 'branchId' || column === 'exitedBranchId' : column === 'ownerAgentId' || column === 'exitedOwnerAgentId'));
}

/**
 * The newest seq at or below `bound` among the entries the ways find (0: none). One statement
 * (UNION ALL of one indexed lookup per way): one round trip and one connection per head.
 *
 * Each lookup must walk its way's own (column, seq) index backwards from the bound. Written as
 * `max(seq) … where column = value`, PostgreSQL's planner walked the change log's seq key
 * backwards instead, filtering on the column, on the guess that entries of an agent (a tenth of
 * the log) are spread evenly: an agent whose last owned entry lies 30,000 customer edits back had
 * 30,000 entries read per pull (3.5–8 ms each; at 200 seats a whole core of the database, the
 * largest cost the concurrent-seats profile found). `column = any(array[value])` with
 * `order by column, seq` asks for an order only that index gives (a single `=` would make the
 * column's order meaningless to the planner and the seq key would serve again): at most a
 * few index entries per lookup, whatever the log's length. SQLite's planner takes the index
 * from the plain `=`.
 */
async function newestSeq(db: Kysely<ServerSchema>, ways: ReadonlyArray<[keyof ScopeEntry, string]>, bound: number): Promise<number> {
  const postgres = onPostgres(db);
  const [first, ...rest] = ways.map(([column, value]) =>
    db
      .selectFrom((eb) =>
        eb
          .selectFrom('changeLog')
          .select('seq')
          .where(column, '=', postgres ? sql<string>`any(${sql.val([value])}::text[])` : value)
          .where('seq', '<=', bound)
          .orderBy(column, 'desc')
          .orderBy('seq', 'desc')
          .limit(1)
          .as('way'),
      )
      .selectAll(),
  );
  if (!first) return 0;
  const heads = await rest.reduce((query, next) => query.unionAll(next), first).execute();
  return Math.max(0, ...heads.map((head) => Number(head.seq)));
}

/**
 * The highest seq up to which the scope's feed is final: every entry concerning the scope at or
 * below it has committed, and any entry still to commit has a higher seq. Read without waiting.
 */
export async function feedBound(db: Kysely<ServerSchema>, scope: AgentScope): Promise<number> {
  if (!onPostgres(db)) {
    const head = await db.selectFrom('changeLogHead').select('seq').where('id', '=', 1).executeTakeFirst();
    return Number(head?.seq ?? 0);
  }
  // First every seq handed out so far (a writer that takes one later takes it above this), then
  // which keys a writer holds now: its seqs may lie below that, but above the key's committed
  // entries. One statement: the key test is a subquery correlated with the sequence's row, so it
  // runs after that row is read, never before.
  const keys = scopeKeys(scope);
  const { rows } = await sql<{ seq: number; busy: string[] }>`select issued.seq, array(select k from unnest(${keys}::text[]) as k where issued.seq is not null and not pg_try_advisory_xact_lock_shared(hashtextextended(k, 0))) as busy
    from (select case when is_called then last_value else last_value - 1 end as seq from change_log_seq) as issued`.execute(db);
  let bound = Number(rows[0]?.seq ?? 0);
  for (const key of rows[0]?.busy ?? []) bound = Math.min(bound, await newestSeq(db, keyWays(scope, key), bound));
  return bound;
}

/** The scope's head: its newest entry at or below the bound (what a seat with that cursor has seen all of). */
export function scopeHead(db: Kysely<ServerSchema>, scope: AgentScope, bound: number): Promise<number> {
  return newestSeq(db, scopeWays(scope), bound);
}
