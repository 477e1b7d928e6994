import type { Insertable, Selectable } from 'kysely';
import type { SyncChange, SyncEntity } from '../../shared/api/rest.js';
import type { Campaign, CampaignTarget } from '../../shared/domain/campaign.js';
import type { Conflict } from '../../shared/domain/conflict.js';
import { KnowledgeArticle } from '../../shared/domain/knowledge.js';
import type { PartsRequest } from '../../shared/domain/partsRequest.js';
import type { Customer } from '../../shared/domain/customer.js';
import type { FollowUp } from '../../shared/domain/followUp.js';
import type { Interaction } from '../../shared/domain/interaction.js';
import type { OrderEvent } from '../../shared/domain/orderEvent.js';
import { Outlet } from '../../shared/domain/outlet.js';
import type { Product } from '../../shared/domain/product.js';
import type { ServiceOrder } from '../../shared/domain/serviceOrder.js';
import type {
  CampaignTable,
  CampaignTargetTable,
  ConflictTable,
  CustomerTable,
  FollowUpTable,
  InteractionTable,
  KnowledgeArticleTable,
  OrderEventTable,
  OutletTable,
  PartsRequestTable,
  ProductTable,
  ServiceOrderTable,
} from './schema.js';

/** The domain shape of a synced entity's row (the SyncChange union of shared/api/rest.ts). */
export type SyncedRow<E extends SyncEntity> = Extract<SyncChange, { entity: E }>['row'];

/** A row as written: the server assigns `version` from the change log. */
export type SyncedRowWrite<E extends SyncEntity> = Omit<SyncedRow<E>, 'version'>;

/*
 * Domain rows ↔ SQL records, field by field: the compiler then catches a column added on one side
 * only, and a row never carries stray properties into SQL. Booleans are written as 0/1 (SqlFlag).
 */

export function customerRecord(c: SyncedRowWrite<'customer'>, version: number): Insertable<CustomerTable> {
  return {
    id: c.id,
    version,
    deleted: c.deleted ? 1 : 0,
    branchId: c.branchId,
    name: c.name,
    phone: c.phone,
    altPhone: c.altPhone,
    vipTier: c.vipTier,
    province: c.province,
    city: c.city,
    address: c.address,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
  };
}

export function customerFromRecord(r: Selectable<CustomerTable>): Customer {
  return {
    id: r.id,
    version: r.version,
    deleted: Boolean(r.deleted),
    branchId: r.branchId,
    name: r.name,
    phone: r.phone,
    altPhone: r.altPhone,
    vipTier: r.vipTier,
    province: r.province,
    city: r.city,
    address: r.address,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export function productRecord(p: SyncedRowWrite<'product'>, version: number): Insertable<ProductTable> {
  return {
    id: p.id,
    version,
    deleted: p.deleted ? 1 : 0,
    customerId: p.customerId,
    branchId: p.branchId,
    serialNumber: p.serialNumber,
    model: p.model,
    category: p.category,
    purchaseDate: p.purchaseDate,
    warrantyMonths: p.warrantyMonths,
  };
}

export function productFromRecord(r: Selectable<ProductTable>): Product {
  return {
    id: r.id,
    version: r.version,
    deleted: Boolean(r.deleted),
    customerId: r.customerId,
    branchId: r.branchId,
    serialNumber: r.serialNumber,
    model: r.model,
    category: r.category,
    purchaseDate: r.purchaseDate,
    warrantyMonths: r.warrantyMonths,
  };
}

export function serviceOrderRecord(o: SyncedRowWrite<'serviceOrder'>, version: number): Insertable<ServiceOrderTable> {
  return {
    id: o.id,
    version,
    deleted: o.deleted ? 1 : 0,
    orderNumber: o.orderNumber,
    customerId: o.customerId,
    productId: o.productId,
    branchId: o.branchId,
    type: o.type,
    status: o.status,
    fault: o.fault,
    ownerAgentId: o.ownerAgentId,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
    outletId: o.outletId,
    appointmentStart: o.appointmentStart,
    appointmentEnd: o.appointmentEnd,
    dispatchedAt: o.dispatchedAt,
  };
}

export function serviceOrderFromRecord(r: Selectable<ServiceOrderTable>): ServiceOrder {
  return {
    id: r.id,
    version: r.version,
    deleted: Boolean(r.deleted),
    orderNumber: r.orderNumber,
    customerId: r.customerId,
    productId: r.productId,
    branchId: r.branchId,
    type: r.type,
    status: r.status,
    fault: r.fault,
    ownerAgentId: r.ownerAgentId,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    outletId: r.outletId,
    appointmentStart: r.appointmentStart,
    appointmentEnd: r.appointmentEnd,
    dispatchedAt: r.dispatchedAt,
  };
}

/** `mine` and `theirs` are any JSON value: stored as JSON text (undefined, never sent, as null). */
export function conflictRecord(c: SyncedRowWrite<'conflict'>, version: number): Insertable<ConflictTable> {
  return {
    id: c.id,
    version,
    deleted: c.deleted ? 1 : 0,
    entity: c.entity,
    entityId: c.entityId,
    branchId: c.branchId,
    field: c.field,
    mine: JSON.stringify(c.mine ?? null),
    theirs: JSON.stringify(c.theirs ?? null),
    mutationId: c.mutationId,
    seatId: c.seatId,
    agentId: c.agentId,
    createdAt: c.createdAt,
    resolved: c.resolved ? 1 : 0,
  };
}

export function conflictFromRecord(r: Selectable<ConflictTable>): Conflict {
  return {
    id: r.id,
    version: r.version,
    deleted: Boolean(r.deleted),
    entity: r.entity,
    entityId: r.entityId,
    branchId: r.branchId,
    field: r.field,
    mine: JSON.parse(r.mine) as unknown,
    theirs: JSON.parse(r.theirs) as unknown,
    mutationId: r.mutationId,
    seatId: r.seatId,
    agentId: r.agentId,
    createdAt: r.createdAt,
    resolved: Boolean(r.resolved),
  };
}

export function interactionRecord(i: SyncedRowWrite<'interaction'>, version: number): Insertable<InteractionTable> {
  return {
    id: i.id,
    version,
    deleted: i.deleted ? 1 : 0,
    branchId: i.branchId,
    agentId: i.agentId,
    customerId: i.customerId,
    direction: i.direction,
    remoteNumber: i.remoteNumber,
    startedAt: i.startedAt,
    ringSeconds: i.ringSeconds,
    talkSeconds: i.talkSeconds,
    wrapUpSeconds: i.wrapUpSeconds,
    disposition: i.disposition,
    notes: i.notes,
  };
}

export function interactionFromRecord(r: Selectable<InteractionTable>): Interaction {
  return {
    id: r.id,
    version: r.version,
    deleted: Boolean(r.deleted),
    branchId: r.branchId,
    agentId: r.agentId,
    customerId: r.customerId,
    direction: r.direction,
    remoteNumber: r.remoteNumber,
    startedAt: r.startedAt,
    ringSeconds: r.ringSeconds,
    talkSeconds: r.talkSeconds,
    wrapUpSeconds: r.wrapUpSeconds,
    disposition: r.disposition,
    notes: r.notes,
  };
}

export function followUpRecord(f: SyncedRowWrite<'followUp'>, version: number): Insertable<FollowUpTable> {
  return {
    id: f.id,
    version,
    deleted: f.deleted ? 1 : 0,
    orderId: f.orderId,
    customerId: f.customerId,
    branchId: f.branchId,
    dueAt: f.dueAt,
    status: f.status,
    satisfaction: f.satisfaction,
    remarks: f.remarks,
    doneAt: f.doneAt,
    doneBy: f.doneBy,
    createdAt: f.createdAt,
  };
}

export function followUpFromRecord(r: Selectable<FollowUpTable>): FollowUp {
  return {
    id: r.id,
    version: r.version,
    deleted: Boolean(r.deleted),
    orderId: r.orderId,
    customerId: r.customerId,
    branchId: r.branchId,
    dueAt: r.dueAt,
    status: r.status,
    satisfaction: r.satisfaction,
    remarks: r.remarks,
    doneAt: r.doneAt,
    doneBy: r.doneBy,
    createdAt: r.createdAt,
  };
}

export function outletRecord(o: SyncedRowWrite<'outlet'>, version: number): Insertable<OutletTable> {
  return {
    id: o.id,
    version,
    deleted: o.deleted ? 1 : 0,
    branchId: o.branchId,
    name: o.name,
    provinces: JSON.stringify(o.provinces),
    cities: JSON.stringify(o.cities),
    categories: JSON.stringify(o.categories),
    load: o.load,
  };
}

const OutletLists = Outlet.pick({ provinces: true, cities: true, categories: true });

export function outletFromRecord(r: Selectable<OutletTable>): Outlet {
  const lists = OutletLists.parse({ provinces: JSON.parse(r.provinces), cities: JSON.parse(r.cities), categories: JSON.parse(r.categories) });
  return {
    id: r.id,
    version: r.version,
    deleted: Boolean(r.deleted),
    branchId: r.branchId,
    name: r.name,
    ...lists,
    load: r.load,
  };
}

export function knowledgeArticleRecord(a: SyncedRowWrite<'knowledgeArticle'>, version: number): Insertable<KnowledgeArticleTable> {
  return {
    id: a.id,
    version,
    deleted: a.deleted ? 1 : 0,
    branchId: a.branchId,
    category: a.category,
    language: a.language,
    title: a.title,
    body: a.body,
    tags: JSON.stringify(a.tags),
    updatedAt: a.updatedAt,
  };
}

const ArticleTags = KnowledgeArticle.shape.tags;

export function knowledgeArticleFromRecord(r: Selectable<KnowledgeArticleTable>): KnowledgeArticle {
  return {
    id: r.id,
    version: r.version,
    deleted: Boolean(r.deleted),
    branchId: r.branchId,
    category: r.category,
    language: r.language,
    title: r.title,
    body: r.body,
    tags: ArticleTags.parse(JSON.parse(r.tags)),
    updatedAt: r.updatedAt,
  };
}

export function partsRequestRecord(p: SyncedRowWrite<'partsRequest'>, version: number): Insertable<PartsRequestTable> {
  return {
    id: p.id,
    version,
    deleted: p.deleted ? 1 : 0,
    branchId: p.branchId,
    orderId: p.orderId,
    partNumber: p.partNumber,
    quantity: p.quantity,
    status: p.status,
    note: p.note,
    requestedBy: p.requestedBy,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  };
}

export function partsRequestFromRecord(r: Selectable<PartsRequestTable>): PartsRequest {
  return {
    id: r.id,
    version: r.version,
    deleted: Boolean(r.deleted),
    branchId: r.branchId,
    orderId: r.orderId,
    partNumber: r.partNumber,
    quantity: r.quantity,
    status: r.status,
    note: r.note,
    requestedBy: r.requestedBy,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
  };
}

export function campaignRecord(c: SyncedRowWrite<'campaign'>, version: number): Insertable<CampaignTable> {
  return {
    id: c.id,
    version,
    deleted: c.deleted ? 1 : 0,
    branchId: c.branchId,
    name: c.name,
    kind: c.kind,
    script: c.script,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
  };
}

export function campaignFromRecord(r: Selectable<CampaignTable>): Campaign {
  return {
    id: r.id,
    version: r.version,
    deleted: Boolean(r.deleted),
    branchId: r.branchId,
    name: r.name,
    kind: r.kind,
    script: r.script,
    startsOn: r.startsOn,
    endsOn: r.endsOn,
  };
}

export function campaignTargetRecord(t: SyncedRowWrite<'campaignTarget'>, version: number): Insertable<CampaignTargetTable> {
  return {
    id: t.id,
    version,
    deleted: t.deleted ? 1 : 0,
    campaignId: t.campaignId,
    branchId: t.branchId,
    customerId: t.customerId,
    phone: t.phone,
    position: t.position,
    status: t.status,
    outcomeNotes: t.outcomeNotes,
    calledAt: t.calledAt,
    calledBy: t.calledBy,
  };
}

export function campaignTargetFromRecord(r: Selectable<CampaignTargetTable>): CampaignTarget {
  return {
    id: r.id,
    version: r.version,
    deleted: Boolean(r.deleted),
    campaignId: r.campaignId,
    branchId: r.branchId,
    customerId: r.customerId,
    phone: r.phone,
    position: r.position,
    status: r.status,
    outcomeNotes: r.outcomeNotes,
    calledAt: r.calledAt,
    calledBy: r.calledBy,
  };
}

export function orderEventRecord(e: SyncedRowWrite<'orderEvent'>, version: number): Insertable<OrderEventTable> {
  return {
    id: e.id,
    version,
    deleted: e.deleted ? 1 : 0,
    orderId: e.orderId,
    branchId: e.branchId,
    seq: e.seq,
    kind: e.kind,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    fromOwnerAgentId: e.fromOwnerAgentId,
    toOwnerAgentId: e.toOwnerAgentId,
    outletId: e.outletId,
    appointmentStart: e.appointmentStart,
    appointmentEnd: e.appointmentEnd,
    agentId: e.agentId,
    seatId: e.seatId,
    at: e.at,
  };
}

/** Events from before migration 0009 have no branch in the DDL's eyes; the migration filled it. */
export function orderEventFromRecord(r: Selectable<OrderEventTable>): OrderEvent {
  return {
    id: r.id,
    version: Number(r.version),
    deleted: Boolean(r.deleted),
    orderId: r.orderId,
    branchId: r.branchId,
    seq: Number(r.seq),
    kind: r.kind,
    fromStatus: r.fromStatus,
    toStatus: r.toStatus,
    fromOwnerAgentId: r.fromOwnerAgentId,
    toOwnerAgentId: r.toOwnerAgentId,
    outletId: r.outletId,
    appointmentStart: r.appointmentStart,
    appointmentEnd: r.appointmentEnd,
    agentId: r.agentId,
    seatId: r.seatId,
    at: r.at,
  };
}
