import { z } from 'zod';
import { receivedCode, ApiErrorCode } from '../errorCodes.js';
import { Agent, Branch } from '../domain/branch.js';
import { Campaign, CampaignKind, CampaignTarget, CampaignTargetStatus } from '../domain/campaign.js';
import { KnowledgeArticle } from '../domain/knowledge.js';
import { PartsRequest, PartsRequestStatus, PartsShippingStatus } from '../domain/partsRequest.js';
import { Complaint, ComplaintEscalation, ComplaintRateDimension, ComplaintRateRow, ComplaintStatus, ComplaintStepRecord } from '../domain/complaint.js';
import { Conflict } from '../domain/conflict.js';
import { Customer } from '../domain/customer.js';
import { DuplicateOrder } from '../domain/duplicateOrders.js';
import { FollowUp, FollowUpStatus } from '../domain/followUp.js';
import { Interaction } from '../domain/interaction.js';
import { Note } from '../domain/note.js';
import { OrderEvent } from '../domain/orderEvent.js';
import { Outlet } from '../domain/outlet.js';
import { Product, ProductCategory } from '../domain/product.js';
import { Region } from '../domain/region.js';
import { ServiceOrder, ServiceOrderStatus, ServiceOrderType } from '../domain/serviceOrder.js';

/** Shapes of the REST backend's requests and answers (docs/architecture.md §3), shared by server and seat. */

export const ApiError = z.object({
  error: z.object({
    /** A code this build does not know (a newer server's) reads as `unknown`. */
    code: receivedCode(ApiErrorCode),
    message: z.string(),
    /** zod issues for bad_input; a domain Refusal (shared/domain/refusal.ts) when a rule refused. */
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

/** POST /auth/logout and POST /agents/{id}/sessions/revoke: how many sessions were ended. */
export const SessionsRevoked = z.object({ revoked: z.number().int().nonnegative() });
export type SessionsRevoked = z.infer<typeof SessionsRevoked>;

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
  // A service order's timeline, written by the server: pulled, never pushed (append-only).
  z.object({ seq: z.number().int().positive(), entity: z.literal('orderEvent'), row: OrderEvent }),
  // Made at headquarters for a branch: pulled, never pushed.
  z.object({ seq: z.number().int().positive(), entity: z.literal('knowledgeArticle'), row: KnowledgeArticle }),
  z.object({ seq: z.number().int().positive(), entity: z.literal('campaign'), row: Campaign }),
  z.object({ seq: z.number().int().positive(), entity: z.literal('campaignTarget'), row: CampaignTarget }),
  z.object({ seq: z.number().int().positive(), entity: z.literal('partsRequest'), row: PartsRequest }),
  z.object({ seq: z.number().int().positive(), entity: z.literal('complaint'), row: Complaint }),
  // Append-only: created at seats (or over REST), never changed.
  z.object({ seq: z.number().int().positive(), entity: z.literal('note'), row: Note }),
  // Append-only: a complaint's steps, created at seats with the step (escalations by the backend).
  z.object({ seq: z.number().int().positive(), entity: z.literal('complaintStep'), row: ComplaintStepRecord }),
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

/** GET /regions: a seat asks with the edition of the code table it has; the same edition answers without the rows. */
export const RegionTableQuery = z.object({ edition: z.string().max(100).optional() });
export const RegionTableAnswer = z.object({ edition: z.string().min(1), regions: z.array(Region).nullable() });
export type RegionTableAnswer = z.infer<typeof RegionTableAnswer>;
export type OutletList = z.infer<typeof OutletList>;

/** Every synced entity's name, from the SyncChange union (so new entities join by themselves). */
export const SyncEntityName = z.enum(SyncChange.options.map((o) => o.shape.entity.value) as [SyncEntity, ...SyncEntity[]]);

/**
 * A row that left the agent's scope (handed to an owner in another branch, customer moved to
 * another branch): the seat drops it from its cache. Not a delete of the record.
 */
export const SyncRemoval = z.object({ seq: z.number().int().positive(), entity: SyncEntityName, id: z.string().uuid() });
export type SyncRemoval = z.infer<typeof SyncRemoval>;

/**
 * Where an initial-sync snapshot stands: opaque to the seat, which passes it back as `snapshot`
 * (`start` for a new one) and stores it with each applied page to resume after an interruption.
 */
const SnapshotPosition = z
  .string()
  .regex(/^(start|\d+\.\d+\.\d+\.[A-Za-z~]+\.[0-9a-f-]{0,36})$/, 'snapshot must be start or a position from a previous page')
  .refine((p) => p === 'start' || ['~owned', ...SyncEntityName.options].includes(p.split('.')[3]!), 'snapshot names an unknown entity');

export const SyncPullQuery = z.object({
  cursor: z.coerce.number().int().nonnegative().default(0),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  /**
   * With cursor 0: read the scope's current rows straight from the tables instead of the change
   * log (the fast initial sync). Its last page answers `cursor` = the log's head when it began:
   * pulling the log from there catches every change made meanwhile.
   */
  snapshot: SnapshotPosition.optional(),
}).refine((q) => q.snapshot === undefined || q.cursor === 0, { message: 'snapshot goes with cursor 0', path: ['snapshot'] });

export const SyncPullResponse = z.object({
  changes: z.array(SyncChange),
  /** Pass back as `cursor` to get what follows. */
  cursor: z.number().int().nonnegative(),
  hasMore: z.boolean(),
  /** The newest seq in the log when this page was read: lets a seat show initial-sync progress. */
  headSeq: z.number().int().nonnegative(),
  /** Rows that left the agent's scope (in this page's seq range). */
  removals: z.array(SyncRemoval),
  /** Snapshot pages only: the position to ask for next (null: the snapshot is complete) and rows sent so far of its total. */
  snapshot: z.object({ next: SnapshotPosition.nullable(), done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }).optional(),
});
export type SyncPullResponse = z.infer<typeof SyncPullResponse>;

/** GET /products: the branch's install base, by serial number, optionally of one customer or one serial number. */
export const ProductListQuery = z.object({
  customerId: z.string().uuid('customerId must be a UUID').optional(),
  serial: z.string().trim().toUpperCase().min(1).max(32).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const ProductList = z.object({ items: z.array(Product), nextCursor: z.string().nullable() });
export type ProductList = z.infer<typeof ProductList>;

/** A product with its warranty status today (shared/domain/warranty.ts). */
export const ProductDetail = Product.extend({
  warranty: z.object({ status: z.enum(['in_warranty', 'out_of_warranty']), expiresOn: z.string() }),
});
export type ProductDetail = z.infer<typeof ProductDetail>;

/** POST /products: a unit for a customer of the agent's branch; warranty months follow the category unless given. */
export const NewProduct = z.object({
  id: z.string().uuid('id must be a UUID').optional(),
  customerId: z.string().uuid('customerId must be a UUID'),
  serialNumber: z.string().trim().toUpperCase().pipe(Product.shape.serialNumber),
  model: Product.shape.model,
  category: ProductCategory,
  purchaseDate: Product.shape.purchaseDate,
  warrantyMonths: Product.shape.warrantyMonths.optional(),
});
export type NewProduct = z.input<typeof NewProduct>;
export type NewProductParsed = z.output<typeof NewProduct>;

/** GET /knowledge: the branch's articles; `query` matches title, body and tags (words, any order). */
export const KnowledgeQuery = z.object({
  query: z.string().trim().max(100).optional(),
  category: ProductCategory.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const KnowledgeList = z.object({ items: z.array(KnowledgeArticle), nextCursor: z.string().nullable() });
export type KnowledgeList = z.infer<typeof KnowledgeList>;

/** GET /parts-requests: the branch's parts requests, newest first, optionally of one order or status. */
export const PartsRequestListQuery = z.object({
  orderId: z.string().uuid('orderId must be a UUID').optional(),
  status: PartsRequestStatus.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const PartsRequestList = z.object({ items: z.array(PartsRequest), nextCursor: z.string().nullable() });
export type PartsRequestList = z.infer<typeof PartsRequestList>;

/** POST /parts-requests/{id}/status: headquarters' parts desk moves a request on. */
export const PartsRequestStatusChange = z.object({ status: PartsShippingStatus });

/** GET /campaigns: the branch's outbound lists, newest first, optionally of one kind. */
export const CampaignListQuery = z.object({
  kind: CampaignKind.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** A campaign with how many targets are in each status. */
export const CampaignWithProgress = Campaign.extend({
  progress: z.object({ pending: z.number().int(), done: z.number().int(), no_answer: z.number().int(), refused: z.number().int(), call_back: z.number().int() }),
});
export type CampaignWithProgress = z.infer<typeof CampaignWithProgress>;

export const CampaignList = z.object({ items: z.array(CampaignWithProgress), nextCursor: z.string().nullable() });
export type CampaignList = z.infer<typeof CampaignList>;

/** GET /campaigns/{id}/targets: in dialing order, optionally of one status. */
export const CampaignTargetListQuery = z.object({
  status: CampaignTargetStatus.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const CampaignTargetList = z.object({ items: z.array(CampaignTarget), nextCursor: z.string().nullable() });
export type CampaignTargetList = z.infer<typeof CampaignTargetList>;

/** An agent as other agents see them: never any password data. */
export const AgentList = z.object({ items: z.array(Agent) });
export const BranchList = z.object({ items: z.array(Branch) });

/** GET /complaints: the complaints in the agent's scope, newest first, optionally of one customer, status or escalation. */
export const ComplaintListQuery = z.object({
  customerId: z.string().uuid('customerId must be a UUID').optional(),
  status: ComplaintStatus.optional(),
  escalation: ComplaintEscalation.optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const ComplaintList = z.object({ items: z.array(Complaint), nextCursor: z.string().nullable() });
export type ComplaintList = z.infer<typeof ComplaintList>;

/**
 * GET /complaints/rate: complaints per 1,000 orders (shared/domain/complaint.ts complaintRates) in
 * the agent's branch, by branch, outlet or technician; complaints received and orders made in
 * [from, to).
 */
export const ComplaintRateQuery = z
  .object({
    by: ComplaintRateDimension,
    from: z.string().datetime({ offset: true, message: 'from must be an ISO 8601 time' }),
    to: z.string().datetime({ offset: true, message: 'to must be an ISO 8601 time' }),
  })
  .refine((q) => Date.parse(q.to) > Date.parse(q.from), { message: 'to must be after from', path: ['to'] });

export const ComplaintRateReport = z.object({
  by: ComplaintRateDimension,
  from: z.string(),
  to: z.string(),
  rows: z.array(ComplaintRateRow),
});
export type ComplaintRateReport = z.infer<typeof ComplaintRateReport>;

/** GET /notes: the notes in the agent's scope, newest first, of a customer or an order; `query` finds words in them. */
export const NoteListQuery = z.object({
  customerId: z.string().uuid('customerId must be a UUID').optional(),
  orderId: z.string().uuid('orderId must be a UUID').optional(),
  query: z.string().trim().max(100).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const NoteList = z.object({ items: z.array(Note), nextCursor: z.string().nullable() });
export type NoteList = z.infer<typeof NoteList>;
