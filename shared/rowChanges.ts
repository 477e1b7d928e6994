import { z } from 'zod';
import { SyncEntityName } from './api/rest.js';

/**
 * What a change notice names: a synced entity, or the seat's dead letters (changes the backend
 * refused, listed to the agent until dismissed).
 */
export const ChangedEntity = z.enum(['deadLetter', ...SyncEntityName.options]);
export type ChangedEntity = z.infer<typeof ChangedEntity>;

/** Rows of one entity that changed in the seat's cache. */
export const ChangedRows = z.object({
  entity: ChangedEntity,
  /**
   * The rows' ids (a dead letter's: its mutation id). Null when too many to list (a page of the
   * initial sync): any row of the entity may have changed.
   */
  ids: z.array(z.string()).nullable(),
  /** The customers the rows belong to (an order's, a product's…): a screen showing one hears of its new rows too. */
  customerIds: z.array(z.string()),
  /** The orders the rows belong to (an order event's, a parts request's…). */
  orderIds: z.array(z.string()),
});
export type ChangedRows = z.infer<typeof ChangedRows>;

/**
 * The seat's `data.changed` notice, sent only when rows of its cache really changed: pulled from
 * the backend, written at this seat, or undone after the backend refused them. Each screen reloads
 * only if it shows one of them; a poll that brought nothing sends none. The sync status (connection,
 * last sync) is a separate event that reloads no data (docs/architecture.md).
 */
export const RowsChangedNotice = z.object({ changes: z.array(ChangedRows) });
export type RowsChangedNotice = z.infer<typeof RowsChangedNotice>;
