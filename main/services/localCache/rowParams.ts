/** A table row (column → value) from an upsert's parameters and the columns they bind, in order. */
export function rowOf(columns: readonly string[], params: readonly unknown[]): Record<string, unknown> {
  if (params.length !== columns.length) throw new Error(`${params.length} values for ${columns.length} columns (${columns.join(', ')})`);
  const row: Record<string, unknown> = {};
  columns.forEach((column, i) => (row[column] = params[i]));
  return row;
}

/**
 * Rows of the three big tables as their upserts' parameters (customerParams, productParams,
 * serviceOrderParams): how an initial sync's reader thread hands a page to the thread that writes it.
 */
export interface PackedRows {
  customer: unknown[][];
  product: unknown[][];
  serviceOrder: unknown[][];
}
