import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { MutationEntity } from '../../../shared/api/syncPush.js';
import { Conflict } from '../../../shared/domain/conflict.js';
import { Customer } from '../../../shared/domain/customer.js';
import { transitionRefusal } from '../../../shared/domain/orderStatus.js';
import { Product } from '../../../shared/domain/product.js';
import { ServiceOrder, ServiceOrderStatus } from '../../../shared/domain/serviceOrder.js';
import type { ServerSchema } from '../../db/schema.js';
import type { SyncedRow } from '../../db/syncedRecords.js';
import { appendOrderEvent } from '../../orders/appendOrderEvent.js';
import type { MutationAuthor } from './mutationLedger.js';
import { MutationRejected } from './mutationRejected.js';

/** A row another row points to; it must exist in the agent's branch. */
type ReferenceKind = 'customer' | 'product' | 'agent';

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
  /** Extra rules for a create, checked before anything is written. */
  checkCreate?(db: Kysely<ServerSchema>, row: SyncedRow<E>): Promise<void>;
  /** Extra rules for an update against the server's current row. */
  checkUpdate?(current: SyncedRow<E>, changes: Readonly<Record<string, unknown>>): void;
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
    fixed: [...ALWAYS_FIXED, 'customerId'],
    stamped: [],
    references: { customerId: 'customer' },
  },
  serviceOrder: {
    row: ServiceOrder,
    fields: ServiceOrder.shape,
    fixed: [...ALWAYS_FIXED, 'orderNumber', 'customerId', 'createdAt'],
    stamped: ['updatedAt'],
    references: { customerId: 'customer', productId: 'product', ownerAgentId: 'agent' },
    async checkCreate(db, order) {
      const taken = await db.selectFrom('serviceOrders').select('id').where('orderNumber', '=', order.orderNumber).executeTakeFirst();
      if (taken) throw new MutationRejected('already_exists', `order number ${order.orderNumber} is already taken`);
    },
    checkUpdate(current, changes) {
      const status = changes.status;
      if (status === undefined || status === current.status) return;
      const refusal = transitionRefusal(current.orderNumber, current.status, ServiceOrder.shape.status.parse(status));
      if (refusal) throw new MutationRejected('invalid_transition', refusal);
    },
    afterWrite: (db, change) =>
      appendOrderEvent(db, {
        orderId: change.entityId,
        fromStatus: change.before ? ServiceOrderStatus.parse(change.before.status) : null,
        toStatus: ServiceOrderStatus.parse(change.after.status),
        seq: change.seq,
        author: change.author,
        at: change.at,
      }),
  },
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
    case 'agent':
      return Boolean(await db.selectFrom('agents').select('id').where('id', '=', id).where('branchId', '=', branchId).executeTakeFirst());
  }
}
