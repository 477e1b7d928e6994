import { z } from 'zod';
import { PartsRequest, PartsRequestStatus } from './partsRequest.js';
import { IsoTimestamp } from './syncedRow.js';

/** Parts on hand at a branch's regional warehouse (RDC), per part number. */
export const RdcStock = z.object({
  branchId: z.string().uuid(),
  partNumber: z.string(),
  quantity: z.number().int().nonnegative(),
});
export type RdcStock = z.infer<typeof RdcStock>;

export const RdcStockQuery = z.object({
  branchId: z.string().uuid('branchId must be a UUID').optional(),
  partNumber: z.string().trim().toUpperCase().max(40).optional(),
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

export const RdcStockList = z.object({ items: z.array(RdcStock), nextCursor: z.string().nullable() });

/** One step of a parts request: its decision (with the reason) and each later status, by whom and when. */
export const PartsRequestStep = z.object({
  status: PartsRequestStatus,
  reason: z.string(),
  agentId: z.string().uuid(),
  at: IsoTimestamp,
});
export type PartsRequestStep = z.infer<typeof PartsRequestStep>;

export const PartsRequestSteps = z.object({ items: z.array(PartsRequestStep) });

/** A decision's outcome: the request as it now is, and the RDC shipment made for it (null: rejected, or passed to headquarters' plan). */
export const PartsDecisionOutcome = z.object({
  request: PartsRequest,
  shipmentId: z.string().uuid().nullable(),
});
export type PartsDecisionOutcome = z.infer<typeof PartsDecisionOutcome>;
