import type { Insertable, Selectable } from 'kysely';
import type { SyncChange, SyncEntity } from '../../shared/api/rest.js';
import type { Conflict } from '../../shared/domain/conflict.js';
import type { Customer } from '../../shared/domain/customer.js';
import type { Product } from '../../shared/domain/product.js';
import type { ServiceOrder } from '../../shared/domain/serviceOrder.js';
import type { ConflictTable, CustomerTable, ProductTable, ServiceOrderTable } from './schema.js';

/** The domain shape of a synced entity's row: Customer, Product, ServiceOrder or Conflict. */
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
