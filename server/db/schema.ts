import type { ColumnType } from 'kysely';
import type { AgentRole } from '../../shared/domain/branch.js';
import type { CampaignKind, CampaignTargetStatus } from '../../shared/domain/campaign.js';
import type { ArticleLanguage } from '../../shared/domain/knowledge.js';
import type { PartsRequestStatus } from '../../shared/domain/partsRequest.js';
import type { ConflictingEntity } from '../../shared/domain/conflict.js';
import type { OrderEvent } from '../../shared/domain/orderEvent.js';
import type { VipTier } from '../../shared/domain/customer.js';
import type { FollowUpStatus } from '../../shared/domain/followUp.js';
import type { Disposition, Interaction } from '../../shared/domain/interaction.js';
import type { ProductCategory } from '../../shared/domain/product.js';
import type { ServiceOrderStatus, ServiceOrderType } from '../../shared/domain/serviceOrder.js';
import type { SyncEntity } from '../../shared/api/rest.js';

/**
 * The backend's tables as Kysely sees them. Names are camelCase here; the CamelCasePlugin turns
 * them into snake_case in SQL. Timestamps are ISO-8601 UTC text and dates YYYY-MM-DD text on both
 * dialects: identical behaviour everywhere, and text in that form sorts chronologically.
 */

/** A boolean column: PostgreSQL answers true/false, SQLite 0/1 (better-sqlite3 cannot bind booleans, so writes are 0/1). */
type SqlFlag = ColumnType<boolean | number, number, number>;

export interface BranchTable {
  id: string;
  code: string;
  name: string;
  /** JSON array of province names. */
  regions: string;
}

interface AgentTable {
  id: string;
  login: string;
  displayName: string;
  branchId: string;
  role: AgentRole;
  passwordHash: string;
}

interface SessionTable {
  /** SHA-256 of the bearer token: a leaked table does not leak usable tokens. */
  tokenHash: string;
  agentId: string;
  createdAt: string;
  expiresAt: string;
}

/** Failed sign-ins in a row for one key: `login:<login>` or `address:<client address>`. */
interface LoginFailureTable {
  key: string;
  failures: number;
  /** Attempts before this instant are refused unchecked (ISO time). */
  blockedUntil: string;
}

/** One sign-in attempt, sign-out or revocation (server/auth/authAudit.ts). */
interface AuthAuditTable {
  id: string;
  at: string;
  event: string;
  login: string | null;
  agentId: string | null;
  address: string | null;
  /** Who ended someone else's sessions (a supervisor). */
  actorAgentId: string | null;
}

interface SyncedColumns {
  id: string;
  /** The change-log seq of the row's last change. */
  version: number;
  deleted: SqlFlag;
}

export interface CustomerTable extends SyncedColumns {
  branchId: string;
  name: string;
  phone: string;
  altPhone: string | null;
  vipTier: VipTier;
  province: string;
  city: string;
  address: string;
  createdAt: string;
  updatedAt: string;
}

export interface ProductTable extends SyncedColumns {
  customerId: string;
  branchId: string;
  serialNumber: string;
  model: string;
  category: ProductCategory;
  purchaseDate: string;
  warrantyMonths: number;
}

export interface ServiceOrderTable extends SyncedColumns {
  orderNumber: string;
  customerId: string;
  productId: string | null;
  branchId: string;
  type: ServiceOrderType;
  status: ServiceOrderStatus;
  fault: string;
  ownerAgentId: string;
  createdAt: string;
  updatedAt: string;
  outletId: string | null;
  appointmentStart: string | null;
  appointmentEnd: string | null;
  dispatchedAt: string | null;
}

export interface ConflictTable extends SyncedColumns {
  entity: ConflictingEntity;
  entityId: string;
  branchId: string;
  field: string;
  /** JSON of the value the pushing seat wanted. */
  mine: string;
  /** JSON of the value the server kept. */
  theirs: string;
  mutationId: string;
  seatId: string;
  agentId: string;
  createdAt: string;
  resolved: SqlFlag;
}

export interface InteractionTable extends SyncedColumns {
  branchId: string;
  agentId: string;
  customerId: string | null;
  direction: Interaction['direction'];
  remoteNumber: string | null;
  startedAt: string;
  ringSeconds: number;
  talkSeconds: number;
  wrapUpSeconds: number;
  disposition: Disposition;
  notes: string;
}

export interface FollowUpTable extends SyncedColumns {
  orderId: string;
  customerId: string;
  branchId: string;
  dueAt: string;
  status: FollowUpStatus;
  satisfaction: number | null;
  remarks: string;
  doneAt: string | null;
  doneBy: string | null;
  createdAt: string;
}

export interface OutletTable extends SyncedColumns {
  branchId: string;
  name: string;
  /** JSON arrays of province names, city names and product categories. */
  provinces: string;
  cities: string;
  categories: string;
  load: number;
}

export interface KnowledgeArticleTable extends SyncedColumns {
  branchId: string;
  category: ProductCategory | null;
  language: ArticleLanguage;
  title: string;
  body: string;
  /** JSON array of tags. */
  tags: string;
  updatedAt: string;
}

export interface PartsRequestTable extends SyncedColumns {
  branchId: string;
  orderId: string;
  partNumber: string;
  quantity: number;
  status: PartsRequestStatus;
  note: string;
  requestedBy: string;
  createdAt: string;
  updatedAt: string;
}

export interface CampaignTable extends SyncedColumns {
  branchId: string;
  name: string;
  kind: CampaignKind;
  script: string;
  startsOn: string;
  endsOn: string;
}

export interface CampaignTargetTable extends SyncedColumns {
  campaignId: string;
  branchId: string;
  customerId: string;
  phone: string;
  position: number;
  status: CampaignTargetStatus;
  outcomeNotes: string;
  calledAt: string | null;
  calledBy: string | null;
}

interface ChangeLogTable {
  /** Taken from change_log_head (see changeLogSeqs.ts), never from the column's own sequence. */
  seq: number;
  entity: SyncEntity;
  entityId: string;
  branchId: string;
  /** JSON array of the fields the change touched; NULL: the whole row (a create, a seed). */
  fields: string | null;
  /** The seat and agent whose pushed mutation made the change; NULL for the server's own writes. */
  seatId: string | null;
  agentId: string | null;
  /** The row's owner after the change, for entities with an owner (pull scope: records the agent owns). */
  ownerAgentId: string | null;
  /** Set when the change moved the row out of this branch / away from this owner: their seats pull a removal. */
  exitedBranchId: string | null;
  exitedOwnerAgentId: string | null;
}

export interface OrderEventTable extends SyncedColumns {
  orderId: string;
  branchId: string;
  seq: number;
  kind: OrderEvent['kind'];
  fromStatus: ServiceOrderStatus | null;
  toStatus: ServiceOrderStatus;
  agentId: string | null;
  seatId: string | null;
  at: string;
  fromOwnerAgentId: string | null;
  toOwnerAgentId: string | null;
  outletId: string | null;
  appointmentStart: string | null;
  appointmentEnd: string | null;
}

/** One row (id 1): the last seq handed out. */
interface ChangeLogHeadTable {
  id: number;
  seq: number;
}

/** The first result of each pushed mutation: a retried push answers it again and writes nothing. */
interface MutationTable {
  mutationId: string;
  agentId: string;
  seatId: string;
  /** SHA-256 of the mutation as first pushed: the same id with another payload is refused. */
  fingerprint: string;
  /** JSON of the MutationResult. */
  result: string;
  createdAt: string;
}

export interface ServerSchema {
  branches: BranchTable;
  agents: AgentTable;
  sessions: SessionTable;
  loginFailures: LoginFailureTable;
  authAudit: AuthAuditTable;
  customers: CustomerTable;
  products: ProductTable;
  serviceOrders: ServiceOrderTable;
  conflicts: ConflictTable;
  changeLog: ChangeLogTable;
  changeLogHead: ChangeLogHeadTable;
  mutations: MutationTable;
  orderEvents: OrderEventTable;
  interactions: InteractionTable;
  followUps: FollowUpTable;
  outlets: OutletTable;
  knowledgeArticles: KnowledgeArticleTable;
  partsRequests: PartsRequestTable;
  campaigns: CampaignTable;
  campaignTargets: CampaignTargetTable;
}
