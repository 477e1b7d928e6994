import { z } from 'zod';
import { FollowUp } from './followUp.js';
import { OrderEvent } from './orderEvent.js';
import { ServiceOrderStatus } from './serviceOrder.js';
import { IsoTimestamp } from './syncedRow.js';

/**
 * A change of the order made at this seat and not yet acknowledged by the backend: shown on the
 * timeline as waiting, until the backend's own event for it arrives with the next pull.
 */
export const PendingOrderChange = z.object({
  at: IsoTimestamp,
  status: ServiceOrderStatus.nullable(),
  ownerAgentId: z.string().uuid().nullable(),
  /** The note handed over with an owner change (shiftHandover.ts); null otherwise. */
  handoverNote: z.string().nullable().default(null),
  outletId: z.string().uuid().nullable(),
  appointmentStart: IsoTimestamp.nullable(),
  appointmentEnd: IsoTimestamp.nullable(),
});
export type PendingOrderChange = z.infer<typeof PendingOrderChange>;

/**
 * An order's history as the seat knows it: the backend's events, then this seat's pending changes,
 * and its follow-up (calls made, the last outcome, the score and remark once done) as the seat has it.
 */
export const OrderTimeline = z.object({
  events: z.array(OrderEvent),
  pending: z.array(PendingOrderChange),
  followUp: FollowUp.nullable(),
});
export type OrderTimeline = z.infer<typeof OrderTimeline>;
