import { z } from 'zod';
import type { ServiceOrderStatus } from './serviceOrder.js';
import { refusal, type Refusal } from './refusal.js';
import { IsoTimestamp, syncedRowFields } from './syncedRow.js';

/** approved: the region's warehouse (RDC) ships it; planned: no RDC stock, it waits on headquarters' parts plan. */
export const PartsRequestStatus = z.enum(['requested', 'approved', 'planned', 'shipped', 'received', 'rejected']);
export type PartsRequestStatus = z.infer<typeof PartsRequestStatus>;

const PartNumber = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9.-]{2,39}$/, 'part number is 3–40 letters, digits, dots or dashes');

/**
 * Spare parts an agent requests for a service order (docs/architecture.md §1, step 8). Agents create them
 * (offline too); headquarters' parts desk moves them on (partsRequestRefusal).
 */
export const PartsRequest = z.object({
  ...syncedRowFields,
  branchId: z.string().uuid(),
  orderId: z.string().uuid(),
  partNumber: PartNumber,
  quantity: z.number().int().min(1, 'quantity is at least 1').max(99, 'quantity is at most 99'),
  status: PartsRequestStatus,
  note: z.string().trim().max(500),
  requestedBy: z.string().uuid(),
  createdAt: IsoTimestamp,
  updatedAt: IsoTimestamp,
});
export type PartsRequest = z.infer<typeof PartsRequest>;

/** What an agent fills in (the seat or the server adds ids, branch, agent and times). */
export const NewPartsRequest = z.object({
  id: z.string().uuid('id must be a UUID').optional(),
  orderId: z.string().uuid('orderId must be a UUID'),
  partNumber: PartNumber,
  quantity: PartsRequest.shape.quantity,
  note: z.string().trim().max(500).default(''),
});
export type NewPartsRequest = z.input<typeof NewPartsRequest>;
export type NewPartsRequestParsed = z.output<typeof NewPartsRequest>;

/**
 * requested → approved (from the RDC) or planned (headquarters' plan) → shipped → received, or
 * requested → rejected. received and rejected are final. Shared so the seat shows the same rule the
 * server enforces.
 */
const NEXT: Record<PartsRequestStatus, readonly PartsRequestStatus[]> = {
  requested: ['approved', 'planned', 'rejected'],
  approved: ['shipped'],
  planned: ['shipped'],
  shipped: ['received'],
  received: [],
  rejected: [],
};

/** The statuses a parts request may move to next (empty once it is final). */
export function nextPartsRequestStatuses(from: PartsRequestStatus): readonly PartsRequestStatus[] {
  return NEXT[from];
}

/** Why a parts request cannot move from `from` to `to`; null when it can. */
export function partsRequestRefusal(from: PartsRequestStatus, to: PartsRequestStatus): Refusal | null {
  if (NEXT[from].includes(to)) return null;
  if (from === to) return refusal('parts_request_already_in_status', { status: from });
  if (NEXT[from].length === 0) return refusal('parts_request_final', { status: from });
  return refusal('parts_request_next_status_not_allowed', { from, to, allowed: [...NEXT[from]] });
}

/** Orders that no longer take parts: the work is over or was called off. */
const NO_PARTS: readonly ServiceOrderStatus[] = ['completed', 'visited', 'closed', 'cancelled'];

/** Why parts cannot be requested for an order in this status; null when they can. */
export function partsForOrderRefusal(orderNumber: string, status: ServiceOrderStatus): Refusal | null {
  return NO_PARTS.includes(status) ? refusal('parts_order_finished', { orderNumber, status }) : null;
}

/** The parts desk's decision on a request: approve, or reject with a reason (the agent and the order's owner see it). */
export const PartsDecision = z
  .object({
    decision: z.enum(['approve', 'reject']),
    reason: z.string().trim().max(500).default(''),
  })
  .refine((d) => d.decision === 'approve' || d.reason.length > 0, { message: 'a rejection needs a reason', path: ['reason'] });
export type PartsDecision = z.input<typeof PartsDecision>;

/** Where approved parts come from: the region's warehouse when it holds enough, else headquarters' parts plan. */
export function approvedStatus(onHand: number, quantity: number): 'approved' | 'planned' {
  return onHand >= quantity ? 'approved' : 'planned';
}

/** The steps after a decision, moved on one at a time (POST /parts-requests/{id}/status); the decision itself is POST /parts-requests/{id}/decision. */
export const PartsShippingStatus = z.enum(['shipped', 'received']);
