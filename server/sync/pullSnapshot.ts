import type { Kysely } from 'kysely';
import type { SyncEntity, SyncPullResponse } from '../../shared/api/rest.js';
import type { ServerSchema } from '../db/schema.js';
import type { SyncedRow } from '../db/syncedRecords.js';
import { syncedTables } from '../db/syncedTables.js';
import { JsonBody } from '../http/route.js';
import { feedBound, scopeHead } from '../db/changeLogSeqs.js';
import { inScope, type AgentScope } from '../scope/agentScope.js';
import { branchChangesJson, changesJson } from './snapshotChangesJson.js';

/** After the branch's tables, the rows the agent owns in other branches (few: one short step). */
const OWNED = '~owned';

interface Position {
  /** The log's head when the snapshot began: the log pull resumes from here. */
  startSeq: number;
  total: number;
  done: number;
  entity: SyncEntity | typeof OWNED;
  afterId: string;
}

const encode = (p: Position) => `${p.startSeq}.${p.total}.${p.done}.${p.entity}.${p.afterId}`;

/** A snapshot page, serialised: the rows' JSON comes from the database (snapshotChangesJson.ts). */
export interface SnapshotPage {
  body: JsonBody<SyncPullResponse>;
  /** The position of the page after this one; null: the snapshot is complete. */
  next: string | null;
}

const COMMA = Buffer.from(',');

/**
 * The fast initial sync: the scope's live rows read straight from the tables, entity by entity
 * in id order (keyset pages: no join with the log, no OFFSET), then the rows the agent owns
 * elsewhere. Pages are not one database snapshot, so rows may change while it runs: the last
 * page answers `cursor` = the log's head when it began, and pulling the log from there brings
 * every change made since (rows re-sent are idempotent upserts at the seat; nothing is missed).
 */
export async function pullSnapshot(db: Kysely<ServerSchema>, scope: AgentScope, token: string, limit: number): Promise<SnapshotPage> {
  const entities = Object.keys(syncedTables) as SyncEntity[];
  let position = token === 'start' ? await startPosition(db, scope, entities) : decode(token, entities);
  const changes: Buffer[] = [];
  let count = 0;
  const add = (part: { count: number; json: Buffer }) => {
    if (part.count === 0) return;
    if (changes.length > 0) changes.push(COMMA);
    changes.push(part.json);
    count += part.count;
  };

  while (position.entity !== OWNED && count < limit) {
    const entity: SyncEntity = position.entity;
    const want = limit - count;
    const part = await branchChangesJson(db, entity, scope.branchId, position.afterId, want);
    add(part);
    const next = entities[entities.indexOf(entity) + 1];
    position =
      part.count === want
        ? { ...position, afterId: part.lastId! }
        : { ...position, entity: next ?? OWNED, afterId: '' };
  }
  let finished = false;
  if (position.entity === OWNED && count < limit) {
    for (const [entity, rows] of await ownedElsewhere(db, scope, position.startSeq)) add(changesJson(entity, rows));
    finished = true;
  }
  const done = position.done + count;
  const next = finished ? null : encode({ ...position, done });
  const head = await scopeHead(db, scope, await feedBound(db, scope));
  const rest: Omit<SyncPullResponse, 'changes'> = {
    removals: [],
    cursor: finished ? position.startSeq : 0,
    hasMore: !finished || head > position.startSeq,
    headSeq: head,
    snapshot: { next, done, total: finished ? done : Math.max(position.total, done) },
  };
  // {"changes":[…],"removals":[],…}: the keys in the order a serialised SyncPullResponse had them.
  const body = Buffer.concat([Buffer.from('{"changes":['), ...changes, Buffer.from(`],${JSON.stringify(rest).slice(1)}`)]);
  return { body: new JsonBody(body), next };
}

async function startPosition(db: Kysely<ServerSchema>, scope: AgentScope, entities: readonly SyncEntity[]): Promise<Position> {
  // The bound first: every change after it is in the log pull that follows the snapshot (and none
  // at or below it commits later, so the snapshot's rows include it).
  const startSeq = await feedBound(db, scope);
  // The progress total: the branch's log entries, one range of its (branch, seq) index. Counting
  // each table's rows would scan the tables without a branch index; a row changed several times
  // has several entries, so the total errs high and the last page sets it to what was sent.
  const { entries } = await db
    .selectFrom('changeLog')
    .select((eb) => eb.fn.countAll<number>().as('entries'))
    .where('branchId', '=', scope.branchId)
    .where('seq', '<=', startSeq)
    .executeTakeFirstOrThrow();
  return { startSeq, total: Number(entries), done: 0, entity: entities[0] ?? OWNED, afterId: '' };
}

function decode(token: string, entities: readonly SyncEntity[]): Position {
  // The shape is checked by the shared schema (SnapshotPosition); only the entity can be unknown.
  const [startSeq, total, done, entity, afterId] = token.split('.') as [string, string, string, string, string];
  if (entity !== OWNED && !entities.includes(entity as SyncEntity)) throw new Error(`unknown entity in snapshot position: ${entity}`);
  return { startSeq: Number(startSeq), total: Number(total), done: Number(done), entity: entity as Position['entity'], afterId };
}

/** Live rows the agent owns whose branch is another (the branch's own came with its tables). */
async function ownedElsewhere(db: Kysely<ServerSchema>, scope: AgentScope, startSeq: number): Promise<Array<[SyncEntity, SyncedRow<SyncEntity>[]]>> {
  if (scope.agentId === undefined) return [];
  const entries = await db
    .selectFrom('changeLog')
    .select(['entity', 'entityId'])
    .distinct()
    .where('ownerAgentId', '=', scope.agentId)
    .where('branchId', '<>', scope.branchId)
    .where('seq', '<=', startSeq)
    .execute();
  const idsByEntity = new Map<SyncEntity, string[]>();
  for (const { entity, entityId } of entries) idsByEntity.set(entity, [...(idsByEntity.get(entity) ?? []), entityId]);
  return Promise.all(
    [...idsByEntity].map(async ([entity, ids]) => {
      const rows: SyncedRow<SyncEntity>[] = await syncedTables[entity].load(db, ids);
      return [entity, rows.filter((row) => !row.deleted && row.branchId !== scope.branchId && inScope(row, scope))] as [SyncEntity, SyncedRow<SyncEntity>[]];
    }),
  );
}
