/**
 * Rows of the three big tables as their upserts' parameters (customerRows, productRows and
 * serviceOrderRows .params): how an initial sync's reader thread hands a page to the thread that writes it.
 */
export interface PackedRows {
  customer: unknown[][];
  product: unknown[][];
  serviceOrder: unknown[][];
}
