import { z } from 'zod';
import { Agent, Branch } from '../domain/branch.js';
import { Conflict } from '../domain/conflict.js';
import { Customer } from '../domain/customer.js';
import { DuplicateOrder } from '../domain/duplicateOrders.js';
import { FollowUp, FollowUpStatus } from '../domain/followUp.js';
import { Interaction } from '../domain/interaction.js';
import { Outlet } from '../domain/outlet.js';
import { Product, ProductCategory } from '../domain/product.js';
import { ServiceOrder, ServiceOrderStatus, ServiceOrderType } from '../domain/serviceOrder.js';

/** Shapes of the REST backend's requests and answers (DESIGN.md §3), shared by server and seat. */

export const ApiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ApiError = z.infer<typeof ApiError>;

export const LoginRequest = z.object({
  login: z.string().trim().min(1, 'login is required').max(64),
  password: z.string().min(1, 'password is required').max(256),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const LoginResponse = z.object({ token: z.string().min(20), agent: Agent, branch: Branch });
export type LoginResponse = z.infer<typeof LoginResponse>;

export const CustomerSearchQuery = z.object({
  query: z.string().trim().min(1, 'query is required').max(100),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const CustomerDetail = z.object({
  customer: Customer,
  products: z.array(Product),
  orders: z.array(ServiceOrder),
});
export type CustomerDetail = z.infer<typeof CustomerDetail>;

export const CustomerList = z.object({ items: z.array(Customer) });

export const IdParam = z.object({ id: z.string().uuid('id must be a UUID') });

/** GET /orders: the branch's service orders, newest first, filtered and paged by an opaque cursor. */
export const OrderListQuery = z.object({
  status: ServiceOrderStatus.optional(),
  customerId: z.string().uuid('customerId must be a UUID').optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const OrderList = z.object({
  items: z.array(ServiceOrder),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export type OrderList = z.infer<typeof OrderList>;

/** GET /follow-ups: the branch's follow-ups, soonest due first, optionally of one status. */
export const FollowUpListQuery = z.object({
  status: FollowUpStatus.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const FollowUpList = z.object({ items: z.array(FollowUp), nextCursor: z.string().nullable() });
export type FollowUpList = z.infer<typeof FollowUpList>;

/** GET /interactions: the branch's calls, newest first, optionally of one customer. */
export const InteractionListQuery = z.object({
  customerId: z.string().uuid('customerId must be a UUID').optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const InteractionList = z.object({ items: z.array(Interaction), nextCursor: z.string().nullable() });
export type InteractionList = z.infer<typeof InteractionList>;

/** GET /orders/duplicates: open orders a new order would duplicate (shared/domain/duplicateOrders.ts). */
export const DuplicateCheckQuery = z.object({
  customerId: z.string().uuid('customerId must be a UUID'),
  /** Absent for an order without a product. */
  productId: z.string().uuid('productId must be a UUID').optional(),
  type: ServiceOrderType,
});

export const DuplicateOrderList = z.object({ items: z.array(DuplicateOrder) });
export type DuplicateOrderList = z.infer<typeof DuplicateOrderList>;

/**
 * One change in the sync log: the row's whole current state (tombstones carry deleted: true).
 * `conflict` rows are the branch's conflict records (shared/domain/conflict.ts).
 */
export const SyncChange = z.discriminatedUnion('entity', [
  z.object({ seq: z.number().int().positive(), entity: z.literal('customer'), row: Customer }),
  z.object({ seq: z.number().int().positive(), entity: z.literal('product'), row: Product }),
  z.object({ seq: z.number().int().positive(), entity: z.literal('serviceOrder'), row: ServiceOrder }),
  z.object({ seq: z.number().int().positive(), entity: z.literal('conflict'), row: Conflict }),
  z.object({ seq: z.number().int().positive(), entity: z.literal('interaction'), row: Interaction }),
  z.object({ seq: z.number().int().positive(), entity: z.literal('followUp'), row: FollowUp }),
  // Outlets are made at headquarters: pulled, never pushed (not a MutationEntity).
  z.object({ seq: z.number().int().positive(), entity: z.literal('outlet'), row: Outlet }),
]);
export type SyncChange = z.infer<typeof SyncChange>;
export type SyncEntity = SyncChange['entity'];

/**
 * GET /outlets: the branch's service outlets, by name; with `customerId` and `category`, only
 * those that can take an order for that customer's product, best first (suggestOutlets).
 */
export const OutletQuery = z
  .object({
    customerId: z.string().uuid('customerId must be a UUID').optional(),
    category: ProductCategory.optional(),
  })
  .refine((q) => (q.customerId === undefined) === (q.category === undefined), {
    message: 'customerId and category go together',
    path: ['category'],
  });

export const OutletList = z.object({ items: z.array(Outlet) });
export type OutletList = z.infer<typeof OutletList>;

export const SyncPullQuery = z.object({
  cursor: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
});

export const SyncPullResponse = z.object({
  changes: z.array(SyncChange),
  /** Pass back as `cursor` to get what follows. */
  cursor: z.number().int().nonnegative(),
  hasMore: z.boolean(),
  /** The newest seq in the log when this page was read: lets a seat show initial-sync progress. */
  headSeq: z.number().int().nonnegative(),
});
export type SyncPullResponse = z.infer<typeof SyncPullResponse>;
