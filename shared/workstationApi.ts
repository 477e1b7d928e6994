import { ReceivedRefusal } from './domain/refusal.js';
import { z } from 'zod';
import { MutationEntity } from './api/syncPush.js';
import { RowsChangedNotice } from './rowChanges.js';
import { CampaignWithProgress, NewProduct } from './api/rest.js';
import { Agent, Branch } from './domain/branch.js';
import { AgentPresence, ChosenNotReadyReason, NotReadyRequest, PresenceReport, TeamBoardAtSeat } from './domain/agentPresence.js';
import { KpiOrderPage, KpiOrdersQuery, KpiLaterFamily, KpiPage, KpiQuery } from './domain/kpis.js';
import { OutletCapacityPage, OutletCapacityQuery, OutletGapPage, OutletGapQuery, OutletVolumePage, OutletVolumeQuery } from './domain/outletNetwork.js';
import { Campaign, CampaignOutcome, CampaignTarget } from './domain/campaign.js';
import { CampaignAssignRequest, CampaignAssignResult, CampaignImportPreview, CampaignImportProgress, CampaignImportRequest, CampaignImportResult } from './domain/campaignImport.js';
import { Complaint, ComplaintStep, NewComplaint } from './domain/complaint.js';
import { Conflict } from './domain/conflict.js';
import { Customer, NewCustomer, VipTier } from './domain/customer.js';
import { RegionTable } from './domain/region.js';
import { DuplicateOrder } from './domain/duplicateOrders.js';
import { FollowUp, FollowUpResult } from './domain/followUp.js';
import { AgentFiguresToday, Interaction, NewInteraction, NewManualContact } from './domain/interaction.js';
import { ContactHistoryPage, ContactHistoryQuery } from './domain/contactHistory.js';
import { OrderTimeline } from './domain/orderTimeline.js';
import { ArticleLanguage, KnowledgeArticle } from './domain/knowledge.js';
import { Outlet } from './domain/outlet.js';
import { MyWork } from './domain/myWork.js';
import { NewNote, Note, NoteText } from './domain/note.js';
import { PartsDecisionOutcome, WaitingPartsRequest } from './domain/partsDesk.js';
import { NewPartsRequest, PartsDecision, PartsRequest } from './domain/partsRequest.js';
import { Product, ProductCategory } from './domain/product.js';
import { ShiftHandoverRequest, ShiftHandoverResult } from './domain/shiftHandover.js';
import { TeamReassignRequest } from './domain/teamReassignment.js';
import { DuplicateReviewRequest } from './domain/duplicateReview.js';
import { FeeConsent, OrderCompletion, ServiceOrder, ServiceOrderStatus, ServiceOrderType } from './domain/serviceOrder.js';
import { refusalMessage, type Refusal } from './domain/refusal.js';
import { IsoTimestamp } from './domain/syncedRow.js';
import { AudioDevices } from './audioDevices.js';
import { receivedCode, RejectionCode, SyncErrorCode, WorkstationErrorCode } from './errorCodes.js';
import { SipAccount } from './seatConfig.js';
import { patchSchemaOf } from './patchSchema.js';
import { DesktopCommand, PhoneStatus } from './desktopLink.js';
import { SeatDraft, SetupCheck, SetupStatus } from './seatSetup.js';

/**
 * The one contract between the renderer and the main-process services. Preload implements it
 * over Electron IPC; the browser seat implements it over a loopback WebSocket. Every input and
 * output is validated against these schemas on the service side.
 */

export const SessionInfo = z.object({
  agent: Agent,
  branch: Branch,
  /** True when the login was checked against the seat's cache because the backend was unreachable. */
  offline: z.boolean(),
  /**
   * At this login the cache's key had to be recovered from escrow (docs/architecture.md §8,
   * cache key escrow): `fresh` nothing was waiting and the seat syncs afresh; `pushed` the `pushed` waiting
   * changes reached headquarters, then afresh; `kept` `waiting` changes (or refused ones) could
   * not be uploaded yet and stay in the recovered cache, now under this PC's keychain;
   * `set_aside` no key could be recovered and the agent chose to start afresh (startCacheAfresh).
   */
  cacheRecovery: z
    .object({
      outcome: z.enum(['fresh', 'pushed', 'kept', 'set_aside']),
      pushed: z.number().int().min(0),
      waiting: z.number().int().min(0),
      /** `set_aside` (the agent chose to start afresh without the key): where the old cache waits for IT. */
      keptAt: z.string().optional(),
    })
    .optional(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

const WarrantyInfo = z.object({
  status: z.enum(['in_warranty', 'out_of_warranty']),
  expiresOn: z.string(),
});

export const ProductWithWarranty = Product.extend({ warranty: WarrantyInfo });
export type ProductWithWarranty = z.infer<typeof ProductWithWarranty>;

export const CustomerCard = z.object({
  customer: Customer,
  products: z.array(ProductWithWarranty),
  orders: z.array(ServiceOrder),
});
export type CustomerCard = z.infer<typeof CustomerCard>;

export const CustomerSummary = z.object({
  id: z.string().uuid(),
  name: z.string(),
  phone: z.string(),
  vipTier: VipTier,
  city: z.string(),
  address: z.string(),
  matchedOn: z.enum(['order', 'serial', 'model', 'phone', 'name', 'address']),
});
export type CustomerSummary = z.infer<typeof CustomerSummary>;

export const SyncStatus = z.object({
  online: z.boolean(),
  syncing: z.boolean(),
  lastSyncAt: z.string().nullable(),
  /** Local changes not yet acknowledged by the backend. */
  pending: z.number().int().nonnegative(),
  progress: z.object({ done: z.number().int().nonnegative(), total: z.number().int().nonnegative() }).nullable(),
  /** The last failure in the seat's own (English) words, for support staff; null after a good sync. */
  lastError: z.string().nullable(),
  /** What kind of failure `lastError` is, for the agent's words; null when there is none. */
  lastErrorCode: receivedCode(SyncErrorCode).nullable(),
});
export type SyncStatus = z.infer<typeof SyncStatus>;

export const SeatInfo = z.object({
  host: z.enum(['electron', 'browser-seat']),
  seatCode: z.string(),
  backendUrl: z.string(),
  appVersion: z.string(),
});
export type SeatInfo = z.infer<typeof SeatInfo>;

const NoInput = z.object({}).strict();

/** A change the backend refused: shown to the agent, its local effect undone. */
export const DeadLetter = z.object({
  mutationId: z.string().uuid(),
  entity: MutationEntity,
  entityId: z.string().uuid(),
  op: z.enum(['create', 'update', 'delete']),
  patch: z.record(z.string(), z.unknown()),
  /** As the backend answered it; a code this seat does not know reads as `unknown`. */
  code: receivedCode(RejectionCode),
  message: z.string(),
  /** The domain rule's refusal the backend gave (its code, field and facts), worded at the seat in the agent's language; null: none. */
  refusal: ReceivedRefusal.nullable(),
  createdAt: z.string(),
  rejectedAt: z.string(),
});
export type DeadLetter = z.infer<typeof DeadLetter>;

/**
 * The record a sync problem or waiting change is about, as an agent knows it (no ids): the
 * customer's name, the order's number, the product's model and serial; null where unknown here.
 */
export const SyncRecordLabel = z.object({
  customerName: z.string().nullable(),
  orderNumber: z.string().nullable(),
  product: z.string().nullable(),
});
export type SyncRecordLabel = z.infer<typeof SyncRecordLabel>;

/** A refused change with the record it is about. */
export const DeadLetterAtSeat = DeadLetter.extend({ record: SyncRecordLabel });
export type DeadLetterAtSeat = z.infer<typeof DeadLetterAtSeat>;

/** Who made a change: the agent's name (null when this seat never saw the agent) and the seat's code. */
export const ChangeAuthor = z.object({
  agentId: z.string(),
  agentName: z.string().nullable(),
  seatCode: z.string().nullable(),
});
export type ChangeAuthor = z.infer<typeof ChangeAuthor>;

/**
 * A conflict as seen from this seat. The record's `mine` is the pushing seat's value; on any
 * other seat the agent's own value is the one the server kept. So `pushedHere` says which side is
 * this seat's, and `keepMine` / `keepTheirs` in `sync.resolveConflict` are meant from this seat.
 */
export const ConflictAtSeat = Conflict.extend({
  pushedHere: z.boolean(),
  /** Who pushed the value that lost the race (`mine` of the record), at `createdAt`. */
  pushedBy: ChangeAuthor,
  /** Who wrote the value the server kept (`theirs` of the record), at `theirsAt`; null when not recorded. */
  keptBy: ChangeAuthor.nullable(),
  /** The kept value was written from this seat. */
  keptHere: z.boolean(),
  record: SyncRecordLabel,
});
export type ConflictAtSeat = z.infer<typeof ConflictAtSeat>;

/** A local change still waiting to upload (the status line's list while offline). */
export const PendingChange = z.object({
  mutationId: z.string().uuid(),
  entity: MutationEntity,
  op: z.enum(['create', 'update', 'delete']),
  /** The fields it sets, bookkeeping fields left out. */
  fields: z.array(z.string()),
  createdAt: z.string(),
  attempts: z.number().int().nonnegative(),
  record: SyncRecordLabel,
});
export type PendingChange = z.infer<typeof PendingChange>;

/** The fields of a customer an agent may change (any subset, at least one; nothing sent, nothing changed). */
export const CustomerChanges = patchSchemaOf(NewCustomer.omit({ id: true }))
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, 'no field to change');

export const workstationMethods = {
  'seat.info': { input: NoInput, output: SeatInfo },
  /** Whether this PC still needs its seat set up (shared/seatSetup.ts): the first-run screen. */
  'setup.status': { input: NoInput, output: SetupStatus },
  /** Checks a backend address and seat code (and a sign-in, if given) without saving anything. */
  'setup.check': { input: SeatDraft, output: SetupCheck },
  /** Checks again and saves the seat file for this user; the app then restarts with it. */
  'setup.save': { input: SeatDraft, output: z.object({ seatFile: z.string() }) },
  'session.login': {
    input: z.object({
      login: z.string().trim().min(1, 'login is required').max(64),
      password: z.string().min(1, 'password is required').max(256),
      /**
       * After a cache_key_lost refusal that allows it (details.canStartAfresh): the agent chose to
       * work on with a fresh cache; the unreadable one is moved, unchanged, into a folder for IT.
       */
      startCacheAfresh: z.boolean().optional(),
    }),
    output: SessionInfo,
  },
  'session.logout': { input: NoInput, output: z.object({ ok: z.literal(true) }) },
  'session.current': { input: NoInput, output: SessionInfo.nullable() },
  'customers.search': {
    input: z.object({
      query: z.string().trim().min(1, 'query is required').max(100),
      limit: z.number().int().min(1).max(200).default(50),
    }),
    output: z.array(CustomerSummary),
  },
  'customers.card': { input: z.object({ customerId: z.string().uuid('customerId must be a UUID') }), output: CustomerCard.nullable() },
  'customers.screenPop': {
    input: z.object({ phone: z.string().trim().min(1, 'phone is required').max(40) }),
    output: z.object({ phone: z.string().nullable(), card: CustomerCard.nullable() }),
  },
  'customers.create': { input: NewCustomer, output: Customer },
  'customers.update': {
    input: z.object({ customerId: z.string().uuid('customerId must be a UUID'), changes: CustomerChanges }),
    output: Customer,
  },
  'orders.create': {
    input: z.object({
      customerId: z.string().uuid('customerId must be a UUID'),
      productId: z.string().uuid('productId must be a UUID').nullable(),
      type: ServiceOrderType,
      fault: z.string().trim().min(1, 'describe the fault or request').max(2000),
      /** Out of warranty: the fee estimate the customer agreed to (the consent is recorded now); null: none given. */
      feeEstimate: FeeConsent.shape.estimate.nullable().default(null),
      /** Why to go on although open orders may duplicate this one (required then). */
      duplicateReason: z.string().trim().max(500).nullable().default(null),
    }),
    output: ServiceOrder,
  },
  /**
   * The order's next step with what it records: completing records the completion, cancelling a
   * reason. `takeOver`: the agent, not the owner, agreed to take the order over with this step.
   */
  'orders.changeStatus': {
    input: z.object({
      orderId: z.string().uuid('orderId must be a UUID'),
      status: ServiceOrderStatus,
      completion: OrderCompletion.optional(),
      cancelReason: z.string().trim().min(1).max(500).optional(),
      takeOver: z.boolean().default(false),
    }),
    output: ServiceOrder,
  },
  /** The outlets that can take an order for this customer's product category, nearest and least loaded first. */
  'outlets.suggest': {
    input: z.object({ customerId: z.string().uuid('customerId must be a UUID'), category: ProductCategory }),
    output: z.array(Outlet),
  },
  /** Before a new order: the open orders it may duplicate (same serial number, or same phone and category within 7 days). */
  'orders.duplicateCheck': {
    input: z.object({
      customerId: z.string().uuid('customerId must be a UUID'),
      productId: z.string().uuid('productId must be a UUID').nullable(),
      type: ServiceOrderType,
    }),
    output: z.array(DuplicateOrder),
  },
  /**
   * Hands the order to another agent of the branch (one owner per order; the history shows it),
   * optionally with a note for the new owner: a note on the order, written with the handover.
   */
  'orders.reassign': {
    input: z.object({
      orderId: z.string().uuid('orderId must be a UUID'),
      ownerAgentId: z.string().uuid('ownerAgentId must be a UUID'),
      note: z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), NoteText.optional()),
    }),
    output: ServiceOrder,
  },
  /**
   * The shift handover's starting point: my open orders (oldest first, with their customer's name)
   * and who may receive them — the branch's agents who hold orders, but me, each with the open
   * orders they hold in this seat's cache (offline: the agents as last fetched).
   */
  'orders.handoverDraft': {
    input: NoInput,
    output: z.object({
      orders: z.array(z.object({ order: ServiceOrder, customerName: z.string().nullable() })),
      receivers: z.array(z.object({ agent: Agent, openOrders: z.number().int().nonnegative() })),
    }),
  },
  /**
   * Hands my open orders to one or several agents of the branch in one step (shared/domain/shiftHandover.ts):
   * all or nothing at the seat, then one owner change per order through the outbox (works offline).
   */
  'orders.handOver': { input: ShiftHandoverRequest, output: ShiftHandoverResult },
  /**
   * The signed-in agent's My work from the cache (offline too): open orders they own with their SLA
   * timers, orders handed to them (new since they last looked), follow-ups due today, open complaints,
   * their parts requests and conflicts on their changes, with counts.
   */
  'myWork.show': { input: z.object({ limit: z.number().int().min(1).max(500).default(200) }), output: MyWork },
  /** The agent looked at My work showing handovers up to this event version: they are no longer new (kept in the seat). */
  'myWork.markLooked': {
    input: z.object({ upToVersion: z.number().int('upToVersion is a whole number').nonnegative() }),
    output: z.object({ lastLookedVersion: z.number().int().nonnegative() }),
  },
  /** Dispatches (or re-dispatches) an order to an authorised outlet with an appointment window (works offline; re-checked on push). */
  'orders.dispatch': {
    input: z
      .object({
        orderId: z.string().uuid('orderId must be a UUID'),
        outletId: z.string().uuid('outletId: choose a service outlet'),
        appointmentStart: IsoTimestamp,
        appointmentEnd: IsoTimestamp,
        takeOver: z.boolean().default(false),
      })
      .refine((w) => Date.parse(w.appointmentEnd) > Date.parse(w.appointmentStart), { message: 'the appointment must end after it starts', path: ['appointmentEnd'] }),
    output: ServiceOrder,
  },
  /** The outlets this order can be dispatched to (its customer's region, its product's category), nearest and least loaded first. */
  'orders.dispatchOptions': { input: z.object({ orderId: z.string().uuid('orderId must be a UUID') }), output: z.array(Outlet) },
  /** An order's history from the cache: the backend's events and this seat's changes still waiting to sync. */
  'orders.timeline': { input: z.object({ orderId: z.string().uuid('orderId must be a UUID') }), output: OrderTimeline },
  /** The branch's orders past a service-level deadline now (shared/domain/orderSla.ts), oldest first. */
  'orders.overdue': { input: NoInput, output: z.array(ServiceOrder) },
  /** Saves a finished call (works offline; synced later). */
  'interactions.record': { input: NewInteraction, output: Interaction },
  /** A customer's past calls (the branch's, as synced), newest first; contacts recorded by hand are in `contacts.history`. */
  'interactions.ofCustomer': {
    input: z.object({ customerId: z.string().uuid('customerId must be a UUID'), limit: z.number().int().min(1).max(200).default(50) }),
    output: z.array(Interaction),
  },
  /** Records a contact outside the softphone (outlet visit, another line, WeChat, email) on a customer (works offline; synced later). */
  'contacts.record': { input: NewManualContact, output: Interaction },
  /** A customer's contact history from the cache, newest first, one page: calls, contacts, notes, order events, follow-ups, campaign calls, complaints. */
  'contacts.history': { input: ContactHistoryQuery, output: ContactHistoryPage },
  'agent.figuresToday': { input: NoInput, output: AgentFiguresToday },
  /** The agents of the session's branch (from the backend, or the last list the seat kept when offline). */
  'agents.ofBranch': { input: NoInput, output: z.array(Agent) },
  /** The division code table the seat holds (pulled from the backend at login): pickers match in it. */
  'regions.table': { input: NoInput, output: RegionTable },
  /** The branch's open follow-ups to call now (call backs after completed orders), soonest due first. */
  'followUps.list': { input: NoInput, output: z.array(FollowUp) },
  /** The supervisor's flags: follow-ups of the last 30 days the customer scored 1 or 2, newest first. */
  'followUps.lowScores': { input: NoInput, output: z.array(FollowUp) },
  /** Records how a call back went: done (score, remark), no answer, call back at a time, refused (works offline; synced later). */
  'followUps.complete': { input: FollowUpResult, output: FollowUp },
  /** Registers a unit for a customer in the cache (works offline; the serial number must be new here and at the server). */
  'products.create': { input: NewProduct, output: ProductWithWarranty },
  /** Standard answers and scripts in the cache: every word must match (title, tags, body); none: all, by title. */
  'knowledge.search': {
    input: z.object({
      query: z.string().trim().max(100).default(''),
      /** Only this category's articles and the general ones; null: every article. */
      category: ProductCategory.nullable().default(null),
      /** Ranked first, never filtered by: the category of the order the agent is on. */
      preferCategory: ProductCategory.nullable().default(null),
      /** Ranked first: articles in the screen's language. */
      language: ArticleLanguage.nullable().default(null),
      limit: z.number().int().min(1).max(100).default(20),
    }),
    output: z.array(KnowledgeArticle),
  },
  'knowledge.get': { input: z.object({ articleId: z.string().uuid('articleId must be a UUID') }), output: KnowledgeArticle.nullable() },
  /** Requests spare parts for an order (works offline; headquarters moves the status on). */
  'partsRequests.create': { input: NewPartsRequest, output: PartsRequest },
  /** An order's parts requests, newest first. */
  'partsRequests.ofOrder': { input: z.object({ orderId: z.string().uuid('orderId must be a UUID') }), output: z.array(PartsRequest) },
  /** Takes a complaint (works offline; its deadlines follow its severity; the backend escalates it when one passes). */
  'complaints.create': { input: NewComplaint, output: Complaint },
  /** One step of a complaint's workflow: acknowledge, investigate, resolve (with compensation), confirm with the customer, or reopen. */
  'complaints.advance': { input: z.object({ complaintId: z.string().uuid('complaintId must be a UUID'), step: ComplaintStep }), output: Complaint },
  /** A customer's complaints, newest first. */
  'complaints.ofCustomer': { input: z.object({ customerId: z.string().uuid('customerId must be a UUID') }), output: z.array(Complaint) },
  /** The branch's complaints still being worked on, soonest resolve deadline first. */
  'complaints.open': { input: z.object({ limit: z.number().int().min(1).max(500).default(100) }), output: z.array(Complaint) },
  /**
   * The branch's open complaints escalated past the agent (to the supervisor or headquarters: the
   * backend's escalation), from the seat's cache (offline too), the most escalated first, then the
   * soonest deadline; each with its customer's name. The supervisor's desk lists them.
   */
  'complaints.escalated': {
    input: z.object({ limit: z.number().int().min(1).max(500).default(100) }),
    output: z.array(z.object({ complaint: Complaint, customerName: z.string().nullable() })),
  },
  /** Writes a note on a customer or an order (works offline; notes are never changed afterwards). */
  'notes.add': { input: NewNote, output: Note },
  /** A customer's notes (on them and on their orders), newest first; `query`: only those containing it. */
  'notes.ofCustomer': {
    input: z.object({
      customerId: z.string().uuid('customerId must be a UUID'),
      query: z.string().trim().max(100).default(''),
      limit: z.number().int().min(1).max(500).default(200),
    }),
    output: z.array(Note),
  },
  /** An order's notes, newest first. */
  'notes.ofOrder': { input: z.object({ orderId: z.string().uuid('orderId must be a UUID') }), output: z.array(Note) },
  /** The branch's campaigns with their progress, newest first. */
  'campaigns.list': { input: NoInput, output: z.array(CampaignWithProgress) },
  /** Preview dialing: the campaign's next pending target with the customer's card (null when none is left); `afterPosition` skips the targets up to there. */
  'campaigns.nextTarget': {
    input: z.object({ campaignId: z.string().uuid('campaignId must be a UUID'), afterPosition: z.number().int().min(-1).default(-1) }),
    output: z.object({ campaign: Campaign, target: CampaignTarget, customer: Customer.nullable() }).nullable(),
  },
  /** Records how a campaign call went (works offline; done and refused are final; a call back needs a time later than now). */
  'campaigns.recordOutcome': {
    input: z.object({
      targetId: z.string().uuid('targetId must be a UUID'),
      status: CampaignOutcome,
      notes: z.string().trim().max(2000).default(''),
      /** With `call_back` only: when the customer asked to be called again. */
      callBackAt: IsoTimestamp.nullable().default(null),
    }),
    output: CampaignTarget,
  },
  /** One target with its campaign and customer (a call back opened from My work), from the cache. */
  'campaigns.target': {
    input: z.object({ targetId: z.string().uuid('targetId must be a UUID') }),
    output: z.object({ campaign: Campaign, target: CampaignTarget, customer: Customer.nullable() }),
  },
  /** The campaigns whose target lists the signed-in supervisor (branch) or headquarters (every branch) manages. Online. */
  'campaignLists.managed': { input: NoInput, output: z.array(CampaignWithProgress) },
  /** The agents of a managed campaign's branch its targets may be assigned to. Online. */
  'campaignLists.assignableAgents': { input: z.object({ campaignId: z.string().uuid('campaignId must be a UUID') }), output: z.array(Agent) },
  /** Reads a CSV file (UTF-8 with or without BOM, GBK/GB18030, UTF-16) and checks every row; writes nothing. Progress: campaignLists.progress. Online. */
  'campaignLists.preview': {
    input: z.object({
      campaignId: z.string().uuid('campaignId must be a UUID'),
      /** The file's bytes, base64 (at most 8 MB of file). */
      contentBase64: z.string().min(1, 'the file is empty').max(11_200_000, 'the file is larger than 8 MB'),
    }),
    output: CampaignImportPreview,
  },
  /** Writes the previewed valid rows as targets: all or none. Online. */
  'campaignLists.import': {
    input: z.object({ campaignId: z.string().uuid('campaignId must be a UUID'), rows: CampaignImportRequest.shape.rows }),
    output: CampaignImportResult,
  },
  /** Shares the campaign's targets still to call out to agents of its branch, round-robin. Online. */
  'campaignLists.assign': {
    input: CampaignAssignRequest.extend({ campaignId: z.string().uuid('campaignId must be a UUID') }),
    output: CampaignAssignResult,
  },
  /** The seat's SIP account for the softphone (null: this seat has no phone). Needs a session. */
  'softphone.account': { input: NoInput, output: SipAccount.nullable() },
  /** The seat's chosen softphone audio devices (per seat, not per agent; null: system default). */
  'softphone.audioDevices': { input: NoInput, output: AudioDevices },
  'softphone.setAudioDevices': { input: AudioDevices, output: AudioDevices },
  /**
   * The supervisor's desk: a page of figures from the backend (its role's figures scope), kept for
   * offline reading; offline, the kept copy (`fresh` false, `page.computedAt` says when).
   */
  /**
   * The desk's figures: fresh, or (backend unreachable) the page kept from computedAt; `missing`: the
   * figure families a page kept by an older build lacks (shown as not known).
   */
  'desk.figures': { input: KpiQuery, output: z.object({ page: KpiPage, fresh: z.boolean(), missing: z.array(KpiLaterFamily).default([]) }) },
  /** The orders behind one figure (online only). */
  'desk.figureOrders': { input: KpiOrdersQuery, output: KpiOrderPage },
  /** Headquarters' outlet network (shared/domain/outletNetwork.ts), online only: monthly volume, load against capacity, regions no outlet serves. */
  'outletNetwork.volume': { input: OutletVolumeQuery, output: OutletVolumePage },
  'outletNetwork.capacity': { input: OutletCapacityQuery, output: OutletCapacityPage },
  'outletNetwork.gaps': { input: OutletGapQuery, output: OutletGapPage },
  /** The parts desk's queue: its branch's requests waiting for a decision, with the RDC's stock of each part (online). */
  'partsDesk.waiting': { input: NoInput, output: z.array(WaitingPartsRequest) },
  /** Approve (from RDC stock, else headquarters' plan) or reject with a reason (online). */
  'partsDesk.decide': { input: z.object({ requestId: z.string().uuid('requestId must be a UUID'), decision: PartsDecision }), output: PartsDecisionOutcome },
  /**
   * The page's softphone reports its agent's presence on every change and every 10 s (heartbeat);
   * the seat hands it to the backend. `delivered` false: the backend did not take it (offline).
   */
  'presence.report': { input: PresenceReport, output: z.object({ delivered: z.boolean() }) },
  /** The live team board of a supervisor (their branch) or headquarters (online); changes come as `presence.changed`. */
  'presence.board': { input: NoInput, output: TeamBoardAtSeat },
  /** A supervisor puts an agent of their branch to not ready (online); the agent's page hears `presence.notReadyRequested`. */
  'presence.putNotReady': { input: z.object({ agentId: z.string().uuid('agentId must be a UUID'), reason: ChosenNotReadyReason }).strict(), output: z.object({ ok: z.literal(true) }) },
  /**
   * What the board's reassign dialog starts from for one agent (the seat's cache, offline too): their
   * open orders (oldest first, with the customer's name) and who may receive them — the branch's
   * agents who hold orders, but that agent, each with the open orders they hold now.
   */
  'team.reassignDraft': {
    input: z.object({ agentId: z.string().uuid('agentId must be a UUID') }).strict(),
    output: z.object({
      agent: Agent,
      orders: z.array(z.object({ order: ServiceOrder, customerName: z.string().nullable() })),
      receivers: z.array(z.object({ agent: Agent, openOrders: z.number().int().nonnegative() })),
    }),
  },
  /**
   * A supervisor reassigns one, several or all of an agent's open orders to agents of the branch,
   * with a reason (shared/domain/teamReassignment.ts): all or nothing at the seat, then one owner
   * change per order through the outbox (works offline; the backend checks each again).
   */
  'team.reassign': { input: TeamReassignRequest, output: ShiftHandoverResult },
  /**
   * The branch's open orders made as possible duplicates that await the supervisor's decision
   * (shared/domain/duplicateReview.ts), oldest first, from the cache (offline too); supervisors only.
   */
  'orders.awaitingDuplicateReview': {
    input: z.object({ limit: z.number().int().min(1).max(500).default(100) }).strict(),
    output: z.array(z.object({ order: ServiceOrder, customerName: z.string().nullable(), ownerName: z.string().nullable() })),
  },
  /** The supervisor approves or rejects a duplicate order with a reason (works offline: pushed as the order's change). */
  'orders.reviewDuplicate': { input: DuplicateReviewRequest, output: ServiceOrder },
  'sync.status': { input: NoInput, output: SyncStatus },
  'sync.deadLetters': { input: NoInput, output: z.array(DeadLetterAtSeat) },
  'sync.conflicts': { input: NoInput, output: z.array(ConflictAtSeat) },
  /** What waits to upload, oldest first (at most `limit`). */
  'sync.pending': { input: z.object({ limit: z.number().int().min(1).max(500).default(100) }).strict(), output: z.array(PendingChange) },
  'sync.resolveConflict': {
    input: z.discriminatedUnion('choice', [
      z.object({ conflictId: z.string().uuid(), choice: z.literal('keepTheirs') }),
      z.object({ conflictId: z.string().uuid(), choice: z.literal('keepMine') }),
      z.object({ conflictId: z.string().uuid(), choice: z.literal('edit'), value: z.unknown() }),
    ]),
    output: z.object({ ok: z.literal(true) }),
  },
  'sync.dismissDeadLetter': { input: z.object({ mutationId: z.string().uuid() }), output: z.object({ ok: z.literal(true) }) },
  'sync.now': { input: NoInput, output: SyncStatus },
  /** The page's phone, reported on every change: the desktop host's tray and quit question read it. */
  'desktop.reportPhone': { input: PhoneStatus, output: z.object({ ok: z.literal(true) }) },
} as const;

export type WorkstationMethod = keyof typeof workstationMethods;
export type MethodInput<M extends WorkstationMethod> = z.input<(typeof workstationMethods)[M]['input']>;
export type MethodParsedInput<M extends WorkstationMethod> = z.output<(typeof workstationMethods)[M]['input']>;
export type MethodOutput<M extends WorkstationMethod> = z.output<(typeof workstationMethods)[M]['output']>;

/** The events the seat sends to the renderer (both hosts carry them). @public */
export const workstationEvents = {
  /** Connection, last sync, pending count: the status line's; no screen reloads data on it. */
  'sync.status': SyncStatus,
  /** Rows of the cache that changed (shared/rowChanges.ts): the screens showing them reload. */
  'data.changed': RowsChangedNotice,
  'session.changed': SessionInfo.nullable(),
  /** From the desktop host: a tel: link, a global answer/hang-up key, the PC sleeping or waking. */
  'desktop.command': DesktopCommand,
  /** An agent the signed-in supervisor (or headquarters) watches changed presence. */
  'presence.changed': AgentPresence,
  /** The signed-in agent's supervisor put them to not ready: the softphone follows. */
  'presence.notReadyRequested': NotReadyRequest,
  /** How far a campaign list's preview or import has gone. */
  'campaignLists.progress': CampaignImportProgress,
} as const;
export type WorkstationEvent = keyof typeof workstationEvents;
export type EventPayload<E extends WorkstationEvent> = z.output<(typeof workstationEvents)[E]>;

export const WorkstationErrorShape = z.object({
  code: WorkstationErrorCode,
  message: z.string(),
  details: z.unknown().optional(),
});
export type WorkstationErrorShape = z.infer<typeof WorkstationErrorShape>;

/** An error that crosses the bridge intact: code and message reach the renderer. */
export class WorkstationError extends Error {
  constructor(
    readonly code: WorkstationErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'WorkstationError';
  }
  /** A domain rule's refusal: its English words as the message, the refusal itself as details. */
  static refused(code: WorkstationErrorCode, refusal: Refusal): WorkstationError {
    return new WorkstationError(code, refusalMessage(refusal), refusal);
  }
  toShape(): WorkstationErrorShape {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** What `window.workstation` is, in Electron (preload) and in the browser seat alike. */
export interface WorkstationBridge {
  call<M extends WorkstationMethod>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  on<E extends WorkstationEvent>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** Turns a zod failure into a message naming each field, e.g. "phone: not a valid phone number". */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(input)'}: ${i.message}`).join('; ');
}
