import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { Mutation, MutationEntity } from '../../../shared/api/syncPush.js';
import { CAMPAIGN_OUTCOME_FIELDS, campaignOutcomeRefusal, CampaignTarget } from '../../../shared/domain/campaign.js';
import { Conflict } from '../../../shared/domain/conflict.js';
import type { Agent } from '../../../shared/domain/branch.js';
import { Customer } from '../../../shared/domain/customer.js';
import { FollowUp } from '../../../shared/domain/followUp.js';
import { Interaction } from '../../../shared/domain/interaction.js';
import { PartsRequest, partsForOrderRefusal } from '../../../shared/domain/partsRequest.js';
import { Product } from '../../../shared/domain/product.js';
import { serialNumberTaken } from '../../products/serialNumberTaken.js';
import type { ServerSchema } from '../../db/schema.js';
import type { SyncedRow } from '../../db/syncedRecords.js';
import { serviceOrderPushRules } from '../../orders/serviceOrderRules.js';
import type { MutationAuthor } from './mutationLedger.js';
import { MutationRejected } from './mutationRejected.js';

/** A row another row points to; it must exist in the agent's branch. */
type ReferenceKind = 'customer' | 'product' | 'agent' | 'serviceOrder';

/** How seats may change one entity through push. */
export interface PushableEntity<E extends MutationEntity> {
  /** The shared schema of the whole row: every create and every merged update is checked against it. */
  row: z.ZodType<SyncedRow<E>>;
  /** The row's fields and their schemas: a patch naming anything else is refused. */
  fields: Readonly<Record<string, z.ZodType>>;
  /** Fields an update may not change (identity, scope, history). */
  fixed: readonly string[];
  /** Set by the server on every change; a value in a patch is ignored. */
  stamped: readonly string[];
  references: Readonly<Record<string, ReferenceKind>>;
  /**
   * The ops a seat may push; absent: all. Append-only records (DESIGN.md §3: they never conflict)
   * allow fewer: other ops are refused as `append_only`.
   */
  ops?: readonly Mutation['op'][];
  /** What the server decides itself in a create (replacing the seat's optimistic value), before the checks. */
  completeCreate?(db: Kysely<ServerSchema>, row: SyncedRow<E>): Promise<SyncedRow<E>>;
  /** Extra rules for a create, checked before anything is written. */
  checkCreate?(db: Kysely<ServerSchema>, row: SyncedRow<E>, agent: Agent): Promise<void>;
  /** Extra rules for an update against the server's current row. */
  checkUpdate?(current: SyncedRow<E>, changes: Readonly<Record<string, unknown>>, agent: Agent): void;
  /** Writes that go with a change of the row, in its transaction (e.g. the order's history). */
  afterWrite?(db: Kysely<ServerSchema>, change: WrittenChange): Promise<void>;
}

/** A row change just written, for writes that go with it. */
export interface WrittenChange {
  entityId: string;
  /** null for a create. */
  before: Readonly<Record<string, unknown>> | null;
  after: Readonly<Record<string, unknown>>;
  /** The change-log seq of the write (the row's new version). */
  seq: number;
  author: MutationAuthor;
  at: string;
}

const ALWAYS_FIXED = ['id', 'version', 'deleted', 'branchId'];

/** What a seat sends to record a follow-up's result: all of them, together. */
const FOLLOW_UP_RESULT_FIELDS: readonly string[] = ['status', 'satisfaction', 'remarks', 'doneAt', 'doneBy'];

/** A row schema with its fields (a zod object). */
type RowSchema<E extends MutationEntity> = z.ZodType<SyncedRow<E>> & { shape: Readonly<Record<string, z.ZodType>> };

/** Append-only records a seat creates and never changes. */
function createdOnly<E extends MutationEntity>(row: RowSchema<E>, rules: Pick<PushableEntity<E>, 'references' | 'checkCreate'>): PushableEntity<E> {
  return { row, fields: row.shape, fixed: Object.keys(row.shape), stamped: [], ops: ['create'], ...rules };
}

/** Records the server makes; a seat only records a result in `resultFields` (checkUpdate says when and how). */
function resultOnly<E extends MutationEntity>(row: RowSchema<E>, resultFields: readonly string[], rules: Pick<PushableEntity<E>, 'checkUpdate'>): PushableEntity<E> {
  return { row, fields: row.shape, fixed: Object.keys(row.shape).filter((field) => !resultFields.includes(field)), stamped: [], references: {}, ops: ['update'], ...rules };
}

export const pushableEntities: { [E in MutationEntity]: PushableEntity<E> } = {
  customer: {
    row: Customer,
    fields: Customer.shape,
    fixed: [...ALWAYS_FIXED, 'createdAt'],
    stamped: ['updatedAt'],
    references: {},
  },
  product: {
    row: Product,
    fields: Product.shape,
    // The serial number identifies the unit (and is unique): a mistyped one is a new registration.
    fixed: [...ALWAYS_FIXED, 'customerId', 'serialNumber'],
    stamped: [],
    references: { customerId: 'customer' },
    // One serial number, one unit: a second registration of it is refused, not merged.
    async checkCreate(db, product) {
      if (await serialNumberTaken(db, product.serialNumber)) throw new MutationRejected('already_exists', `serialNumber: ${product.serialNumber} is already registered`);
    },
  },
  serviceOrder: serviceOrderPushRules,
  // The server records conflicts; a seat only marks them resolved (or deletes them).
  conflict: {
    row: Conflict,
    fields: Conflict.shape,
    fixed: Object.keys(Conflict.shape).filter((field) => field !== 'resolved'),
    stamped: [],
    references: {},
    async checkCreate() {
      throw new MutationRejected('bad_patch', 'conflict records are made by the server; a seat can only resolve them');
    },
  },
  interaction: createdOnly(Interaction, {
    references: { customerId: 'customer' },
    // An agent saves their own calls only: the figures and the history rely on who took the call.
    async checkCreate(_db, interaction, agent) {
      if (interaction.agentId !== agent.id) throw new MutationRejected('out_of_scope', `agentId must be your own (${agent.id})`);
    },
  }),
  // The server makes follow-ups (completing an order); a seat records the result, once.
  followUp: resultOnly(FollowUp, FOLLOW_UP_RESULT_FIELDS, {
    checkUpdate(current, changes, agent) {
      if (current.status === 'done') {
        throw new MutationRejected('invalid_transition', `follow-up ${current.id} was already done at ${current.doneAt ?? '?'}: a result is recorded once`);
      }
      const missing = FOLLOW_UP_RESULT_FIELDS.filter((field) => changes[field] === undefined || changes[field] === null);
      if (missing.length > 0) throw new MutationRejected('bad_patch', `${missing.join(', ')}: required to record a follow-up result`);
      if (changes.status !== 'done') throw new MutationRejected('bad_patch', 'status: a follow-up result sets status to done');
      if (changes.doneBy !== agent.id) throw new MutationRejected('out_of_scope', `doneBy must be your own agent id (${agent.id})`);
    },
  }),
  // Agents request parts; headquarters moves the status on (POST /parts-requests/{id}/status).
  partsRequest: createdOnly(PartsRequest, {
    references: { orderId: 'serviceOrder' },
    async checkCreate(db, request, agent) {
      if (request.requestedBy !== agent.id) throw new MutationRejected('out_of_scope', `requestedBy must be your own agent id (${agent.id})`);
      if (request.status !== 'requested') throw new MutationRejected('bad_patch', 'status: a new parts request is requested');
      const order = await db.selectFrom('serviceOrders').select(['orderNumber', 'status']).where('id', '=', request.orderId).executeTakeFirstOrThrow();
      const refusal = partsForOrderRefusal(order.orderNumber, order.status);
      if (refusal) throw new MutationRejected('invalid_transition', refusal);
    },
  }),
  // Headquarters makes the targets; a seat records a call's outcome, all its fields together.
  campaignTarget: resultOnly(CampaignTarget, CAMPAIGN_OUTCOME_FIELDS, {
    checkUpdate(current, changes, agent) {
      const refusal = campaignOutcomeRefusal(current.status);
      if (refusal) throw new MutationRejected('invalid_transition', `target ${current.id}: ${refusal}`);
      const missing = CAMPAIGN_OUTCOME_FIELDS.filter((field) => changes[field] === undefined || changes[field] === null);
      if (missing.length > 0) throw new MutationRejected('bad_patch', `${missing.join(', ')}: required to record an outcome`);
      if (changes.status === 'pending') throw new MutationRejected('bad_patch', 'status: an outcome is done, no_answer or refused');
      if (changes.calledBy !== agent.id) throw new MutationRejected('out_of_scope', `calledBy must be your own agent id (${agent.id})`);
    },
  }),
};

/** Refuses the row when a customer, product or agent it names is missing, deleted or in another branch. */
export async function checkReferences(
  db: Kysely<ServerSchema>,
  references: Readonly<Record<string, ReferenceKind>>,
  values: Readonly<Record<string, unknown>>,
  branchId: string,
): Promise<void> {
  for (const [field, kind] of Object.entries(references)) {
    const id = values[field];
    if (id === null || id === undefined) continue;
    if (typeof id !== 'string' || !(await referenceInBranch(db, kind, id, branchId))) {
      throw new MutationRejected('invalid_reference', `${field}: no ${kind} ${String(id)} in your branch`);
    }
  }
}

async function referenceInBranch(db: Kysely<ServerSchema>, kind: ReferenceKind, id: string, branchId: string): Promise<boolean> {
  switch (kind) {
    case 'customer':
      return Boolean(await db.selectFrom('customers').select('id').where('id', '=', id).where('branchId', '=', branchId).where('deleted', '=', 0).executeTakeFirst());
    case 'product':
      return Boolean(await db.selectFrom('products').select('id').where('id', '=', id).where('branchId', '=', branchId).where('deleted', '=', 0).executeTakeFirst());
    case 'serviceOrder':
      return Boolean(await db.selectFrom('serviceOrders').select('id').where('id', '=', id).where('branchId', '=', branchId).where('deleted', '=', 0).executeTakeFirst());
    case 'agent':
      return Boolean(await db.selectFrom('agents').select('id').where('id', '=', id).where('branchId', '=', branchId).executeTakeFirst());
  }
}
