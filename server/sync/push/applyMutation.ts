import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { FieldConflict, Mutation, MutationEntity, MutationResult } from '../../../shared/api/syncPush.js';
import type { Agent } from '../../../shared/domain/branch.js';
import { ConflictingEntity } from '../../../shared/domain/conflict.js';
import type { ServerSchema } from '../../db/schema.js';
import type { SyncedRow, SyncedRowWrite } from '../../db/syncedRecords.js';
import { headSeq } from '../../db/changeLogSeqs.js';
import { syncedTables } from '../../db/syncedTables.js';
import { writeSyncedRows } from '../../db/writeSyncedRows.js';
import { fieldsChangedSince } from './concurrentFields.js';
import type { MutationAuthor } from './mutationLedger.js';
import { nulMessage, pathOfNul } from '../../../shared/nulCharacter.js';
import { MutationRejected } from './mutationRejected.js';
import { checkReferences, pushableEntities, type PushableEntity, type WrittenChange } from './pushableEntities.js';

/** A mutation's outcome, and the branch whose change log it extended (to tell that branch's seats). */
export interface AppliedMutation {
  result: MutationResult;
  changed: { branchId: string; seq: number } | null;
}

/**
 * Applies one pushed mutation inside the caller's transaction, which must hold the change-log lock
 * (lockChangeLog) so the row cannot change between reading and writing it. Every check comes
 * before the first write; a refusal throws MutationRejected.
 */
export function applyMutation(trx: Kysely<ServerSchema>, agent: Agent, author: MutationAuthor, mutation: Mutation): Promise<AppliedMutation> {
  return applyOp({ trx, agent, author, mutation }, mutation.entity);
}

/** What each op works with: the caller's transaction, who pushed, and what. */
interface MutationContext {
  trx: Kysely<ServerSchema>;
  agent: Agent;
  author: MutationAuthor;
  mutation: Mutation;
}

async function applyOp<E extends MutationEntity>(context: MutationContext, entity: E): Promise<AppliedMutation> {
  const rules: PushableEntity<E> = pushableEntities[entity];
  const { op } = context.mutation;
  if (rules.ops && !rules.ops.includes(op)) throw new MutationRejected('append_only', `${entity} records are append-only: a seat may only ${rules.ops.join(' or ')} them, not ${op}`);
  const nul = pathOfNul(context.mutation.patch);
  if (nul) throw new MutationRejected('bad_patch', nulMessage(nul));
  switch (op) {
    case 'create':
      return applyCreate(context, entity, rules);
    case 'update':
      return applyUpdate(context, entity, rules);
    case 'delete':
      return applyDelete(context, entity, rules);
  }
}

async function currentRow<E extends MutationEntity>(trx: Kysely<ServerSchema>, entity: E, id: string): Promise<SyncedRow<E> | undefined> {
  const [row] = await syncedTables[entity].load(trx, [id]);
  return row;
}

async function applyCreate<E extends MutationEntity>(context: MutationContext, entity: E, rules: PushableEntity<E>): Promise<AppliedMutation> {
  const { trx, agent, mutation } = context;
  const { patch } = mutation;
  if (patch.branchId !== agent.branchId) throw new MutationRejected('out_of_scope', `branchId must be your branch (${agent.branchId})`);
  if (patch.id !== undefined && patch.id !== mutation.entityId) throw new MutationRejected('bad_patch', 'id: must equal entityId');
  for (const field of Object.keys(patch)) {
    if (!Object.hasOwn(rules.fields, field) || field === 'version' || field === 'deleted') throw new MutationRejected('bad_patch', `${field}: not a field a create may set`);
  }
  const parsed = rules.row.safeParse({ ...patch, id: mutation.entityId, version: 0, deleted: false });
  if (!parsed.success) throw new MutationRejected('bad_patch', describeFieldIssues(parsed.error.issues));
  const row = (await rules.completeCreate?.(trx, parsed.data)) ?? parsed.data;
  if (await currentRow(trx, entity, mutation.entityId)) throw new MutationRejected('already_exists', `${entity} ${mutation.entityId} already exists`);
  await checkReferences(trx, rules.references, patch, agent.branchId);
  await rules.checkCreate?.(trx, row, agent);

  const { version, changed } = await writeRow(context, entity, rules, null, row, null, new Date().toISOString());
  return { result: { mutationId: mutation.mutationId, status: 'applied', version }, changed };
}

/**
 * Per-field merge: each patched field changed by another writer after `baseVersion` (and now
 * holding a different value) is a conflict — the server keeps its value and records the seat's in
 * a conflict record; the other fields are applied.
 */
async function applyUpdate<E extends MutationEntity>(context: MutationContext, entity: E, rules: PushableEntity<E>): Promise<AppliedMutation> {
  const { trx, agent, author, mutation } = context;
  const current = await existingRowInScope(trx, entity, agent, mutation.entityId);
  if (current.deleted) throw new MutationRejected('deleted', `${entity} ${mutation.entityId} was deleted`);

  const changes = parsePatchFields(rules, mutation.patch);
  await checkReferences(trx, rules.references, changes, agent.branchId);
  rules.checkUpdate?.(current, changes, agent);

  // Conflict records themselves merge by last write: marking one resolved twice is no conflict.
  const mergedEntity = isConflicting(entity) ? entity : null;
  const concurrent = mergedEntity ? await fieldsChangedSince(trx, mergedEntity, mutation.entityId, mutation.baseVersion, author) : new Set<string>();
  const theirs: Readonly<Record<string, unknown>> = current;
  const applied: Record<string, unknown> = {};
  const lost: Array<Omit<FieldConflict, 'conflictId'>> = [];
  for (const [field, mine] of Object.entries(changes)) {
    if (sameValue(mine, theirs[field])) continue;
    if (concurrent === 'all' || concurrent.has(field)) lost.push({ field, mine, theirs: theirs[field] });
    else applied[field] = mine;
  }

  const now = new Date().toISOString();
  let version = current.version;
  let changed: AppliedMutation['changed'] = null;
  if (Object.keys(applied).length > 0) {
    const merged = rules.row.parse({ ...current, ...applied, ...stamps(rules, now) });
    ({ version, changed } = await writeRow(context, entity, rules, current, merged, Object.keys(applied), now));
  }
  if (lost.length === 0 || !mergedEntity) return { result: { mutationId: mutation.mutationId, status: 'applied', version }, changed };

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
      mutationId: mutation.mutationId,
      seatId: author.seatId,
      agentId: author.agentId,
      createdAt: now,
      resolved: false,
    })),
    { fields: null, author },
    new Map(fields.map((conflict) => [conflict.conflictId, null])), // fresh ids: new records
  );
  const lastSeq = Math.max(...records.map((r) => r.version));
  return {
    result: { mutationId: mutation.mutationId, status: 'conflict', version, fields },
    changed: { branchId: current.branchId, seq: lastSeq },
  };
}

function isConflicting(entity: MutationEntity): entity is ConflictingEntity {
  return ConflictingEntity.safeParse(entity).success;
}

async function applyDelete<E extends MutationEntity>(context: MutationContext, entity: E, rules: PushableEntity<E>): Promise<AppliedMutation> {
  const { trx, agent, mutation } = context;
  const current = await existingRowInScope(trx, entity, agent, mutation.entityId);
  if (current.deleted) return { result: { mutationId: mutation.mutationId, status: 'applied', version: current.version }, changed: null };
  const now = new Date().toISOString();
  const tombstone = rules.row.parse({ ...current, ...stamps(rules, now), deleted: true });
  // A deleted order frees its outlet (orderDispatch.outletLoadChanges): afterWrite runs for deletes too.
  const { version, changed } = await writeRow(context, entity, rules, current, tombstone, ['deleted'], now);
  return { result: { mutationId: mutation.mutationId, status: 'applied', version }, changed };
}

/**
 * Writes `after` over `before` (null: a new row), with the writes that go with it (afterWrite);
 * `fields` are the ones changed (null: all). Returns the row's new version and the change to tell
 * the branch's seats of.
 */
async function writeRow<E extends MutationEntity>(
  { trx, author }: MutationContext,
  entity: E,
  rules: PushableEntity<E>,
  before: (WrittenChange['after'] & { branchId: string; version: number }) | null,
  after: SyncedRow<E>,
  fields: string[] | null,
  at: string,
): Promise<{ version: number; changed: NonNullable<AppliedMutation['changed']> }> {
  const [written] = await writeSyncedRows(trx, entity, [withoutVersion(after)], { fields, author }, new Map([[after.id, before]]));
  const version = written?.version ?? before?.version ?? 0;
  if (!rules.afterWrite) return { version, changed: { branchId: (before ?? after).branchId, seq: version } };
  await rules.afterWrite(trx, { entityId: after.id, before, after, seq: version, author, at });
  // afterWrite may log more changes (a follow-up, an outlet's load): the seats hear of the newest.
  return { version, changed: { branchId: (before ?? after).branchId, seq: await headSeq(trx) } };
}

/** The server's stamps (e.g. updatedAt) for a change made `now`. */
function stamps<E extends MutationEntity>(rules: PushableEntity<E>, now: string): Record<string, string> {
  return Object.fromEntries(rules.stamped.map((field) => [field, now]));
}

async function existingRowInScope<E extends MutationEntity>(trx: Kysely<ServerSchema>, entity: E, agent: Agent, id: string): Promise<SyncedRow<E>> {
  const current = await currentRow(trx, entity, id);
  if (!current) throw new MutationRejected('not_found', `${entity} ${id} not found`);
  if (current.branchId !== agent.branchId) throw new MutationRejected('out_of_scope', `${entity} ${id} is outside your branch`);
  return current;
}

/** Each patched field checked with its own schema; stamped fields dropped; fixed and unknown ones refused. */
function parsePatchFields<E extends MutationEntity>(rules: PushableEntity<E>, patch: Readonly<Record<string, unknown>>): Record<string, unknown> {
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

function describeFieldIssues(issues: ReadonlyArray<{ path: PropertyKey[]; message: string }>): string {
  return issues.map((i) => `${i.path.map(String).join('.') || '(patch)'}: ${i.message}`).join('; ');
}

/** The server assigns versions: a parsed row's placeholder version is not written. */
function withoutVersion<E extends MutationEntity>(row: SyncedRow<E>): SyncedRowWrite<E> {
  const { version: _placeholder, ...write } = row;
  return write;
}

/** Field values are JSON (strings, numbers, booleans, null). */
function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
