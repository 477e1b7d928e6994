import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { FieldConflict, Mutation, MutationEntity, MutationResult } from '../../../shared/api/syncPush.js';
import type { Agent } from '../../../shared/domain/branch.js';
import { ConflictingEntity } from '../../../shared/domain/conflict.js';
import { createdFields } from '../../../shared/entities/syncedEntity.js';
import { syncedEntities } from '../../../shared/entities/syncedEntities.js';
import type { ServerSchema } from '../../db/schema.js';
import type { SyncedRow, SyncedRowWrite } from '../../db/syncedRecords.js';
import { lockScopes, scopeHead } from '../../db/changeLogSeqs.js';
import { rowsUnderLock, writeSyncedRows, type RowHold } from '../../db/writeSyncedRows.js';
import { inScope, mayAct, scopeColumns, scopeKeys, scopeOf } from '../../scope/agentScope.js';
import type { ScopedChange } from '../changeNotifier.js';
import { changedByOthers, fieldsChangedSince, keptBy, NOTHING_CHANGED, type ChangedFields } from './concurrentFields.js';
import type { MutationAuthor } from './mutationLedger.js';
import { unstorableTextMessage } from '../../../shared/storableText.js';
import { MutationRejected } from './mutationRejected.js';
import { checkReferences, pushableEntities } from './pushableEntities.js';
import type { ChangeAuthor, PushableEntity, WrittenChange } from './pushableEntity.js';

/** A mutation's outcome, and the change-log entries it wrote (to tell the seats whose scope they concern). */
export interface AppliedMutation {
  result: MutationResult;
  changes: ScopedChange[];
}

/**
 * Applies one pushed mutation inside the caller's transaction. It holds the keys of the agent's
 * scope before it reads anything, and a row is read holding its own scope's keys too
 * (rowsUnderLock), so neither the row nor what the checks read of its branch can change between
 * reading and writing; except an update whose rules read only its own row (readsOnlyItsRow),
 * which holds just that row (a row lock) and takes the keys only to write. Every check comes
 * before the first write; a refusal throws MutationRejected.
 */
export function applyMutation(trx: Kysely<ServerSchema>, agent: Agent, author: MutationAuthor, mutation: Mutation): Promise<AppliedMutation> {
  return applyOp({ trx, agent, author, mutation }, mutation.entity);
}

/** Who writes, in which transaction. */
interface Writer {
  trx: Kysely<ServerSchema>;
  agent: Agent;
  author: ChangeAuthor;
}

/** What each op of a push works with: the writer (a seat's push) and the mutation. */
interface MutationContext extends Writer {
  author: MutationAuthor;
  mutation: Mutation;
}

/**
 * A row an agent makes, through push (a create mutation) or REST (POST /customers, …): the same
 * checks, the same branch rule and the same change-log write either way. Runs inside the caller's
 * transaction, which holds the agent's scope keys; a refusal throws MutationRejected.
 */
export async function createRow<E extends MutationEntity>(
  trx: Kysely<ServerSchema>,
  agent: Agent,
  author: ChangeAuthor,
  entity: E,
  entityId: string,
  patch: Readonly<Record<string, unknown>>,
): Promise<{ row: SyncedRow<E>; changes: ScopedChange[] }> {
  // No text check here: REST bodies are checked by the route (server/http/route.ts), pushed patches by applyOp.
  refuseUnlessServing(agent, entity);
  return insertRow({ trx, agent, author }, entity, pushableEntities[entity], entityId, patch);
}

/** Only roles that serve customers write the rows seats push (shared/domain/roles.ts); the parts desk and headquarters read them. */
function refuseUnlessServing(agent: Agent, entity: MutationEntity): void {
  if (!mayAct(agent, 'servesCustomers')) throw new MutationRejected('out_of_scope', `a ${agent.role} does not write ${entity} records`);
}

async function applyOp<E extends MutationEntity>(context: MutationContext, entity: E): Promise<AppliedMutation> {
  const rules: PushableEntity<E> = pushableEntities[entity];
  const { op } = context.mutation;
  refuseUnpushable(context.agent, rules, context.mutation);
  // The keys of the agent's scope before anything is read, unless the change reads only its own row.
  if (rowHold(rules, context.mutation) === 'scopeKeys') await lockScopes(context.trx, scopeKeys(scopeOf(context.agent)));
  switch (op) {
    case 'create':
      return applyCreate(context, entity, rules);
    case 'update':
      return applyUpdate(context, entity, rules);
    case 'delete':
      return applyDelete(context, entity, rules);
  }
}

/** The refusals that come before anything is read: who may push, which ops, storable text. */
export function refuseUnpushable<E extends MutationEntity>(agent: Agent, rules: PushableEntity<E>, mutation: Mutation): void {
  refuseUnlessServing(agent, mutation.entity);
  const { op } = mutation;
  if (rules.ops && !rules.ops.includes(op)) throw new MutationRejected('append_only', `${mutation.entity} records are append-only: a seat may only ${rules.ops.join(' or ')} them, not ${op}`);
  const unstorable = unstorableTextMessage(mutation.patch);
  if (unstorable) throw new MutationRejected('bad_patch', unstorable);
}

/** How the mutation holds what it reads until it writes (writeSyncedRows.RowHold). */
function rowHold<E extends MutationEntity>(rules: PushableEntity<E>, mutation: Mutation): RowHold {
  return mutation.op === 'update' && rules.readsOnlyItsRow?.(mutation.patch) ? 'rowLocks' : 'scopeKeys';
}

/** The row as it stays until commit (read holding its scope's keys, or its row lock). */
async function currentRow<E extends MutationEntity>(trx: Kysely<ServerSchema>, entity: E, id: string, hold: RowHold = 'scopeKeys'): Promise<SyncedRow<E> | undefined> {
  return (await rowsUnderLock(trx, entity, [id], hold)).get(id);
}

async function applyCreate<E extends MutationEntity>(context: MutationContext, entity: E, rules: PushableEntity<E>): Promise<AppliedMutation> {
  const { entityId, patch, mutationId } = context.mutation;
  const { version, changes } = await insertRow(context, entity, rules, entityId, patch);
  return { result: { mutationId, status: 'applied', version }, changes };
}

/**
 * The checks and the write of a new row. An agent makes rows in their own branch: the scope rule
 * lets the owner of another branch's row change that row, not add rows to that branch.
 */
async function insertRow<E extends MutationEntity>(
  writer: Writer,
  entity: E,
  rules: PushableEntity<E>,
  entityId: string,
  patch: Readonly<Record<string, unknown>>,
): Promise<{ row: SyncedRow<E>; version: number; changes: ScopedChange[] }> {
  const { trx, agent } = writer;
  if (patch.branchId !== agent.branchId) throw new MutationRejected('out_of_scope', `branchId must be your branch (${agent.branchId})`);
  if (patch.id !== undefined && patch.id !== entityId) throw new MutationRejected('bad_patch', 'id: must equal entityId');
  for (const field of Object.keys(patch)) {
    if (!Object.hasOwn(rules.fields, field) || field === 'version' || field === 'deleted') throw new MutationRejected('bad_patch', `${field}: not a field a create may set`);
  }
  // Nullable fields a create leaves out are null (an older seat's outbox predates them).
  const parsed = rules.row.safeParse(createdFields(syncedEntities[entity], { ...patch, id: entityId, version: 0, deleted: false }));
  if (!parsed.success) throw new MutationRejected('bad_patch', describeFieldIssues(parsed.error.issues));
  const row = (await rules.completeCreate?.(trx, parsed.data)) ?? parsed.data;
  // Two creates of one id from different branches hold no key in common: the id is a key of its own.
  await lockScopes(trx, [`id:${entity}:${entityId}`]);
  if (await currentRow(trx, entity, entityId)) throw new MutationRejected('already_exists', `${entity} ${entityId} already exists`);
  await checkReferences(trx, rules.references, patch, row.branchId);
  await rules.checkCreate?.(trx, row, agent);

  const { version, changes } = await writeRow(writer, entity, rules, null, row, null, new Date().toISOString());
  return { row: { ...row, version } as SyncedRow<E>, version, changes };
}

/**
 * Per-field merge: each patched field changed by another writer after `baseVersion` (and now
 * holding a different value) is a conflict — the server keeps its value and records the seat's in
 * a conflict record; the other fields are applied.
 */
async function applyUpdate<E extends MutationEntity>(context: MutationContext, entity: E, rules: PushableEntity<E>): Promise<AppliedMutation> {
  const { trx, agent, author, mutation } = context;
  const { mutationId } = mutation;
  const current = await existingRowInScope(trx, entity, agent, mutation.entityId, mutation.baseVersion, rowHold(rules, mutation));
  if (current.deleted) throw new MutationRejected('deleted', `${entity} ${mutation.entityId} was deleted`);

  const patched = parsePatchFields(rules, mutation.patch);
  const changes = rules.completeUpdate?.(current, patched) ?? patched;
  // What the row points to stays in the row's branch, whoever changes it (its owner may be elsewhere).
  await checkReferences(trx, rules.references, changes, current.branchId);
  await rules.checkUpdate?.(current, changes, agent, trx);

  // Conflict records themselves merge by last write: marking one resolved twice is no conflict.
  const mergedEntity = isConflicting(entity) ? entity : null;
  const concurrent = mergedEntity ? await fieldsChangedSince(trx, mergedEntity, mutation.entityId, mutation.baseVersion, author) : NOTHING_CHANGED;
  const { applied, lost } = mergeFields(changes, current, concurrent);

  const now = new Date().toISOString();
  let version = current.version;
  let logged: ScopedChange[] = [];
  if (Object.keys(applied).length > 0) {
    const merged = rules.row.parse({ ...current, ...applied, ...stamps(rules, now) });
    ({ version, changes: logged } = await writeRow(context, entity, rules, current, merged, Object.keys(applied), now));
  }
  if (lost.length === 0 || !mergedEntity) return { result: { mutationId, status: 'applied', version }, changes: logged };

  const fields: FieldConflict[] = lost.map((conflict) => ({ ...conflict, conflictId: randomUUID() }));
  const records = await writeSyncedRows(
    trx,
    'conflict',
    fields.map((conflict) => ({
      id: conflict.conflictId,
      deleted: false,
      entity: mergedEntity,
      entityId: mutation.entityId,
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
      theirsAgentId: keptBy(concurrent, conflict.field)?.agentId ?? null,
      theirsSeatId: keptBy(concurrent, conflict.field)?.seatId ?? null,
      theirsAt: keptBy(concurrent, conflict.field)?.at ?? null,
    })),
    { fields: null, author },
    new Map(fields.map((conflict) => [conflict.conflictId, null])), // fresh ids: new records
  );
  return {
    result: { mutationId, status: 'conflict', version, fields },
    changes: [...logged, ...records.map((record) => ({ ...scopeColumns(record, undefined), seq: record.version }))],
  };
}

export function isConflicting(entity: MutationEntity): entity is ConflictingEntity {
  return ConflictingEntity.safeParse(entity).success;
}

async function applyDelete<E extends MutationEntity>(context: MutationContext, entity: E, rules: PushableEntity<E>): Promise<AppliedMutation> {
  const { trx, agent, mutation } = context;
  const { mutationId } = mutation;
  const current = await existingRowInScope(trx, entity, agent, mutation.entityId, mutation.baseVersion);
  if (current.deleted) return { result: { mutationId, status: 'applied', version: current.version }, changes: [] };
  const now = new Date().toISOString();
  const tombstone = rules.row.parse({ ...current, ...stamps(rules, now), deleted: true });
  // A deleted order frees its outlet (orderDispatch.outletLoadChanges): afterWrite runs for deletes too.
  const { version, changes } = await writeRow(context, entity, rules, current, tombstone, ['deleted'], now);
  return { result: { mutationId, status: 'applied', version }, changes };
}

/**
 * Writes `after` over `before` (null: a new row), with the writes that go with it (afterWrite);
 * `fields` are the ones changed (null: all). Returns the row's new version and the change to tell
 * the seats of: the row's scope entry, at the newest seq of the write and what went with it.
 */
async function writeRow<E extends MutationEntity>(
  { trx, author }: Writer,
  entity: E,
  rules: PushableEntity<E>,
  before: (WrittenChange['after'] & { branchId: string; version: number }) | null,
  after: SyncedRow<E>,
  fields: string[] | null,
  at: string,
): Promise<{ version: number; changes: ScopedChange[] }> {
  const [written] = await writeSyncedRows(trx, entity, [withoutVersion(after)], { fields, author }, new Map([[after.id, before]]));
  const version = written?.version ?? before?.version ?? 0;
  const scope = scopeColumns(after, before);
  if (!rules.afterWrite) return { version, changes: [{ ...scope, seq: version }] };
  await rules.afterWrite(trx, { entityId: after.id, before, after, seq: version, author, at });
  // afterWrite may log more changes (a follow-up, an outlet's load, all in the row's branch): the
  // seats hear of the newest, this transaction's own (it holds the branch's key, so no later seq is committed there).
  return { version, changes: [{ ...scope, seq: await scopeHead(trx, { branchId: after.branchId }, Number.MAX_SAFE_INTEGER) }] };
}

/** The server's stamps (e.g. updatedAt) for a change made `now`. */
export function stamps<E extends MutationEntity>(rules: PushableEntity<E>, now: string): Record<string, string> {
  return Object.fromEntries(rules.stamped.map((field) => [field, now]));
}

async function existingRowInScope<E extends MutationEntity>(
  trx: Kysely<ServerSchema>,
  entity: E,
  agent: Agent,
  id: string,
  baseVersion: number,
  hold: RowHold = 'scopeKeys',
): Promise<SyncedRow<E>> {
  const current = await currentRow(trx, entity, id, hold);
  if (!current) throw new MutationRejected('not_found', `${entity} ${id} not found`);
  if (!inScope(current, scopeOf(agent))) throw new MutationRejected('out_of_scope', `${entity} ${id} is outside your branch and not yours`);
  // A base the server never wrote would make every concurrent change look seen: no conflict found.
  if (baseVersion > current.version) throw new MutationRejected('version_ahead', `baseVersion ${baseVersion} is ahead of ${entity} ${id}'s version ${current.version}`);
  return current;
}

/** Each patched field checked with its own schema; stamped fields dropped; fixed and unknown ones refused. */
export function parsePatchFields<E extends MutationEntity>(rules: PushableEntity<E>, patch: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const [field, value] of Object.entries(patch)) {
    if (rules.stamped.includes(field)) continue;
    const schema = Object.hasOwn(rules.fields, field) ? rules.fields[field] : undefined;
    if (!schema) problems.push(`${field}: unknown field`);
    else if (rules.fixed.includes(field)) problems.push(`${field}: cannot be changed`);
    else {
      const parsed = schema.safeParse(value);
      if (parsed.success) changes[field] = parsed.data;
      else problems.push(`${field}: ${parsed.error.issues.map((i) => i.message).join(', ')}`);
    }
  }
  if (problems.length > 0) throw new MutationRejected('bad_patch', problems.join('; '));
  return changes;
}

export function describeFieldIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues.map((i) => `${i.path.map(String).join('.') || '(patch)'}: ${i.message}`).join('; ');
}

/** The server assigns versions: a parsed row's placeholder version is not written. */
function withoutVersion<E extends MutationEntity>(row: SyncedRow<E>): SyncedRowWrite<E> {
  const { version: _placeholder, ...write } = row;
  return write;
}

/** Field values are JSON (strings, numbers, booleans, null). */
/**
 * The field-by-field merge: a field the seat sets to what the row holds is no change; one another
 * writer changed since the seat's base is lost (a conflict, theirs kept); the others are applied.
 */
export function mergeFields(
  changes: Readonly<Record<string, unknown>>,
  theirs: Readonly<Record<string, unknown>>,
  concurrent: ChangedFields,
): { applied: Record<string, unknown>; lost: Array<Omit<FieldConflict, 'conflictId'>> } {
  const applied: Record<string, unknown> = {};
  const lost: Array<Omit<FieldConflict, 'conflictId'>> = [];
  for (const [field, mine] of Object.entries(changes)) {
    if (sameValue(mine, theirs[field])) continue;
    if (changedByOthers(concurrent, field)) lost.push({ field, mine, theirs: theirs[field] });
    else applied[field] = mine;
  }
  return { applied, lost };
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
