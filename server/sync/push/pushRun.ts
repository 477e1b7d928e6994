import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { FieldConflict, Mutation, MutationEntity, MutationResult } from '../../../shared/api/syncPush.js';
import type { Agent } from '../../../shared/domain/branch.js';
import type { ConflictingEntity } from '../../../shared/domain/conflict.js';
import { createdFields } from '../../../shared/entities/syncedEntity.js';
import { syncedEntities } from '../../../shared/entities/syncedEntities.js';
import { lockScopes } from '../../db/changeLogSeqs.js';
import type { ServerSchema } from '../../db/schema.js';
import type { SyncedRow, SyncedRowWrite } from '../../db/syncedRecords.js';
import { syncedTables } from '../../db/syncedTables.js';
import { writeSyncedChanges, type SyncedChange } from '../../db/writeSyncedRows.js';
import { inScope, scopeColumns, scopeKeys, scopeOf } from '../../scope/agentScope.js';
import type { ScopedChange } from '../changeNotifier.js';
import { describeFieldIssues, isConflicting, mergeFields, parsePatchFields, refuseUnpushable, stamps, type AppliedMutation } from './applyMutation.js';
import { changedFieldsOf, changesOfRows, keptBy, NOTHING_CHANGED, type LoggedChange } from './concurrentFields.js';
import { ledgerRecord, ledgerRows, type MutationAuthor, type StoredMutationRecord } from './mutationLedger.js';
import { MutationRejected } from './mutationRejected.js';
import { checkReferences, pushableEntities } from './pushableEntities.js';
import type { PushableEntity } from './pushableEntity.js';

/**
 * A push's mutations applied as a batch ("run") instead of one by one: the rows they touch read
 * in one statement per entity, the change-log entries they need for conflicts in one, a create's
 * checks of other rows in one (PushableEntity.checkCreates); then every mutation judged in order
 * in memory by the same rules as applyMutation, each seeing the run's earlier writes; then all
 * writes in one statement for the seqs and keys and one per table (writeSyncedChanges). The
 * answers are those one-by-one would give (tests/server/syncPushRuns.test.ts). A refused mutation
 * wrote nothing, so it needs no savepoint.
 *
 * Only mutations whose rules read nothing beyond what the run reads for them join a run
 * (joinsRun): updates whose rules read only their own row (readsOnlyItsRow), creates of entities
 * with checkCreates, neither with references or afterWrite. The rest go one by one (pushMutations).
 */

/** Whether the mutation may be applied in a run. */
export function joinsRun(mutation: Mutation): boolean {
  const rules = pushableEntities[mutation.entity] as PushableEntity<MutationEntity>;
  if (rules.afterWrite || Object.keys(rules.references).length > 0) return false;
  if (mutation.op === 'update') return rules.readsOnlyItsRow?.(mutation.patch) === true;
  if (mutation.op === 'create') return rules.checkCreates !== undefined;
  return false;
}

type RowKey = string;
const rowKey = (entity: MutationEntity, id: string): RowKey => `${entity}:${id}`;
type AnyRow = SyncedRow<MutationEntity>;

/** A create's row as its rules make it before anything is read (insertRow's checks), or its refusal. */
type PreparedCreate = { row: AnyRow } | { refused: MutationRejected };

/** The outcomes of a run's mutations, in order, their ledger records, and whether the run stored those already. */
export interface RunOutcome {
  outcomes: AppliedMutation[];
  records: StoredMutationRecord[];
  /** Whether the records were written with the run's changes (when it had any: writeSyncedChanges). */
  ledgerStored: boolean;
}

/**
 * Applies a prefix of `mutations` (all joinsRun, distinct mutationIds, none pushed before) as one
 * run, inside the push's transaction; returns their outcomes, in order (at least one). The run
 * stops early at an update of a row the run already changed whose base is above the row's last
 * committed version: whether it is ahead depends on the seq the row is about to get.
 */
export async function pushRun(trx: Kysely<ServerSchema>, agent: Agent, author: MutationAuthor, mutations: readonly Mutation[]): Promise<RunOutcome> {
  const scope = scopeOf(agent);
  // Creates hold the agent's scope keys before anything is read (as applyMutation: their checks
  // read other rows of the branch), and their ids' keys (two creates of one id from two branches).
  const creates = mutations.filter((m) => m.op === 'create');
  if (creates.length > 0) await lockScopes(trx, [...scopeKeys(scope), ...creates.map((m) => `id:${m.entity}:${m.entityId}`)]);
  const prepared = new Map<Mutation, PreparedCreate>();
  for (const mutation of creates) prepared.set(mutation, await prepareCreate(trx, agent, mutation));

  // The rows, one statement per entity, held until commit (row locks; updates here read only their own row).
  const idsByEntity = new Map<MutationEntity, Set<string>>();
  for (const { entity, entityId } of mutations) idsByEntity.set(entity, (idsByEntity.get(entity) ?? new Set()).add(entityId));
  const rows = new Map<RowKey, AnyRow | null>();
  const committedVersion = new Map<RowKey, number>();
  for (const [entity, ids] of idsByEntity) {
    for (const id of ids) rows.set(rowKey(entity, id), null);
    for (const row of await syncedTables[entity].loadForUpdate(trx, [...ids].sort())) {
      rows.set(rowKey(entity, row.id), row as AnyRow);
      committedVersion.set(rowKey(entity, row.id), row.version);
    }
  }
  // What others changed since each update's base, for conflicts: one statement.
  const logged = await changesOfRows(
    trx,
    mutations.filter((m) => m.op === 'update' && isConflicting(m.entity)).map((m) => ({ entity: m.entity as ConflictingEntity, entityId: m.entityId, baseVersion: m.baseVersion })),
  );
  // The creates' checks of other rows, read once per entity.
  const createChecks = new Map<MutationEntity, (row: AnyRow, written: Iterable<AnyRow>) => void>();
  for (const entity of new Set(creates.map((m) => m.entity))) {
    const rules = pushableEntities[entity] as PushableEntity<MutationEntity>;
    const candidates = creates.flatMap((m) => {
      const made = prepared.get(m);
      return m.entity === entity && made && 'row' in made ? [made.row] : [];
    });
    const check = await rules.checkCreates?.(trx, candidates, agent);
    if (check) createChecks.set(entity, check);
  }

  const run: Run = { trx, agent, author, rows, committedVersion, logged, createChecks, prepared, writes: [], lastWrite: new Map(), written: new Map() };
  const outcomes: Array<(seqs: readonly number[]) => AppliedMutation> = [];
  for (const mutation of mutations) {
    const key = rowKey(mutation.entity, mutation.entityId);
    if (mutation.op === 'update' && run.lastWrite.has(key) && mutation.baseVersion > (committedVersion.get(key) ?? 0)) break;
    try {
      outcomes.push(mutation.op === 'create' ? judgeCreate(run, mutation) : await judgeUpdate(run, mutation));
    } catch (error) {
      if (!(error instanceof MutationRejected)) throw error;
      const rejected = { mutationId: mutation.mutationId, status: 'rejected' as const, code: error.code, message: error.message };
      const result: MutationResult = error.refusal ? { ...rejected, details: error.refusal } : rejected;
      outcomes.push(() => ({ result, changes: [] }));
    }
  }
  // The ledger's records go with the run's writes (one statement on PostgreSQL: the scope keys the
  // seqs took are held for a round trip less); a run that wrote nothing leaves them to the push.
  const taken = mutations.slice(0, outcomes.length);
  let answered: { outcomes: AppliedMutation[]; records: StoredMutationRecord[] } | undefined;
  const answer = (seqs: readonly number[]) => {
    const applied = outcomes.map((outcome) => outcome(seqs));
    return { outcomes: applied, records: applied.map((outcome, i) => ledgerRecord(taken[i]!, author, outcome.result)) };
  };
  const seqs = await writeSyncedChanges(trx, run.writes, (seqs) => {
    answered = answer(seqs);
    return ledgerRows(new Map(answered.records.map((record, i) => [taken[i]!.mutationId, record])));
  });
  return answered ? { ...answered, ledgerStored: true } : { ...answer(seqs), ledgerStored: false };
}

/** A run in progress: what it read, and what it wrote so far (not yet in the database). */
interface Run {
  trx: Kysely<ServerSchema>;
  agent: Agent;
  author: MutationAuthor;
  /** Each row as it is now, the run's writes included (null: none). */
  rows: Map<RowKey, AnyRow | null>;
  /** Each existing row's version when the run read it. */
  committedVersion: ReadonlyMap<RowKey, number>;
  logged: ReadonlyMap<RowKey, LoggedChange[]>;
  createChecks: ReadonlyMap<MutationEntity, (row: AnyRow, written: Iterable<AnyRow>) => void>;
  prepared: ReadonlyMap<Mutation, PreparedCreate>;
  writes: SyncedChange[];
  /** The index in `writes` of each row's last write (its version: that write's seq). */
  lastWrite: Map<RowKey, number>;
  /** The rows the run wrote, by entity and id, as they are now. */
  written: Map<MutationEntity, Map<string, AnyRow>>;
}

/** Records a write; returns its index (its seq comes when the run is written). */
function stage(run: Run, entity: MutationEntity, before: AnyRow | null, after: AnyRow, fields: string[] | null, at: string): number {
  const { version: _placeholder, ...write } = after;
  const index = run.writes.push({ entity, before, after: write as SyncedRowWrite<MutationEntity>, fields, author: run.author, at }) - 1;
  const key = rowKey(entity, after.id);
  run.rows.set(key, after);
  run.lastWrite.set(key, index);
  let ofEntity = run.written.get(entity);
  if (!ofEntity) run.written.set(entity, (ofEntity = new Map()));
  ofEntity.set(after.id, after);
  return index;
}

/** applyOp's and insertRow's checks that read nothing, and completeCreate (the row as the server makes it). */
async function prepareCreate(trx: Kysely<ServerSchema>, agent: Agent, mutation: Mutation): Promise<PreparedCreate> {
  const rules = pushableEntities[mutation.entity] as PushableEntity<MutationEntity>;
  const { entity, entityId, patch } = mutation;
  try {
    refuseUnpushable(agent, rules, mutation);
    if (patch.branchId !== agent.branchId) throw new MutationRejected('out_of_scope', `branchId must be your branch (${agent.branchId})`);
    if (patch.id !== undefined && patch.id !== entityId) throw new MutationRejected('bad_patch', 'id: must equal entityId');
    for (const field of Object.keys(patch)) {
      if (!Object.hasOwn(rules.fields, field) || field === 'version' || field === 'deleted') throw new MutationRejected('bad_patch', `${field}: not a field a create may set`);
    }
    const parsed = rules.row.safeParse(createdFields(syncedEntities[entity], { ...patch, id: entityId, version: 0, deleted: false }));
    if (!parsed.success) throw new MutationRejected('bad_patch', describeFieldIssues(parsed.error.issues));
    return { row: (await rules.completeCreate?.(trx, parsed.data)) ?? parsed.data };
  } catch (error) {
    if (error instanceof MutationRejected) return { refused: error };
    throw error;
  }
}

/** applyCreate, in the run. */
function judgeCreate(run: Run, mutation: Mutation): (seqs: readonly number[]) => AppliedMutation {
  const { entity, entityId, mutationId } = mutation;
  const made = run.prepared.get(mutation);
  if (!made) throw new Error(`create ${mutationId} was not prepared`);
  if ('refused' in made) throw made.refused;
  if (run.rows.get(rowKey(entity, entityId))) throw new MutationRejected('already_exists', `${entity} ${entityId} already exists`);
  run.createChecks.get(entity)?.(made.row, run.written.get(entity)?.values() ?? []);
  const index = stage(run, entity, null, made.row, null, new Date().toISOString());
  const scope = scopeColumns(made.row, null);
  return (seqs) => ({ result: { mutationId, status: 'applied', version: seqOf(seqs, index) }, changes: [{ ...scope, seq: seqOf(seqs, index) }] });
}

/** applyUpdate of a change that reads only its own row (the row lock is the run's), in the run. */
async function judgeUpdate(run: Run, mutation: Mutation): Promise<(seqs: readonly number[]) => AppliedMutation> {
  const { agent, author } = run;
  const { entity, entityId, mutationId, baseVersion } = mutation;
  const rules = pushableEntities[entity] as PushableEntity<MutationEntity>;
  refuseUnpushable(agent, rules, mutation);
  const key = rowKey(entity, entityId);
  const current = run.rows.get(key);
  if (!current) throw new MutationRejected('not_found', `${entity} ${entityId} not found`);
  if (!inScope(current, scopeOf(agent))) throw new MutationRejected('out_of_scope', `${entity} ${entityId} is outside your branch and not yours`);
  // A row the run changed gets a seq above its committed version; pushRun stopped before a base above that.
  const earlierWrite = run.lastWrite.get(key);
  if (earlierWrite === undefined && baseVersion > current.version) throw new MutationRejected('version_ahead', `baseVersion ${baseVersion} is ahead of ${entity} ${entityId}'s version ${current.version}`);
  if (current.deleted) throw new MutationRejected('deleted', `${entity} ${entityId} was deleted`);

  const patched = parsePatchFields(rules, mutation.patch);
  const changes = rules.completeUpdate?.(current, patched) ?? patched;
  await checkReferences(run.trx, rules.references, changes, current.branchId);
  await rules.checkUpdate?.(current, changes, agent, run.trx);

  const mergedEntity = isConflicting(entity) ? entity : null;
  // The run's own writes are this seat's: they never count as another writer's (fieldsChangedSince).
  const concurrent = mergedEntity ? changedFieldsOf((run.logged.get(key) ?? []).filter((change) => change.seq > baseVersion), author) : NOTHING_CHANGED;
  const { applied, lost } = mergeFields(changes, current, concurrent);

  const now = new Date().toISOString();
  let written: number | undefined = earlierWrite;
  let scope: ReturnType<typeof scopeColumns> | null = null;
  if (Object.keys(applied).length > 0) {
    const merged = rules.row.parse({ ...current, ...applied, ...stamps(rules, now) });
    written = stage(run, entity, current, merged, Object.keys(applied), now);
    scope = scopeColumns(merged, current);
  }
  const versionOf = (seqs: readonly number[]) => (written === undefined ? current.version : seqOf(seqs, written));
  const rowChanges = (seqs: readonly number[]): ScopedChange[] => (scope && written !== undefined ? [{ ...scope, seq: seqOf(seqs, written) }] : []);
  if (lost.length === 0 || !mergedEntity) return (seqs) => ({ result: { mutationId, status: 'applied', version: versionOf(seqs) }, changes: rowChanges(seqs) });

  const fields: FieldConflict[] = lost.map((conflict) => ({ ...conflict, conflictId: randomUUID() }));
  const records = fields.map((conflict) => {
    const kept = keptBy(concurrent, conflict.field);
    const record = {
      id: conflict.conflictId,
      version: 0,
      deleted: false,
      entity: mergedEntity,
      entityId,
      branchId: current.branchId,
      field: conflict.field,
      mine: conflict.mine,
      theirs: conflict.theirs,
      mutationId,
      seatId: author.seatId,
      agentId: author.agentId,
      createdAt: now,
      resolved: false,
      // who wrote the value the server kept, and when: the panel says it on every seat
      theirsAgentId: kept?.agentId ?? null,
      theirsSeatId: kept?.seatId ?? null,
      theirsAt: kept?.at ?? null,
    } satisfies SyncedRow<'conflict'>;
    return { scope: scopeColumns(record, undefined), index: stage(run, 'conflict', null, record as AnyRow, null, now) };
  });
  return (seqs) => ({
    result: { mutationId, status: 'conflict', version: versionOf(seqs), fields },
    changes: [...rowChanges(seqs), ...records.map(({ scope: entry, index }) => ({ ...entry, seq: seqOf(seqs, index) }))],
  });
}

function seqOf(seqs: readonly number[], index: number): number {
  const seq = seqs[index];
  if (seq === undefined) throw new Error(`no seq for write ${index}`);
  return seq;
}
