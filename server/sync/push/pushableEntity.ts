import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Mutation, MutationEntity } from '../../../shared/api/syncPush.js';
import type { Agent } from '../../../shared/domain/branch.js';
import type { ServerSchema } from '../../db/schema.js';
import type { SyncedRow } from '../../db/syncedRecords.js';

/** A row another row points to; it must exist in the branch of the row that points to it. */
export type ReferenceKind = 'customer' | 'product' | 'agent' | 'serviceOrder' | 'outlet';

/** Who made a change: the agent, and the seat whose push it was (null: a REST call). */
export interface ChangeAuthor {
  agentId: string;
  seatId: string | null;
}

/**
 * How agents may create and change one entity, through push and through REST (one write path).
 * The rules of each entity live with its domain (e.g. server/orders/serviceOrderRules.ts); the
 * registry of them is pushableEntities.ts.
 */
export interface PushableEntity<E extends MutationEntity> {
  /** The shared schema of the whole row: every create and every merged update is checked against it. */
  row: z.ZodType<SyncedRow<E>>;
  /**
   * The row's fields and their update schemas (patchFieldsOf: no defaults, so a patch changes only
   * the fields it names): a patch naming anything else is refused.
   */
  fields: Readonly<Record<string, z.ZodType>>;
  /** Fields an update may not change (identity, scope, history). */
  fixed: readonly string[];
  /** Set by the server on every change; a value in a patch is ignored. */
  stamped: readonly string[];
  references: Readonly<Record<string, ReferenceKind>>;
  /**
   * The ops a seat may push; absent: all. Append-only records (docs/architecture.md §3: they never conflict)
   * allow fewer: other ops are refused as `append_only`.
   */
  ops?: readonly Mutation['op'][];
  /** What the server decides itself in a create (replacing the seat's optimistic value), before the checks. */
  completeCreate?(db: Kysely<ServerSchema>, row: SyncedRow<E>): Promise<SyncedRow<E>>;
  /** Extra rules for a create, checked before anything is written. */
  checkCreate?(db: Kysely<ServerSchema>, row: SyncedRow<E>, agent: Agent): Promise<void>;
  /**
   * checkCreate for a batch of creates (a push's run of them, pushRun.ts): reads once what
   * checkCreate reads row by row, and answers a check of one row that throws what checkCreate
   * would, given the rows of this entity the batch wrote before it (`written`: as they are now; not
   * yet in the database). Absent: the entity's creates are applied one by one.
   */
  checkCreates?(db: Kysely<ServerSchema>, rows: readonly SyncedRow<E>[], agent: Agent): Promise<(row: SyncedRow<E>, written: Iterable<SyncedRow<E>>) => void>;
  /** What the server decides itself in an update (fields that follow from the patched ones), before the checks. */
  completeUpdate?(current: SyncedRow<E>, changes: Readonly<Record<string, unknown>>): Record<string, unknown>;
  /** Extra rules for an update against the server's current row. */
  checkUpdate?(current: SyncedRow<E>, changes: Readonly<Record<string, unknown>>, agent: Agent, db: Kysely<ServerSchema>): void | Promise<void>;
  /** Writes that go with a change of the row, in its transaction (e.g. the order's history). */
  afterWrite?(db: Kysely<ServerSchema>, change: WrittenChange): Promise<void>;
  /**
   * Whether an update with this patch reads no row but its own (its completeUpdate and
   * checkUpdate look at nothing else, it points to nothing, nothing is written with it): it then
   * holds only its row until it writes, not its branch (writeSyncedRows.RowHold), so it does not
   * make the branch's other writers wait through its checks. Unset: it reads others.
   */
  readsOnlyItsRow?(patch: Readonly<Record<string, unknown>>): boolean;
}

/** A row change just written, for writes that go with it. */
export interface WrittenChange {
  entityId: string;
  /** null for a create. */
  before: Readonly<Record<string, unknown>> | null;
  after: Readonly<Record<string, unknown>>;
  /** The change-log seq of the write (the row's new version). */
  seq: number;
  author: ChangeAuthor;
  at: string;
}
