import { z } from 'zod';
import { CampaignTarget } from './campaign.js';
import { Complaint } from './complaint.js';
import { Conflict } from './conflict.js';
import { FollowUp } from './followUp.js';
import { OrderEventKind } from './orderEvent.js';
import { PartsRequestStatus } from './partsRequest.js';
import { ServiceOrder } from './serviceOrder.js';
import { IsoTimestamp } from './syncedRow.js';

/**
 * My work (docs/architecture.md §1, step 9): what the signed-in agent works from all day, read from
 * the seat's cache (offline too). Every list names the customer, so each row opens the card there.
 */

/** One service-level timer as a row shows it (shared/domain/orderSla.ts `nextDeadline`). */
const SlaClock = z.object({ stage: z.enum(['dispatch', 'accept', 'onSite', 'complete']), dueAt: IsoTimestamp, remainingMs: z.number() });

/** An open order I own, with its newest event and the SLA timer due soonest. */
export const MyWorkOrder = z.object({
  order: ServiceOrder,
  customerName: z.string(),
  /** The newest thing that happened to the order: its last event, or a change made here not yet synced. */
  lastActivityAt: IsoTimestamp,
  lastEventKind: OrderEventKind.nullable(),
  sla: SlaClock.nullable(),
});
export type MyWorkOrder = z.infer<typeof MyWorkOrder>;

/** An order handed to me (an `owner_changed` event naming me as the new owner) that I still own. */
export const MyWorkHandover = z.object({
  eventId: z.string().uuid(),
  /** The event's version (the backend's change seq): "since I last looked" compares these, not clocks. */
  eventVersion: z.number().int().nonnegative(),
  orderId: z.string().uuid(),
  orderNumber: z.string(),
  customerId: z.string().uuid(),
  customerName: z.string(),
  fromAgentId: z.string().uuid().nullable(),
  /** The agent's name from the branch's list; null when the seat does not know them. */
  fromAgentName: z.string().nullable(),
  /**
   * Who moved it when that is not the previous owner: the supervisor who reassigned it from the team
   * board (shared/domain/teamReassignment.ts), the note then being their reason; null for a handover
   * by the previous owner. The name from the branch's list (null when the seat does not know them).
   */
  byAgentId: z.string().uuid().nullable().default(null),
  byAgentName: z.string().nullable().default(null),
  /** The note the handing agent left on the order with the handover; null without one. */
  note: z.string().nullable(),
  at: IsoTimestamp,
  /** Handed over after I last looked at My work. */
  isNew: z.boolean(),
});
export type MyWorkHandover = z.infer<typeof MyWorkHandover>;

/** A follow-up of an order I own due today (or overdue), or a call back the customer asked for today. */
const MyWorkFollowUp = z.object({
  followUp: FollowUp,
  orderNumber: z.string(),
  customerName: z.string(),
  customerPhone: z.string(),
  /** The customer asked to be called at `followUp.dueAt`. */
  callBack: z.boolean(),
});

/** A campaign target whose customer asked to be called back, assigned to me (or set by me), due today or overdue. */
const MyWorkCampaignCallBack = z.object({
  target: CampaignTarget,
  campaignName: z.string(),
  customerName: z.string(),
});

/** An open complaint I took, or about an order I own, with the deadline that runs now. */
const MyWorkComplaint = z.object({
  complaint: Complaint,
  customerName: z.string(),
  deadline: z.object({ kind: z.enum(['acknowledge', 'resolve']), dueAt: IsoTimestamp, overdue: z.boolean() }).nullable(),
});

/** A parts request I made, still moving or moved lately (its status changes reach me by sync). */
export const MyWorkPartsRequest = z.object({
  id: z.string().uuid(),
  orderId: z.string().uuid(),
  orderNumber: z.string(),
  customerId: z.string().uuid(),
  customerName: z.string(),
  partNumber: z.string(),
  quantity: z.number().int(),
  status: PartsRequestStatus,
  updatedAt: IsoTimestamp,
});
export type MyWorkPartsRequest = z.infer<typeof MyWorkPartsRequest>;

const MyWorkCounts = z.object({
  openOrders: z.number().int().nonnegative(),
  overdueOrders: z.number().int().nonnegative(),
  newHandovers: z.number().int().nonnegative(),
  followUpsDue: z.number().int().nonnegative(),
  campaignCallBacks: z.number().int().nonnegative(),
  complaints: z.number().int().nonnegative(),
  conflicts: z.number().int().nonnegative(),
});

export const MyWork = z.object({
  /** The seat's clock when it read the lists (timers are counted from it). */
  asOf: IsoTimestamp,
  counts: MyWorkCounts,
  /** Newest activity first; at most `limit` (the counts are of all). */
  orders: z.array(MyWorkOrder),
  /** Newest first: the ones since I last looked (new) and those of the last shift. */
  handovers: z.array(MyWorkHandover),
  /** Soonest due first. */
  followUps: z.array(MyWorkFollowUp),
  /** Campaign call backs due today (or overdue), soonest first: beside the follow-ups' call backs. */
  campaignCallBacks: z.array(MyWorkCampaignCallBack),
  /** Soonest deadline first. */
  complaints: z.array(MyWorkComplaint),
  /** Newest change first. */
  partsRequests: z.array(MyWorkPartsRequest),
  /** Conflicts on changes I pushed, waiting for an agent to settle them (sync.conflicts shows them in full). */
  conflicts: z.array(Conflict.pick({ id: true, entity: true, entityId: true, field: true, createdAt: true })),
  /** The newest handover event I have looked at (0: never). */
  lastLookedVersion: z.number().int().nonnegative(),
});
export type MyWork = z.infer<typeof MyWork>;

/** How long a handover I have looked at stays listed: one shift. */
export const HANDOVER_LISTED_HOURS = 12;
/**
 * A handover older than this is no longer new, looked at or not (an agent back from a week off
 * finds those orders among their open orders).
 */
export const HANDOVER_NEW_DAYS = 7;
