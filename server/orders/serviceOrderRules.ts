import type { Kysely } from 'kysely';
import { appointmentProblem, dispatchRefusal, NOT_DISPATCHABLE_NOW, outletLoadChanges } from '../../shared/domain/orderDispatch.js';
import { followUpStepRefusal, orderCreateRefusal, ownershipRefusal, stepDetailsRefusal } from '../../shared/domain/orderLifecycle.js';
import { transitionRefusal } from '../../shared/domain/orderStatus.js';
import type { FollowUp } from '../../shared/domain/followUp.js';
import { DuplicateReview, OPEN_ORDER_STATUSES, ServiceOrder } from '../../shared/domain/serviceOrder.js';
import { duplicateReviewRefusal } from '../../shared/domain/duplicateReview.js';
import { reassignReasonRefusal } from '../../shared/domain/teamReassignment.js';
import type { RejectionCode } from '../../shared/errorCodes.js';
import { orderHolderRefusal } from '../../shared/domain/shiftHandover.js';
import { refusal } from '../../shared/domain/refusal.js';
import { patchFieldsOf } from '../../shared/patchSchema.js';
import { decideWarranty } from '../../shared/domain/warranty.js';
import { lockScopes } from '../db/changeLogSeqs.js';
import type { ServerSchema } from '../db/schema.js';
import { syncedTables } from '../db/syncedTables.js';
import { adjustOutletLoads } from '../outlets/adjustOutletLoads.js';
import { MutationRejected } from '../sync/push/mutationRejected.js';
import type { PushableEntity, WrittenChange } from '../sync/push/pushableEntity.js';
import { writeSyncedRows } from '../db/writeSyncedRows.js';
import { appendOrderEvent } from './appendOrderEvent.js';
import { duplicateOrders } from './duplicateOrders.js';
import { scheduleFollowUp } from './scheduleFollowUp.js';

/** The fields a dispatch sets together (shared/domain/orderDispatch.ts). */
const DISPATCH_FIELDS = ['outletId', 'appointmentStart', 'appointmentEnd', 'dispatchedAt'] as const;

/** How far ahead of the server's clock a seat's dispatch time may be (clock skew). */
const CLOCK_SKEW_MS = 5 * 60_000;

/**
 * How seats change service orders through push: the state machine, dispatch to an authorised
 * outlet with an appointment window, and what goes with a change in its transaction — the order's
 * history events, the outlets' loads, the follow-up on completion.
 */
export const serviceOrderPushRules: PushableEntity<'serviceOrder'> = {
  row: ServiceOrder,
  fields: patchFieldsOf(ServiceOrder),
  // What the order was made with (its warranty decision, the fee consent, the duplicate reason) stays.
  fixed: ['id', 'version', 'deleted', 'branchId', 'orderNumber', 'customerId', 'createdAt', 'warranty', 'feeConsent', 'duplicateReason'],
  stamped: ['updatedAt'],
  // The owner is checked by the shared rule (checkOwner): an agent of the order's branch who holds orders.
  references: { customerId: 'customer', productId: 'product' },
  // The decision the seat showed the agent is the order's (the seat keeps it: its own push's echo
  // is not applied again); the backend decides only for a create that carries none (an older seat).
  async completeCreate(db, order) {
    if (order.warranty !== null || order.productId === null) return order;
    const product = order.productId ? await db.selectFrom('products').select(['serialNumber', 'purchaseDate', 'warrantyMonths']).where('id', '=', order.productId).executeTakeFirst() : null;
    return { ...order, warranty: decideWarranty(product, order.productId, new Date()) };
  },
  async checkCreate(db, order, agent) {
    await checkOwner(db, order.ownerAgentId, order.branchId);
    if (order.handoverNote !== null) throw new MutationRejected('bad_patch', 'handoverNote: set when an order is handed over, not in its create');
    // Order numbers are unique company-wide, across branches whose writers hold no key in common.
    await lockScopes(db, [`order-number:${order.orderNumber}`]);
    const taken = await db.selectFrom('serviceOrders').select('id').where('orderNumber', '=', order.orderNumber).executeTakeFirst();
    if (taken) throw new MutationRejected('already_exists', `order number ${order.orderNumber} is already taken`);
    if (order.duplicateReview !== null) throw new MutationRejected('bad_patch', "duplicateReview: the supervisor decides on a duplicate after it is made, not in its create");
    const dispatched = DISPATCH_FIELDS.find((field) => order[field] !== null);
    if (dispatched) throw new MutationRejected('bad_patch', `${dispatched}: an order is dispatched after it is made, not in its create`);
    if (order.status !== 'new') throw new MutationRejected('bad_patch', 'status: an order is made new');
    if (order.completion !== null || order.cancelReason !== null) throw new MutationRejected('bad_patch', 'completion, cancelReason: recorded by the step, not in the create');
    const duplicates = order.productId ? await duplicateOrders(db, agent, { customerId: order.customerId, productId: order.productId, type: order.type }, new Date()) : [];
    const refusal = orderCreateRefusal(order, duplicates.map((d) => d.order.orderNumber));
    if (refusal) throw MutationRejected.refused('details_required', refusal);
  },
  /**
   * The handover note goes with an owner change only (shiftHandover.ts): an owner change without
   * one clears the last handover's note; a note without an owner change is not kept.
   */
  completeUpdate(current, changes) {
    const ownerChanges = typeof changes.ownerAgentId === 'string' && changes.ownerAgentId !== current.ownerAgentId;
    if (ownerChanges) return changes.handoverNote === undefined ? { ...changes, handoverNote: null } : { ...changes };
    if (changes.handoverNote === undefined) return { ...changes };
    const { handoverNote: _alone, ...rest } = changes;
    return rest;
  },
  async checkUpdate(current, changes, agent, db) {
    // Who the order goes to first (as a reference to a missing agent always was), then who may give it.
    const ownerChanges = typeof changes.ownerAgentId === 'string' && changes.ownerAgentId !== current.ownerAgentId;
    if (ownerChanges) await checkOwner(db, String(changes.ownerAgentId), current.branchId);
    const notOwner = ownershipRefusal(current, changes, agent);
    if (notOwner) throw MutationRejected.refused('not_permitted', notOwner);
    if (ownerChanges) {
      // A supervisor moving an order that is neither theirs nor to them reassigns it: with a reason (teamReassignment.ts), as the seat asks.
      const noReason = reassignReasonRefusal(current, String(changes.ownerAgentId), changes.handoverNote, agent, 'handoverNote');
      if (noReason) throw MutationRejected.refused('details_required', noReason);
    }
    if (changes.duplicateReview !== undefined && !sameReview(current.duplicateReview, changes.duplicateReview)) {
      const review = DuplicateReview.nullable().parse(changes.duplicateReview);
      if (review === null) throw MutationRejected.refused('invalid_transition', refusal('duplicate_review_already_decided', { orderNumber: current.orderNumber, decision: current.duplicateReview?.decision ?? '' }, 'duplicateReview'));
      const refused = duplicateReviewRefusal(current, review, agent, 'duplicateReview');
      if (refused) throw MutationRejected.refused(REVIEW_REJECTIONS[refused.code] ?? 'details_required', refused);
    }
    if (ownerChanges) {
      // A handover (an owner change with a note) is of an open order; a takeover to close one carries none.
      if (typeof changes.handoverNote === 'string' && !OPEN_ORDER_STATUSES.includes(current.status)) {
        throw MutationRejected.refused('invalid_transition', refusal('handover_order_not_open', { orderNumber: current.orderNumber, status: current.status }, 'ownerAgentId'));
      }
    }
    const status = changes.status;
    if (status === undefined || status === current.status) return;
    const notNext = transitionRefusal(current.orderNumber, current.status, ServiceOrder.shape.status.parse(status));
    if (notNext) throw MutationRejected.refused('invalid_transition', notNext);
    const missing = stepDetailsRefusal(current, changes);
    if (missing) throw MutationRejected.refused('details_required', missing);
  },
  /**
   * Dispatch checks need the database (the outlet, the customer's region, the product's category),
   * so they run here on the row as merged; a refusal rolls the whole mutation back.
   */
  async afterWrite(db, change) {
    const before = change.before ? ServiceOrder.parse(change.before) : null;
    const after = ServiceOrder.parse(change.after);
    if (before) await checkDispatch(db, before, after);
    if (before && before.status !== after.status) await checkFollowUpStep(db, after);
    await adjustOutletLoads(db, outletLoadChanges(before, after));
    await appendOrderEvent(db, { orderId: change.entityId, before, after, seq: change.seq, author: change.author, at: change.at });
    if (after.status === 'completed' && before?.status !== 'completed') {
      await scheduleFollowUp(db, { id: change.entityId, customerId: after.customerId, branchId: after.branchId }, change.at);
    }
  },
};

/** How a push hears each refusal of a duplicate decision (the others are a missing or too long reason: details_required). */
const REVIEW_REJECTIONS: Partial<Record<string, RejectionCode>> = {
  duplicate_review_not_team_lead: 'not_permitted',
  duplicate_review_other_branch: 'out_of_scope',
  duplicate_review_not_duplicate: 'invalid_transition',
  duplicate_review_already_decided: 'invalid_transition',
  duplicate_review_order_not_open: 'invalid_transition',
};

const sameReview = (a: DuplicateReview | null, b: unknown) => JSON.stringify(a) === JSON.stringify(b ?? null);

/**
 * The order's owner must be an agent of the order's branch whose role holds orders (the shared
 * rule, orderHolderRefusal); a refusal names the agent.
 */
async function checkOwner(db: Kysely<ServerSchema>, ownerAgentId: string, branchId: string): Promise<void> {
  const owner = await db.selectFrom('agents').select(['id', 'login', 'displayName', 'branchId', 'role']).where('id', '=', ownerAgentId).executeTakeFirst();
  const holder = orderHolderRefusal(ownerAgentId, owner ?? null, branchId);
  if (holder) throw MutationRejected.refused('invalid_reference', holder);
}

/** A change into `dispatched`, or of the outlet or appointment, must be a whole, valid dispatch. */
async function checkDispatch(db: Kysely<ServerSchema>, before: ServiceOrder, after: ServiceOrder): Promise<void> {
  const redispatch = DISPATCH_FIELDS.some((field) => before[field] !== after[field]);
  const intoDispatched = after.status === 'dispatched' && before.status !== 'dispatched';
  if (!redispatch && !intoDispatched) return;
  if (after.status !== 'dispatched') throw new MutationRejected('bad_patch', 'status: a dispatch sets the status to dispatched');
  for (const field of DISPATCH_FIELDS) {
    if (after[field] === null) throw new MutationRejected('bad_patch', `${field}: required to dispatch order ${after.orderNumber}`);
  }
  const { outletId, appointmentStart, appointmentEnd, dispatchedAt } = after as ServiceOrder & Record<(typeof DISPATCH_FIELDS)[number], string>;
  if (before.dispatchedAt !== null && before.dispatchedAt !== dispatchedAt) throw new MutationRejected('bad_patch', 'dispatchedAt: the first dispatch time cannot change');
  if (Date.parse(dispatchedAt) > Date.now() + CLOCK_SKEW_MS) throw new MutationRejected('bad_patch', 'dispatchedAt: cannot be in the future');
  if (Date.parse(dispatchedAt) < Date.parse(after.createdAt)) throw new MutationRejected('bad_patch', 'dispatchedAt: cannot be before the order was made');
  const windowProblem = appointmentProblem({ appointmentStart, appointmentEnd }, dispatchedAt);
  if (windowProblem) throw MutationRejected.refused('bad_patch', windowProblem);

  const [outlet] = await syncedTables.outlet.load(db, [outletId]);
  const customer = await db.selectFrom('customers').select(['name', 'city', 'provinceCode', 'cityCode', 'districtCode']).where('id', '=', after.customerId).executeTakeFirstOrThrow();
  const product = after.productId ? await db.selectFrom('products').select('category').where('id', '=', after.productId).executeTakeFirst() : undefined;
  const inBranch = outlet && outlet.branchId === after.branchId ? outlet : null;
  const refusal = dispatchRefusal(before, inBranch, customer, product?.category ?? null);
  if (refusal) throw MutationRejected.refused(NOT_DISPATCHABLE_NOW.has(refusal.code) ? 'invalid_transition' : 'invalid_reference', refusal);
}

/** Visited only through a done follow-up; closed not while it is open (shared/domain/orderLifecycle.ts). */
async function checkFollowUpStep(db: Kysely<ServerSchema>, order: ServiceOrder): Promise<void> {
  if (order.status !== 'visited' && order.status !== 'closed') return;
  const followUp = (await db.selectFrom('followUps').select('status').where('orderId', '=', order.id).where('deleted', '=', 0).executeTakeFirst()) ?? null;
  const refusal = followUpStepRefusal(order, order.status, followUp as { status: FollowUp['status'] } | null);
  if (refusal) throw MutationRejected.refused('invalid_transition', refusal);
}

/**
 * A follow-up just done makes its completed order visited, in the same transaction, with the
 * order's history event (the follow-up closes the loop; a seat that shows it visited offline
 * pushes the same status, which then changes nothing).
 */
export async function visitOrderOfDoneFollowUp(db: Kysely<ServerSchema>, change: WrittenChange): Promise<void> {
  if (change.after.status !== 'done' || change.before?.status === 'done') return;
  const [order] = await syncedTables.serviceOrder.load(db, [String(change.after.orderId)]);
  if (!order || order.deleted || order.status !== 'completed') return;
  const visited = { ...order, status: 'visited' as const, updatedAt: change.at };
  const { version: _old, ...write } = visited;
  const [written] = await writeSyncedRows(db, 'serviceOrder', [write], { fields: ['status', 'updatedAt'], author: change.author }, new Map([[order.id, order]]));
  await appendOrderEvent(db, { orderId: order.id, before: order, after: visited, seq: written!.version, author: change.author, at: change.at });
}
