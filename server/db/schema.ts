import type { ColumnType } from 'kysely';
import type { AgentRole } from '../../shared/domain/branch.js';
import type { SyncEntity } from '../../shared/api/rest.js';
import type { SyncedEntity } from '../../shared/entities/syncedEntity.js';
import type { SyncedEntities } from '../../shared/entities/syncedEntities.js';

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
  /** The agent's SIP user (extension) on the proxy; null: no phone (migration 0030). */
  sipUser: ColumnType<string | null, string | null | undefined, string | null>;
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

/** A synced entity's table: its declaration's fields as columns (shared/entities/syncedEntities.ts). */
type SyncedColumns<D> =
  D extends SyncedEntity<infer Row, infer Flag, infer Json> ? { [K in keyof Row]: K extends Flag ? SqlFlag : K extends Json ? string : Row[K] } : never;

/** The server's table name of each synced entity. */
export type SyncedTableOf<E extends SyncEntity> = SyncedEntities[E]['table'];

type CustomerTable = SyncedColumns<SyncedEntities['customer']>;
type ProductTable = SyncedColumns<SyncedEntities['product']>;
type ServiceOrderTable = SyncedColumns<SyncedEntities['serviceOrder']>;
/** `mine`: JSON of the value the pushing seat wanted; `theirs`: JSON of the value the server kept. */
type ConflictTable = SyncedColumns<SyncedEntities['conflict']>;
type InteractionTable = SyncedColumns<SyncedEntities['interaction']>;
type FollowUpTable = SyncedColumns<SyncedEntities['followUp']>;
type OutletTable = SyncedColumns<SyncedEntities['outlet']>;
type KnowledgeArticleTable = SyncedColumns<SyncedEntities['knowledgeArticle']>;
type PartsRequestTable = SyncedColumns<SyncedEntities['partsRequest']>;
type CampaignTable = SyncedColumns<SyncedEntities['campaign']>;
type CampaignTargetTable = SyncedColumns<SyncedEntities['campaignTarget']>;
type OrderEventTable = SyncedColumns<SyncedEntities['orderEvent']>;
type ComplaintTable = SyncedColumns<SyncedEntities['complaint']>;
type NoteTable = SyncedColumns<SyncedEntities['note']>;
type ComplaintStepTable = SyncedColumns<SyncedEntities['complaintStep']>;

interface ChangeLogTable {
  /** Taken from change_log_seq on PostgreSQL, change_log_head on SQLite (changeLogSeqs.ts), never from the column's own sequence. */
  seq: number;
  entity: SyncEntity;
  entityId: string;
  branchId: string;
  /** JSON array of the fields the change touched; NULL: the whole row (a create, a seed). */
  fields: string | null;
  /** The seat and agent whose pushed mutation made the change; NULL for the server's own writes. */
  seatId: string | null;
  agentId: string | null;
  /** When the change was made (ISO 8601); null for entries logged before migration 0021. */
  at: string | null;
  /** The row's owner after the change, for entities with an owner (pull scope: records the agent owns). */
  ownerAgentId: string | null;
  /** Set when the change moved the row out of this branch / away from this owner: their seats pull a removal. */
  exitedBranchId: string | null;
  exitedOwnerAgentId: string | null;
}

/** One row (id 1): the last seq handed out, on SQLite (PostgreSQL: change_log_seq, from migration 0017 on). */
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

/** Parts on hand at a branch's regional warehouse (RDC). */
interface RdcStockTable {
  branchId: string;
  partNumber: string;
  quantity: number;
}

/** The last presence report of an agent's seat (migration 0022). */
interface AgentPresenceTable {
  agentId: string;
  branchId: string;
  state: string;
  reason: string | null;
  since: string;
  callStartedAt: string | null;
  callDirection: string | null;
  customerId: string | null;
  customerName: string | null;
  reportedAt: string;
}

/** A seat cache's key in escrow, wrapped by the seat under the agent's password (migration 0031). */
interface CacheKeyEscrowTable {
  agentId: string;
  cacheId: string;
  wrappedKey: string;
  escrowedAt: string;
}

/** The shipment an approval from RDC stock made (one per request). */
interface PartsShipmentTable {
  id: string;
  requestId: string;
  branchId: string;
  partNumber: string;
  quantity: number;
  createdAt: string;
}

/** A parts request's decision and each later status, by whom and when. */
interface PartsRequestStepTable {
  id: string;
  requestId: string;
  branchId: string;
  status: string;
  reason: string;
  agentId: string;
  at: string;
}

/** A day's additive parts of every figure family, per branch, grouping and group (migration 0032, server/kpis/kpiRollup.ts). */
interface KpiDayCellTable {
  dim: string;
  day: string;
  week: string;
  month: string;
  branchId: string;
  grp: string;
  callsAnswered: number;
  callsMissed: number;
  callsHandle: number;
  ordersMade: number;
  fcrOrders: number;
  fcrResolved: number;
  dispatchMet: number;
  dispatchMissed: number;
  acceptMet: number;
  acceptMissed: number;
  onSiteMet: number;
  onSiteMissed: number;
  completeMet: number;
  completeMissed: number;
  rated: number;
  scoreSum: number;
  score1: number;
  score2: number;
  score3: number;
  score4: number;
  score5: number;
  partsReceived: number;
  partsCycle: number;
  complaintsReceived: number;
}

/** The days kpi_day_cells holds: computed at rolled_at, good until valid_until (an open stage's deadline; null: no such stage). */
interface KpiRolledDayTable {
  day: string;
  rolledAt: string;
  validUntil: string | null;
}

/** One row (id 1): the change-log seq read up to for days to recompute, and the first day with figures. */
interface KpiRollupStateTable {
  id: number;
  changeSeq: number;
  earliestDay: string | null;
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
  rdcStock: RdcStockTable;
  partsShipments: PartsShipmentTable;
  partsRequestSteps: PartsRequestStepTable;
  complaints: ComplaintTable;
  notes: NoteTable;
  complaintSteps: ComplaintStepTable;
  agentPresence: AgentPresenceTable;
  cacheKeyEscrow: CacheKeyEscrowTable;
  kpiDayCells: KpiDayCellTable;
  kpiRolledDays: KpiRolledDayTable;
  kpiRollupState: KpiRollupStateTable;
}
