import { z } from 'zod';
import { ServiceOrderStatus } from './serviceOrder.js';
import { IsoTimestamp, syncedRowFields } from './syncedRow.js';

export const OrderEventKind = z.enum(['created', 'status_changed', 'owner_changed', 'dispatched', 'duplicate_approved', 'duplicate_rejected']);
export type OrderEventKind = z.infer<typeof OrderEventKind>;

/**
 * One step in a service order's history, recorded by the server in the transaction that made the
 * change, and synced to the branch's seats (the timeline shows offline). Append-only: an event is
 * written once and never changed, so events never conflict. `seq` is the order change's
 * change-log seq (events of one change share it); `version` is the event's own.
 */
export const OrderEvent = z.object({
  ...syncedRowFields,
  orderId: z.string().uuid(),
  branchId: z.string().uuid(),
  seq: z.number().int().positive(),
  kind: OrderEventKind,
  /** null for `created`. */
  fromStatus: ServiceOrderStatus.nullable(),
  /** For `owner_changed`, the status the order had (unchanged). */
  toStatus: ServiceOrderStatus,
  /** Set for `owner_changed` only (one owner per order: the history shows each handover). */
  fromOwnerAgentId: z.string().uuid().nullable(),
  toOwnerAgentId: z.string().uuid().nullable(),
  /** For `owner_changed`: the note the agent who handed it over left (null: none); for `duplicate_approved` / `duplicate_rejected`: the supervisor's reason. */
  note: z.string().nullable().default(null),
  /** Set for `dispatched` only: the outlet and the appointment window. */
  outletId: z.string().uuid().nullable(),
  appointmentStart: IsoTimestamp.nullable(),
  appointmentEnd: IsoTimestamp.nullable(),
  /** Who pushed the change; null for the server's own writes. */
  agentId: z.string().uuid().nullable(),
  seatId: z.string().nullable(),
  at: IsoTimestamp,
});
export type OrderEvent = z.infer<typeof OrderEvent>;
