import type { Kysely } from 'kysely';
import type { ServerSchema } from '../db/schema.js';
import { pullSnapshot, type SnapshotPage } from './pullSnapshot.js';
import type { AgentScope } from '../scope/agentScope.js';

type ReadPage = (db: Kysely<ServerSchema>, scope: AgentScope, position: string, limit: number) => Promise<SnapshotPage>;

interface PageAhead {
  page: Promise<SnapshotPage>;
  readAt: number;
}

/**
 * Initial-sync pages read one ahead. A keyset position is only known once the page before it is
 * out, so a seat cannot ask for two at once; instead, when a page leaves, the server reads the
 * next one while the seat is writing this one, and hands it over when asked. Reading a page a
 * little early is as correct as the seat asking a little early: what changes after the snapshot
 * began comes with the log pull that follows it. Kept per agent and page size, a handful at most,
 * for a short while.
 */
export class SnapshotReadAhead {
  private readonly ahead = new Map<string, PageAhead>();

  constructor(
    private readonly read: ReadPage = pullSnapshot,
    private readonly maxPages = 16,
    private readonly maxAgeMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  async page(db: Kysely<ServerSchema>, scope: AgentScope, position: string, limit: number): Promise<SnapshotPage> {
    const waiting = this.take(keyOf(scope, position, limit));
    const page = (waiting && (await waiting.catch(() => null))) ?? (await this.read(db, scope, position, limit));
    const { next } = page;
    if (next) this.put(keyOf(scope, next, limit), this.read(db, scope, next, limit));
    return page;
  }

  private take(key: string): Promise<SnapshotPage> | null {
    const found = this.ahead.get(key);
    this.ahead.delete(key);
    return found && this.now() - found.readAt <= this.maxAgeMs ? found.page : null;
  }

  private put(key: string, page: Promise<SnapshotPage>): void {
    page.catch(() => undefined); // a failed read ahead is read again when asked for
    this.ahead.set(key, { page, readAt: this.now() });
    for (const [old, entry] of this.ahead) {
      if (this.ahead.size <= this.maxPages && this.now() - entry.readAt <= this.maxAgeMs) break;
      this.ahead.delete(old);
    }
  }
}

function keyOf(scope: AgentScope, position: string, limit: number): string {
  return `${scope.branchId}|${scope.agentId ?? ''}|${limit}|${position}`;
}

const byDatabase = new WeakMap<Kysely<ServerSchema>, SnapshotReadAhead>();

/** The read-ahead of one database's server (tests run several servers in one process). */
export function snapshotReadAheadOf(db: Kysely<ServerSchema>): SnapshotReadAhead {
  let readAhead = byDatabase.get(db);
  if (!readAhead) byDatabase.set(db, (readAhead = new SnapshotReadAhead()));
  return readAhead;
}
