import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { MutationEntity } from '../../../shared/api/syncPush.js';
import { CAMPAIGN_OUTCOME_FIELDS, campaignCallBackRefusal, campaignOutcomeRefusal, CampaignTarget, type CampaignOutcome } from '../../../shared/domain/campaign.js';
import { Conflict } from '../../../shared/domain/conflict.js';
import { FOLLOW_UP_RESULT_FIELDS, FollowUp, followUpChangeRefusal } from '../../../shared/domain/followUp.js';
import { Interaction, manualContactRefusal } from '../../../shared/domain/interaction.js';
import { Note } from '../../../shared/domain/note.js';
import { PartsRequest, partsForOrderRefusal } from '../../../shared/domain/partsRequest.js';
import { Product } from '../../../shared/domain/product.js';
import { refusal } from '../../../shared/domain/refusal.js';
import { patchFieldsOf } from '../../../shared/patchSchema.js';
import { serialNumberTaken } from '../../products/serialNumberTaken.js';
import { lockScopes } from '../../db/changeLogSeqs.js';
import type { ServerSchema } from '../../db/schema.js';
import type { SyncedRow } from '../../db/syncedRecords.js';
import { serviceOrderPushRules, visitOrderOfDoneFollowUp } from '../../orders/serviceOrderRules.js';
import { customerPushRules } from '../../customers/customerRules.js';
import { complaintPushRules, complaintStepPushRules } from '../../complaints/complaintRules.js';
import { MutationRejected } from './mutationRejected.js';
import { checkOrderOfCustomer } from './orderOfCustomer.js';
import type { PushableEntity, ReferenceKind } from './pushableEntity.js';

const ALWAYS_FIXED = ['id', 'version', 'deleted', 'branchId'];


/** A row schema with its fields (a zod object). */
type RowSchema<E extends MutationEntity> = z.ZodType<SyncedRow<E>> & z.ZodObject;

/** Append-only records a seat creates and never changes. */
function createdOnly<E extends MutationEntity>(row: RowSchema<E>, rules: Pick<PushableEntity<E>, 'references' | 'checkCreate'>): PushableEntity<E> {
  return { row, fields: patchFieldsOf(row), fixed: Object.keys(row.shape), stamped: [], ops: ['create'], ...rules };
}

/** Records the server makes; a seat only records a result in `resultFields` (checkUpdate says when and how). */
function resultOnly<E extends MutationEntity>(row: RowSchema<E>, resultFields: readonly string[], rules: Pick<PushableEntity<E>, 'checkUpdate' | 'afterWrite'>): PushableEntity<E> {
  return { row, fields: patchFieldsOf(row), fixed: Object.keys(row.shape).filter((field) => !resultFields.includes(field)), stamped: [], references: {}, ops: ['update'], ...rules };
}

export const pushableEntities: { [E in MutationEntity]: PushableEntity<E> } = {
  customer: customerPushRules,
  product: {
    row: Product,
    fields: patchFieldsOf(Product),
    // The serial number identifies the unit (and is unique): a mistyped one is a new registration.
    fixed: [...ALWAYS_FIXED, 'customerId', 'serialNumber'],
    stamped: [],
    references: { customerId: 'customer' },
    // One serial number, one unit: a second registration of it is refused, not merged.
    async checkCreate(db, product) {
      // Serials are unique company-wide, across branches whose writers hold no key in common.
      await lockScopes(db, [`serial:${product.serialNumber}`]);
      if (await serialNumberTaken(db, product.serialNumber)) throw MutationRejected.refused('already_exists', refusal('serial_number_taken', { serialNumber: product.serialNumber }, 'serialNumber'));
    },
  },
  serviceOrder: serviceOrderPushRules,
  // The server records conflicts; a seat only marks them resolved (or deletes them).
  conflict: {
    row: Conflict,
    fields: patchFieldsOf(Conflict),
    fixed: Object.keys(Conflict.shape).filter((field) => field !== 'resolved'),
    stamped: [],
    references: {},
    // Marking one resolved looks at nothing else.
    readsOnlyItsRow: () => true,
    async checkCreate() {
      throw new MutationRejected('bad_patch', 'conflict records are made by the server; a seat can only resolve them');
    },
  },
  interaction: createdOnly(Interaction, {
    references: { customerId: 'customer' },
    // An agent saves their own calls only: the figures and the history rely on who took the call.
    async checkCreate(_db, interaction, agent) {
      if (interaction.agentId !== agent.id) throw new MutationRejected('out_of_scope', `agentId must be your own (${agent.id})`);
      // A contact recorded by hand is on a customer, says what was said, and is not in the future.
      if (interaction.channel !== 'phone') {
        if (interaction.customerId === null) throw new MutationRejected('bad_patch', 'customerId: a contact recorded by hand is on a customer');
        const refused = manualContactRefusal({ text: interaction.notes, at: interaction.startedAt }, new Date());
        if (refused) throw MutationRejected.refused('bad_patch', refused);
      }
    },
  }),
  // The server makes follow-ups (completing an order); a seat records each call's result until
  // one is final (done or refused). A done one makes its completed order visited.
  followUp: resultOnly(FollowUp, FOLLOW_UP_RESULT_FIELDS, {
    checkUpdate(current, changes, agent) {
      const problem = followUpChangeRefusal(current, changes, agent.id);
      if (problem === null) return;
      if (problem.kind === 'invalid_transition') throw MutationRejected.refused('invalid_transition', problem.refusal);
      throw new MutationRejected(problem.kind, problem.message);
    },
    afterWrite: visitOrderOfDoneFollowUp,
  }),
  // Agents request parts; headquarters moves the status on (POST /parts-requests/{id}/status).
  partsRequest: createdOnly(PartsRequest, {
    references: { orderId: 'serviceOrder' },
    async checkCreate(db, request, agent) {
      if (request.requestedBy !== agent.id) throw new MutationRejected('out_of_scope', `requestedBy must be your own agent id (${agent.id})`);
      if (request.status !== 'requested') throw new MutationRejected('bad_patch', 'status: a new parts request is requested');
      const order = await db.selectFrom('serviceOrders').select(['orderNumber', 'status']).where('id', '=', request.orderId).executeTakeFirstOrThrow();
      const finished = partsForOrderRefusal(order.orderNumber, order.status);
      if (finished) throw MutationRejected.refused('invalid_transition', finished);
    },
  }),
  // Headquarters makes the targets; a seat records a call's outcome, all its fields together.
  campaignTarget: resultOnly(CampaignTarget, CAMPAIGN_OUTCOME_FIELDS, {
    checkUpdate(current, changes, agent) {
      const final = campaignOutcomeRefusal(current.status);
      if (final) throw MutationRejected.refused('invalid_transition', final);
      // callBackAt may be left out (a seat from before call backs) or null: only a call back has one.
      const missing = CAMPAIGN_OUTCOME_FIELDS.filter((field) => field !== 'callBackAt' && (changes[field] === undefined || changes[field] === null));
      if (missing.length > 0) throw new MutationRejected('bad_patch', `${missing.join(', ')}: required to record an outcome`);
      if (changes.status === 'pending') throw new MutationRejected('bad_patch', 'status: an outcome is done, no_answer, refused or call_back');
      if (changes.calledBy !== agent.id) throw new MutationRejected('out_of_scope', `calledBy must be your own agent id (${agent.id})`);
      // Judged by when the agent set it (calledAt, the seat's clock): an outcome pushed after a night offline is not refused for it.
      const callBack = campaignCallBackRefusal(changes.status as CampaignOutcome, (changes.callBackAt as string | null | undefined) ?? null, new Date(changes.calledAt as string));
      if (callBack) throw MutationRejected.refused('bad_patch', callBack);
    },
  }),
  complaint: complaintPushRules,
  // Append-only: a correction is a new note.
  note: createdOnly(Note, {
    references: { customerId: 'customer', orderId: 'serviceOrder' },
    async checkCreate(db, note, agent) {
      if (note.authorId !== agent.id) throw new MutationRejected('out_of_scope', `authorId must be your own agent id (${agent.id})`);
      if (note.orderId !== null) await checkOrderOfCustomer(db, note.orderId, note.customerId);
    },
  }),
  complaintStep: complaintStepPushRules,
};

/** Refuses the row when a customer, product, order or agent it names is missing, deleted or in another branch than `branchId` (the row's). */
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
    case 'outlet':
      return Boolean(await db.selectFrom('outlets').select('id').where('id', '=', id).where('branchId', '=', branchId).where('deleted', '=', 0).executeTakeFirst());
    case 'agent':
      return Boolean(await db.selectFrom('agents').select('id').where('id', '=', id).where('branchId', '=', branchId).executeTakeFirst());
  }
}
