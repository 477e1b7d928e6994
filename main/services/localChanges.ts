import crypto from 'node:crypto';
import type { Agent, Branch } from '../../shared/domain/branch.js';
import { Customer, type NewCustomerParsed } from '../../shared/domain/customer.js';
import { phoneTakenRefusal } from '../../shared/domain/customerPhone.js';
import { customerRegion, customerRegionChanges, isRefusal, type CustomerRegion } from '../../shared/domain/region.js';
import type { Refusal } from '../../shared/domain/refusal.js';
import { FollowUp, followUpResultChange, FollowUpResult } from '../../shared/domain/followUp.js';
import { followUpStepRefusal, orderCreateRefusal, ownershipRefusal, stepDetailsRefusal } from '../../shared/domain/orderLifecycle.js';
import { Interaction, type NewInteraction } from '../../shared/domain/interaction.js';
import { appointmentProblem, dispatchRefusal, NOT_DISPATCHABLE_NOW, type AppointmentWindow } from '../../shared/domain/orderDispatch.js';
import { transitionRefusal } from '../../shared/domain/orderStatus.js';
import { formatOrderNumber, ServiceOrder, type OrderCompletion, type ServiceOrderStatus, type ServiceOrderType } from '../../shared/domain/serviceOrder.js';
import { decideWarranty, localToday } from '../../shared/domain/warranty.js';
import { orderHolderRefusal, planShiftHandover, type HandoverAssignment, type ShiftHandoverRequestParsed } from '../../shared/domain/shiftHandover.js';
import { planTeamReassignment, reassignReasonRefusal, type TeamReassignRequestParsed } from '../../shared/domain/teamReassignment.js';
import { duplicateReviewRefusal, type DuplicateReviewRequest } from '../../shared/domain/duplicateReview.js';
import { createdFields } from '../../shared/entities/syncedEntity.js';
import { customerEntity, serviceOrderEntity } from '../../shared/entities/syncedEntities.js';
import { vipTierRefusal } from '../../shared/domain/customer.js';
import { discountedFee } from '../../shared/domain/vipEntitlements.js';
import { WorkstationError, describeIssues } from '../../shared/workstationApi.js';
import { duplicateCheck } from './duplicateCheck.js';
import { LocalChangeError, type LocalCache } from './localCache/localCache.js';

export interface LocalChangesContext {
  cache: LocalCache;
  agent: Agent;
  branch: Branch;
  seatCode: string;
  /** The id this seat pushes under: tells which value of a conflict is this seat's. */
  seatId: string;
  /** Called after every change is committed locally, to push it. */
  onChange: () => void;
  now?: () => Date;
}

/**
 * What an agent creates and changes at the seat — customers, service orders, calls, follow-up
 * results — written to the cache and its outbox together, online or not, and pushed by the
 * sync. The same domain rules
 * the backend enforces (schemas, the order state machine) are checked here first, offline too.
 */
export class LocalChanges {
  constructor(private readonly ctx: LocalChangesContext) {}

  /**
   * A new customer in the agent's branch: the region by code from the seat's copy of the table,
   * and one customer per phone unless a reason is given — checked against the cache, offline too,
   * as the backend checks it again on push.
   */
  createCustomer(input: NewCustomerParsed): Customer {
    const vip = vipTierRefusal(null, input.vipTier, this.ctx.agent);
    if (vip) throw WorkstationError.refused('not_permitted', vip);
    const at = this.nowIso();
    const id = input.id ?? crypto.randomUUID();
    const { id: _given, ...fields } = input;
    const region = this.region(customerRegion(this.ctx.cache.regions.index(), input));
    this.checkPhone({ id, phone: input.phone, samePhoneReason: input.samePhoneReason ?? null });
    const patch = createdFields(customerEntity, { ...fields, ...region, branchId: this.ctx.branch.id, createdAt: at, updatedAt: at });
    return this.committed(this.record<Customer>({ entity: 'customer', entityId: id, op: 'create', patch }, Customer));
  }

  updateCustomer(customerId: string, changes: Partial<Omit<NewCustomerParsed, 'id'>>): Customer {
    const current = this.ctx.cache.customers.get(customerId);
    if (!current) throw new WorkstationError('not_found', `customer ${customerId} is not in this seat's cache`);
    if (changes.vipTier !== undefined) {
      const vip = vipTierRefusal(current.vipTier, changes.vipTier, this.ctx.agent);
      if (vip) throw WorkstationError.refused('not_permitted', vip);
    }
    const region = customerRegionChanges(this.ctx.cache.regions.index(), current, changes);
    if (changes.phone !== undefined && changes.phone !== current.phone) {
      this.checkPhone({ id: customerId, phone: changes.phone, samePhoneReason: changes.samePhoneReason ?? current.samePhoneReason });
    }
    const patch = { ...changes, ...(region === null ? {} : this.region(region)), updatedAt: this.nowIso() };
    return this.committed(this.record<Customer>({ entity: 'customer', entityId: customerId, op: 'update', patch }, Customer));
  }

  /**
   * Makes an order (orderLifecycle.ts): a repair or installation names its product; out of
   * warranty, the customer's consent to the fee estimate is recorded; open orders it may duplicate
   * (the shared rule, over this cache) need the agent's reason.
   */
  createServiceOrder(input: {
    customerId: string;
    productId: string | null;
    type: ServiceOrderType;
    fault: string;
    feeEstimate: number | null;
    duplicateReason: string | null;
  }): ServiceOrder {
    const { cache } = this.ctx;
    const { feeEstimate, ...fields } = input;
    const customer = cache.customers.get(input.customerId);
    if (!customer) throw new WorkstationError('not_found', `customer ${input.customerId} is not in this seat's cache`);
    const product = input.productId ? cache.products.find(input.productId) : null;
    if (input.productId) {
      if (!product || product.deleted || product.customerId !== input.customerId) {
        throw new WorkstationError('bad_input', `productId: product ${input.productId} does not belong to customer ${input.customerId}`);
      }
    }
    const at = this.nowIso();
    const warranty = decideWarranty(product, input.productId, this.now());
    const duplicates = duplicateCheck(cache, input, this.now()).map((d) => d.order.orderNumber);
    const duplicateReason = duplicates.length > 0 ? input.duplicateReason : null;
    // The customer consents to the fee after their VIP tier's discount (shared/domain/vipEntitlements.ts): that amount is recorded.
    const feeConsent = warranty?.status === 'out_of_warranty' && feeEstimate !== null ? { estimate: discountedFee(feeEstimate, customer.vipTier), consentedAt: at } : null;
    const refusal = orderCreateRefusal({ ...input, warranty, feeConsent, duplicateReason }, duplicates);
    if (refusal) throw WorkstationError.refused('details_required', refusal);
    const id = crypto.randomUUID();
    // The order number's counter and the order commit together: no number is used twice.
    const order = cache.db.transaction(() => {
      const patch = createdFields(serviceOrderEntity, {
        ...fields,
        orderNumber: this.nextOrderNumber(),
        branchId: this.ctx.branch.id,
        status: 'new',
        ownerAgentId: this.ctx.agent.id,
        createdAt: at,
        updatedAt: at,
        warranty,
        feeConsent,
        duplicateReason,
      });
      return this.record<ServiceOrder>({ entity: 'serviceOrder', entityId: id, op: 'create', patch }, ServiceOrder);
    })();
    return this.committed(order);
  }

  /**
   * Moves the order to its next status with what the step records (completion, cancel reason).
   * visited comes only from a done follow-up (completeFollowUp), closed not while it is open.
   */
  changeOrderStatus(
    orderId: string,
    status: ServiceOrderStatus,
    step: { completion?: OrderCompletion; cancelReason?: string; takeOver?: boolean } = {},
  ): ServiceOrder {
    const order = this.orderInCache(orderId);
    const refusal = transitionRefusal(order.orderNumber, order.status, status);
    if (refusal) throw WorkstationError.refused('invalid_transition', refusal);
    if (status === 'dispatched') throw new WorkstationError('bad_input', 'status: an order is dispatched with an outlet and an appointment (orders.dispatch)');
    if (status === 'visited' || status === 'closed') {
      const followUpStep = followUpStepRefusal(order, status, this.ctx.cache.followUps.ofOrder(orderId));
      if (followUpStep) throw WorkstationError.refused('invalid_transition', followUpStep);
    }
    const changes: Record<string, unknown> = { status };
    if (status === 'completed' && step.completion) changes.completion = step.completion;
    if (status === 'cancelled' && step.cancelReason) changes.cancelReason = step.cancelReason;
    const missing = stepDetailsRefusal(order, changes);
    if (missing) throw WorkstationError.refused('details_required', missing);
    return this.changeOrder(order, changes, step.takeOver ?? false);
  }

  /**
   * Dispatches the order to an authorised outlet with an appointment window (or re-dispatches it
   * before the outlet accepted it), checked here as the backend will re-check it on push. The
   * outlet's load moves at the backend; the seat sees it with the next pull.
   */
  dispatchOrder(input: { orderId: string; outletId: string; takeOver?: boolean } & AppointmentWindow): ServiceOrder {
    const { cache } = this.ctx;
    const order = this.orderInCache(input.orderId);
    const customer = cache.customers.get(order.customerId);
    if (!customer) throw new WorkstationError('not_found', `customer ${order.customerId} is not in this seat's cache`);
    const category = order.productId ? (cache.products.find(order.productId)?.category ?? null) : null;
    const outlet = cache.outlets.all().find((o) => o.id === input.outletId) ?? null;
    const refusal = dispatchRefusal(order, outlet, customer, category);
    if (refusal) throw WorkstationError.refused(NOT_DISPATCHABLE_NOW.has(refusal.code) ? 'invalid_transition' : 'bad_input', refusal);
    const now = this.nowIso();
    const dispatchedAt = order.dispatchedAt ?? now;
    const window = { appointmentStart: input.appointmentStart, appointmentEnd: input.appointmentEnd };
    // Judged from now and (for a re-dispatch) from the first dispatch, which is what the backend uses.
    const problem = appointmentProblem(window, now) ?? appointmentProblem(window, dispatchedAt);
    if (problem) throw WorkstationError.refused('bad_input', problem);
    return this.changeOrder(order, { status: 'dispatched', outletId: input.outletId, ...window, dispatchedAt }, input.takeOver ?? false);
  }

  /**
   * Hands the order to another agent of the branch (shift handover), or takes it over (ownerAgentId:
   * this agent); the server checks the agent and records the event. Only the owner and supervisors hand it to a third agent.
   * A note for the new owner travels with the change (`handoverNote`) and ends on the owner_changed
   * event, which My work shows beside the handover (shared/domain/myWork.ts).
   */
  reassignOrder(orderId: string, ownerAgentId: string, branchAgents: readonly Agent[], note?: string): ServiceOrder {
    const order = this.orderInCache(orderId);
    if (order.ownerAgentId === ownerAgentId) return order;
    // An agent the seat knows is checked here (a parts desk holds no orders); one it does not know
    // yet (the branch's list not fetched) is left to the backend, which checks every owner change.
    const receiver = branchAgents.find((a) => a.id === ownerAgentId);
    const holder = receiver && ownerAgentId !== this.ctx.agent.id ? orderHolderRefusal(ownerAgentId, receiver, order.branchId) : null;
    if (holder) throw WorkstationError.refused('bad_input', holder);
    const noReason = reassignReasonRefusal(order, ownerAgentId, note, this.ctx.agent, 'note');
    if (noReason) throw WorkstationError.refused('bad_input', noReason);
    // The note goes with this handover (the backend puts it on its owner_changed event); the last
    // handover's note stays with that one's event, not with this owner.
    return this.changeOrder(order, { ownerAgentId, handoverNote: note ?? null }, false);
  }

  /**
   * The shift handover (shared/domain/shiftHandover.ts): the agent's open orders to one or several
   * agents of the branch, with a note for all or per order. Every rule is checked first against
   * the cache and the branch's agents as last known (offline too); then every owner change and its
   * outbox entry are written in ONE cache transaction, so a refusal or a failure leaves nothing
   * half-written. Each becomes its own pushed mutation (its own id: the backend applies it once).
   */
  handOverOrders(request: ShiftHandoverRequestParsed, branchAgents: readonly Agent[]): HandoverAssignment[] {
    const { cache, agent } = this.ctx;
    const orders = request.orderIds.map((id) => this.orderInCache(id));
    const known = new Map(branchAgents.map((a) => [a.id, a]));
    const plan = planShiftHandover({
      me: agent,
      orders,
      receivers: request.toAgentIds.map((id) => ({ id, agent: known.get(id) ?? null })),
      openLoad: cache.serviceOrders.openCountsByOwner(),
      distribution: request.distribution,
      note: request.note,
      orderNotes: request.orderNotes,
    });
    if ('refusal' in plan) throw WorkstationError.refused(plan.refusal.code === 'handover_order_not_mine' ? 'not_permitted' : 'bad_input', plan.refusal);
    return this.writeOwnerChanges(plan.assignments);
  }

  /**
   * A supervisor's reassignment of an agent's open orders (shared/domain/teamReassignment.ts): the
   * shift handover made on the agent's behalf, checked against the cache and the branch's agents
   * as last known (offline too), written in ONE cache transaction, one pushed owner change per
   * order (its own mutation id), the reason as each order's handover note.
   */
  reassignTeamOrders(request: TeamReassignRequestParsed, branchAgents: readonly Agent[]): HandoverAssignment[] {
    const { cache, agent } = this.ctx;
    const known = new Map(branchAgents.map((a) => [a.id, a]));
    const orders = request.orderIds === 'all' ? cache.serviceOrders.openOfOwner(request.fromAgentId) : request.orderIds.map((id) => this.orderInCache(id));
    const plan = planTeamReassignment({
      supervisor: agent,
      from: known.get(request.fromAgentId) ?? null,
      fromAgentId: request.fromAgentId,
      orders,
      receivers: request.toAgentIds.map((id) => ({ id, agent: known.get(id) ?? null })),
      openLoad: cache.serviceOrders.openCountsByOwner(),
      distribution: request.distribution,
      reason: request.reason,
    });
    if ('refusal' in plan) throw WorkstationError.refused(plan.refusal.code === 'reassign_not_team_lead' ? 'not_permitted' : 'bad_input', plan.refusal);
    return this.writeOwnerChanges(plan.assignments);
  }

  /**
   * The supervisor's decision on a duplicate order (shared/domain/duplicateReview.ts): checked
   * against the order as the cache has it (offline too), then written as the order's
   * `duplicateReview` with its outbox entry; the backend checks it again and records its event.
   */
  reviewDuplicate(request: DuplicateReviewRequest): ServiceOrder {
    const order = this.orderInCache(request.orderId);
    const refused = duplicateReviewRefusal(order, request, this.ctx.agent, 'reason');
    if (refused) {
      const code = refused.code === 'duplicate_review_not_team_lead' || refused.code === 'duplicate_review_other_branch' ? 'not_permitted' : refused.code === 'duplicate_review_already_decided' || refused.code === 'duplicate_review_order_not_open' ? 'invalid_transition' : 'bad_input';
      throw WorkstationError.refused(code, refused);
    }
    const duplicateReview = { decision: request.decision, reason: request.reason.trim() };
    return this.committed(this.record<ServiceOrder>({ entity: 'serviceOrder', entityId: order.id, op: 'update', patch: { duplicateReview, updatedAt: this.nowIso() } }, ServiceOrder));
  }

  /** Each assignment as an owner change with its note, all in one cache transaction (each its own outbox entry). */
  private writeOwnerChanges(assignments: HandoverAssignment[]): HandoverAssignment[] {
    this.ctx.cache.db.transaction(() => {
      const at = this.nowIso();
      for (const a of assignments) {
        this.record<ServiceOrder>({ entity: 'serviceOrder', entityId: a.orderId, op: 'update', patch: { ownerAgentId: a.toAgentId, handoverNote: a.note, updatedAt: at } }, ServiceOrder);
      }
    })();
    this.ctx.onChange();
    return assignments;
  }

  /**
   * Records how a call back went, by this agent, now (followUpResultChange): done (scored) and
   * refused are final; no answer and a requested call back keep it open for later. A done
   * follow-up makes its completed order visited, in the same local transaction (the backend does
   * the same on push).
   */
  completeFollowUp(input: FollowUpResult): FollowUp {
    const result = FollowUpResult.parse(input);
    const { cache } = this.ctx;
    const followUp = cache.followUps.find(result.followUpId);
    if (!followUp || followUp.deleted) throw new WorkstationError('not_found', `follow-up ${result.followUpId} is not in this seat's cache`);
    const outcome = followUpResultChange(followUp, result, this.ctx.agent.id, this.now());
    if ('refusal' in outcome) throw WorkstationError.refused(outcome.refusal.code === 'follow_up_already_done' ? 'invalid_transition' : 'bad_input', outcome.refusal);
    const order = cache.serviceOrders.find(followUp.orderId);
    const saved = cache.db.transaction(() => {
      const row = this.record<FollowUp>({ entity: 'followUp', entityId: followUp.id, op: 'update', patch: outcome.change }, FollowUp);
      if (outcome.change.status === 'done' && order && !order.deleted && order.status === 'completed') {
        this.record<ServiceOrder>({ entity: 'serviceOrder', entityId: order.id, op: 'update', patch: { status: 'visited', updatedAt: this.nowIso() } }, ServiceOrder);
      }
      return row;
    })();
    return this.committed(saved);
  }

  private orderInCache(orderId: string): ServiceOrder {
    const order = this.ctx.cache.serviceOrders.find(orderId);
    if (!order || order.deleted) throw new WorkstationError('not_found', `order ${orderId} is not in this seat's cache`);
    return order;
  }

  /**
   * One change of an order by this agent, under the one-owner rule (orderLifecycle.ts): an agent
   * who does not own it takes it over in the same change when `takeOver` (the agent said yes to
   * "take the order over?"), and is refused otherwise.
   */
  private changeOrder(order: ServiceOrder, changes: Record<string, unknown>, takeOver: boolean): ServiceOrder {
    const notOwner = ownershipRefusal(order, changes, this.ctx.agent);
    if (notOwner && !(takeOver && changes.ownerAgentId === undefined)) throw WorkstationError.refused('not_permitted', notOwner);
    const patch = { ...(notOwner ? { ownerAgentId: this.ctx.agent.id, handoverNote: null } : {}), ...changes, updatedAt: this.nowIso() };
    return this.committed(this.record<ServiceOrder>({ entity: 'serviceOrder', entityId: order.id, op: 'update', patch }, ServiceOrder));
  }

  /** Saves a finished call as this agent's, at this branch; append-only, so it is only ever created. */
  recordInteraction(input: NewInteraction): Interaction {
    if (input.customerId !== null && !this.ctx.cache.customers.get(input.customerId)) {
      throw new WorkstationError('not_found', `customer ${input.customerId} is not in this seat's cache`);
    }
    const patch = { ...input, branchId: this.ctx.branch.id, agentId: this.ctx.agent.id, channel: 'phone' };
    return this.committed(this.record<Interaction>({ entity: 'interaction', entityId: crypto.randomUUID(), op: 'create', patch }, Interaction));
  }

  /**
   * Settles a conflict record, from this seat's side: keep mine (this seat's value), keep theirs
   * (the other seat's value), or a new value. The record's `mine` is the pushing seat's value; on
   * any other seat the agent's own value is the one the server kept. Keeping the server's value
   * writes nothing; keeping the pushed one writes it again, now on top. The field change and the
   * record's resolution are queued together.
   */
  resolveConflict(input: { conflictId: string; choice: 'keepTheirs' } | { conflictId: string; choice: 'keepMine' } | { conflictId: string; choice: 'edit'; value: unknown }): void {
    const { cache } = this.ctx;
    const conflict = cache.conflicts.find(input.conflictId);
    if (!conflict || conflict.resolved || conflict.deleted) throw new WorkstationError('not_found', `conflict ${input.conflictId} is not open`);
    if (conflict.entity === 'product') throw new WorkstationError('bad_input', 'conflicts on products are resolved by the install-base team');
    const pushedHere = conflict.seatId === this.ctx.seatId;
    const keepsPushedValue = input.choice === (pushedHere ? 'keepMine' : 'keepTheirs');
    cache.db.transaction(() => {
      if (input.choice === 'edit' || keepsPushedValue) {
        const value = input.choice === 'edit' ? input.value : conflict.mine;
        const schema = conflict.entity === 'customer' ? Customer : ServiceOrder;
        this.record({ entity: conflict.entity as 'customer' | 'serviceOrder', entityId: conflict.entityId, op: 'update', patch: { [conflict.field]: value, updatedAt: this.nowIso() } }, schema);
      }
      cache.recordLocalChange({ entity: 'conflict', entityId: conflict.id, op: 'update', patch: { resolved: true } }, this.nowIso());
    })();
    this.ctx.onChange();
  }

  /** This seat's next order number for today: a counter kept in the cache, in the caller's transaction. */
  private nextOrderNumber(): string {
    const { cache, branch, seatCode } = this.ctx;
    const today = localToday(this.now());
    const prefix = formatOrderNumber(branch.code, seatCode, today, 0).replace(/0+$/, '');
    const key = `orders.sequence.${today}`;
    // A fresh cache (reinstalled seat) continues after the highest number already synced for today.
    const synced = Number(cache.serviceOrders.lastNumberWithPrefix(prefix)?.slice(prefix.length) ?? 0);
    const next = Math.max(Number(cache.readMeta(key) ?? 0), synced) + 1;
    cache.writeMeta(key, String(next));
    return formatOrderNumber(branch.code, seatCode, today, next);
  }

  private region(decided: CustomerRegion | Refusal): CustomerRegion {
    if (isRefusal(decided)) throw WorkstationError.refused('bad_input', decided);
    return decided;
  }

  private checkPhone(customer: Pick<Customer, 'id' | 'phone' | 'samePhoneReason'>): void {
    const taken = phoneTakenRefusal(customer, this.ctx.cache.customers.findByPhone(customer.phone).filter((holder) => holder.phone === customer.phone));
    if (taken) throw WorkstationError.refused('phone_taken', taken);
  }

  private record<R>(
    change: { entity: 'customer' | 'serviceOrder' | 'interaction' | 'followUp'; entityId: string; op: 'create' | 'update'; patch: Record<string, unknown> },
    schema: { safeParse(row: unknown): { success: true } | { success: false; error: Parameters<typeof describeIssues>[0] } },
  ): R {
    let row: unknown;
    try {
      row = this.ctx.cache.recordLocalChange(change, this.nowIso(), (candidate) => {
        const checked = schema.safeParse(candidate);
        if (!checked.success) throw new WorkstationError('bad_input', describeIssues(checked.error));
      });
    } catch (error) {
      if (error instanceof LocalChangeError) throw new WorkstationError('not_found', error.message);
      throw error;
    }
    return row as R;
  }

  /** After the local commit: hand the change to the sync. */
  private committed<R>(row: R): R {
    this.ctx.onChange();
    return row;
  }

  private now(): Date {
    return (this.ctx.now ?? (() => new Date()))();
  }

  private nowIso(): string {
    return this.now().toISOString();
  }
}
