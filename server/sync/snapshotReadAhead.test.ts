import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { ServerSchema } from '../db/schema.js';
import { JsonBody } from '../http/route.js';
import type { SnapshotPage } from './pullSnapshot.js';
import type { AgentScope } from '../scope/agentScope.js';
import { SnapshotReadAhead } from './snapshotReadAhead.js';

/** A snapshot of `pages` pages: position "p<n>" answers page n, whose next is "p<n+1>". */
function pagedSnapshot(pages: number) {
  const reads: string[] = [];
  let failNext = false;
  const read = async (_db: Kysely<ServerSchema>, scope: AgentScope, position: string): Promise<SnapshotPage> => {
    reads.push(`${scope.agentId}:${position}`);
    if (failNext) {
      failNext = false;
      throw new Error('database went away');
    }
    const n = position === 'start' ? 0 : Number(position.slice(1));
    const next = n + 1 < pages ? `p${n + 1}` : null;
    const body = { changes: [], removals: [], cursor: next ? 0 : 42, hasMore: next !== null, headSeq: 42, snapshot: { next, done: n, total: pages } };
    return { body: new JsonBody(Buffer.from(JSON.stringify(body))), next };
  };
  return { reads, read, failOnce: () => (failNext = true) };
}

const db = {} as Kysely<ServerSchema>;
const agent = (agentId: string): AgentScope => ({ branchId: 'b', agentId });

describe('initial-sync pages read one ahead', () => {
  it('reads the next page when one leaves and hands it over when asked, each page read once', async () => {
    const snapshot = pagedSnapshot(3);
    const ahead = new SnapshotReadAhead(snapshot.read);
    expect((await ahead.page(db, agent('a'), 'start', 10)).next).toBe('p1');
    expect(snapshot.reads).toEqual(['a:start', 'a:p1']);
    expect((await ahead.page(db, agent('a'), 'p1', 10)).next).toBe('p2');
    expect((await ahead.page(db, agent('a'), 'p2', 10)).next).toBeNull();
    expect(snapshot.reads).toEqual(['a:start', 'a:p1', 'a:p2']);
  });

  it('never hands one agent the page read for another, or for another page size', async () => {
    const snapshot = pagedSnapshot(3);
    const ahead = new SnapshotReadAhead(snapshot.read);
    await ahead.page(db, agent('a'), 'start', 10);
    await ahead.page(db, agent('b'), 'p1', 10);
    await ahead.page(db, agent('a'), 'p1', 20);
    expect(snapshot.reads).toEqual(['a:start', 'a:p1', 'b:p1', 'b:p2', 'a:p1', 'a:p2']);
  });

  it('reads again when the page read ahead failed or has grown old', async () => {
    let clock = 0;
    const snapshot = pagedSnapshot(4);
    const ahead = new SnapshotReadAhead(snapshot.read, 16, 1_000, () => clock);
    snapshot.failOnce();
    await expect(ahead.page(db, agent('a'), 'start', 10)).rejects.toThrow('database went away');
    await ahead.page(db, agent('a'), 'start', 10); // p1 read ahead
    snapshot.failOnce();
    await ahead.page(db, agent('a'), 'p1', 10); // p2 read ahead fails
    await ahead.page(db, agent('a'), 'p2', 10); // so p2 is read again
    clock = 5_000;
    await ahead.page(db, agent('a'), 'p3', 10); // the p3 read ahead is too old
    expect(snapshot.reads).toEqual(['a:start', 'a:start', 'a:p1', 'a:p2', 'a:p2', 'a:p3', 'a:p3']);
  });
});
