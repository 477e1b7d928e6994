import { z } from 'zod';
import { ServiceOrderStatus } from './serviceOrder.js';
import { IsoTimestamp } from './syncedRow.js';

/**
 * One step in a service order's history, recorded by the server in the transaction that made the
 * change (append-only: events never conflict). `seq` is that change's change-log seq.
 */
export const OrderEvent = z.object({
  id: z.string().uuid(),
  orderId: z.string().uuid(),
  seq: z.number().int().positive(),
  kind: z.enum(['created', 'status_changed', 'owner_changed']),
  /** null for `created`. */
  fromStatus: ServiceOrderStatus.nullable(),
  /** For `owner_changed`, the status the order had (unchanged). */
  toStatus: ServiceOrderStatus,
  /** Set for `owner_changed` only (one owner per order: the history shows each handover). */
  fromOwnerAgentId: z.string().uuid().nullable(),
  toOwnerAgentId: z.string().uuid().nullable(),
  /** Who pushed the change; null for the server's own writes. */
  agentId: z.string().uuid().nullable(),
  seatId: z.string().nullable(),
  at: IsoTimestamp,
});
export type OrderEvent = z.infer<typeof OrderEvent>;
