import type { Kysely } from 'kysely';
import type { ServerSchema } from '../db/schema.js';

/**
 * How failed sign-ins slow further attempts, per login (guessing one agent's password) and per
 * client address (trying many logins). A branch's seats may share one address behind NAT, so an
 * address tolerates more failures than a login. Kept in the database: every API process enforces
 * the same count.
 */
interface ThrottleRule {
  /** Failures in a row before attempts are delayed: 1 s, then doubling. */
  delayAfter: number;
  /** Failures in a row that lock the key for LOCK_MS. */
  lockAfter: number;
}

const LOGIN_RULE: ThrottleRule = { delayAfter: 5, lockAfter: 20 };
const ADDRESS_RULE: ThrottleRule = { delayAfter: 20, lockAfter: 100 };
const LOCK_MS = 15 * 60 * 1000;
const MAX_DELAY_MS = 60 * 1000;

function keysOf(login: string, address: string): Array<{ key: string; rule: ThrottleRule }> {
  return [
    { key: `login:${login.toLowerCase()}`, rule: LOGIN_RULE },
    { key: `address:${address}`, rule: ADDRESS_RULE },
  ];
}

/** Until when attempts for this login or from this address are refused unchecked, or null. */
export async function blockedUntil(db: Kysely<ServerSchema>, login: string, address: string, now: Date): Promise<Date | null> {
  const rows = await db
    .selectFrom('loginFailures')
    .select('blockedUntil')
    .where(
      'key',
      'in',
      keysOf(login, address).map((k) => k.key),
    )
    .where('blockedUntil', '>', now.toISOString())
    .execute();
  const latest = rows.map((r) => r.blockedUntil).sort().at(-1);
  return latest ? new Date(latest) : null;
}

/** Counts a failed attempt against the login and the address, and sets their next allowed time. */
export async function recordFailure(db: Kysely<ServerSchema>, login: string, address: string, now: Date): Promise<void> {
  for (const { key, rule } of keysOf(login, address)) {
    // One atomic increment: concurrent failures on two processes are both counted.
    const { failures } = await db
      .insertInto('loginFailures')
      .values({ key, failures: 1, blockedUntil: now.toISOString() })
      .onConflict((oc) => oc.column('key').doUpdateSet((eb) => ({ failures: eb(eb.ref('loginFailures.failures'), '+', 1) })))
      .returning('failures')
      .executeTakeFirstOrThrow();
    const wait = waitAfter(Number(failures), rule);
    if (wait > 0) await db.updateTable('loginFailures').set({ blockedUntil: new Date(now.getTime() + wait).toISOString() }).where('key', '=', key).execute();
  }
}

/** A successful sign-in clears the login's count (not the address's: one good account must not reset it). */
export async function clearLoginFailures(db: Kysely<ServerSchema>, login: string): Promise<void> {
  await db.deleteFrom('loginFailures').where('key', '=', `login:${login.toLowerCase()}`).execute();
}

function waitAfter(failures: number, rule: ThrottleRule): number {
  if (failures >= rule.lockAfter) return LOCK_MS;
  if (failures < rule.delayAfter) return 0;
  return Math.min(1000 * 2 ** (failures - rule.delayAfter), MAX_DELAY_MS);
}
