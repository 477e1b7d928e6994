import { z } from 'zod';
import { IsoTimestamp, syncedRowFields } from './syncedRow.js';
import { WarrantyDecision } from './warranty.js';

export const ServiceOrderType = z.enum(['repair', 'installation', 'maintenance', 'inquiry', 'complaint', 'suggestion']);
export type ServiceOrderType = z.infer<typeof ServiceOrderType>;

export const ServiceOrderStatus = z.enum([
  'new',
  'dispatched',
  'accepted',
  'in_service',
  'parts_pending',
  'completed',
  'visited',
  'closed',
  'cancelled',
]);
export type ServiceOrderStatus = z.infer<typeof ServiceOrderStatus>;

/** Statuses in which an order is still being worked on (shown as "open" on the customer card). */
export const OPEN_ORDER_STATUSES: readonly ServiceOrderStatus[] = ['new', 'dispatched', 'accepted', 'in_service', 'parts_pending'];

/** Order numbers are unique without the server: branch code, seat code, date, local sequence. */
export const ORDER_NUMBER_PATTERN = /^[A-Z]{2}\d{2}-\d{2}-\d{8}-\d{4,}$/;

/** A fee in yuan, as agreed or charged (at most 100 000). */
const Fee = z.number().min(0, 'a fee cannot be negative').max(100_000, 'a fee is at most 100000');

/**
 * Out of warranty, the customer agrees to an estimated fee before the order is made: the estimate
 * and when they agreed (shared/domain/orderLifecycle.ts requires it).
 */
export const FeeConsent = z.object({ estimate: Fee, consentedAt: IsoTimestamp });
export type FeeConsent = z.infer<typeof FeeConsent>;

/** A part the technician used. */
const PartUsed = z.object({
  name: z.string().trim().min(1, 'name the part').max(100),
  quantity: z.number().int().min(1).max(99),
});

/** What completing an order records: how it was resolved, the parts used, the fee charged and by whom. */
export const OrderCompletion = z.object({
  resolution: z.string().trim().min(1, 'describe the resolution').max(1000),
  parts: z.array(PartUsed).max(20),
  fee: Fee,
  technician: z.string().trim().min(1, 'name the technician').max(100),
});
export type OrderCompletion = z.infer<typeof OrderCompletion>;

/** Why an order goes on although it may duplicate open ones, or why it was cancelled. */
const Reason = z.string().trim().min(1).max(500);

/** Longest handover note kept (characters), for all or per order: a few lines for the next shift (shiftHandover.ts). */
export const HANDOVER_NOTE_MAX = 500;

/** Longest reason a supervisor gives for a decision on a duplicate order (characters). */
export const DUPLICATE_REVIEW_REASON_MAX = 500;

export const DuplicateDecision = z.enum(['approved', 'rejected']);
export type DuplicateDecision = z.infer<typeof DuplicateDecision>;

/** The supervisor's decision on an order made as a possible duplicate (duplicateReview.ts); who and when: its event. */
export const DuplicateReview = z.object({
  decision: DuplicateDecision,
  // A blank reason is refused by the rule (duplicateReviewRefusal), with the order's number.
  reason: z.string().trim().max(DUPLICATE_REVIEW_REASON_MAX),
});
export type DuplicateReview = z.infer<typeof DuplicateReview>;

export const ServiceOrder = z.object({
  ...syncedRowFields,
  orderNumber: z.string().regex(ORDER_NUMBER_PATTERN, 'order number must look like BJ01-07-20261123-0042'),
  customerId: z.string().uuid(),
  productId: z.string().uuid().nullable(),
  branchId: z.string().uuid(),
  type: ServiceOrderType,
  status: ServiceOrderStatus,
  fault: z.string().max(2000),
  ownerAgentId: z.string().uuid(),
  createdAt: IsoTimestamp,
  updatedAt: IsoTimestamp,
  /**
   * Where the order was dispatched (shared/domain/orderDispatch.ts) and the appointment agreed
   * with the customer; null until it is dispatched. Absent in a create: it defaults to null.
   */
  outletId: z.string().uuid().nullable().default(null),
  appointmentStart: IsoTimestamp.nullable().default(null),
  appointmentEnd: IsoTimestamp.nullable().default(null),
  /** When the order was first dispatched: the on-site timer runs from it (shared/domain/orderSla.ts). */
  dispatchedAt: IsoTimestamp.nullable().default(null),
  /**
   * Decided when the order is made, from its product (decideWarranty); null for an order without a
   * product. Absent in a create (a seat from before the field): null, and the backend decides it.
   */
  warranty: WarrantyDecision.nullable().default(null),
  /** Out of warranty: the fee the customer agreed to when the order was made; null otherwise. */
  feeConsent: FeeConsent.nullable().default(null),
  /** The agent's reason to make this order although it may duplicate open ones; null when none matched. */
  duplicateReason: Reason.nullable().default(null),
  /**
   * An order with a duplicateReason awaits the branch supervisor's decision (duplicateReview.ts):
   * null until it is approved or rejected, with their reason, once.
   */
  duplicateReview: DuplicateReview.nullable().default(null),
  /** Set when the order is completed (orderLifecycle.ts: required for it). */
  completion: OrderCompletion.nullable().default(null),
  /** Set when the order is cancelled (required for it). */
  cancelReason: Reason.nullable().default(null),
  /**
   * The note the agent who handed the order over left for its new owner (shiftHandover.ts); set
   * with an owner change only, null after one without a note. Its `owner_changed` event keeps it.
   */
  handoverNote: z.string().trim().min(1).max(HANDOVER_NOTE_MAX).nullable().default(null),
});
export type ServiceOrder = z.infer<typeof ServiceOrder>;

/**
 * An order number made without the server: branch code, seat code, local date, and the seat's
 * own sequence for that date (e.g. BJ01-07-20261123-0042). Unique because no two seats share a
 * branch and seat code.
 */
export function formatOrderNumber(branchCode: string, seatCode: string, localDate: string, sequence: number): string {
  return `${branchCode}-${seatCode}-${localDate.replaceAll('-', '')}-${String(sequence).padStart(4, '0')}`;
}
