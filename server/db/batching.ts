/**
 * SQLite allows at most 32,766 bound parameters per statement (PostgreSQL 65,535); batches stay
 * well below both, and small enough that Kysely compiles each statement quickly.
 */
const PARAMETERS_PER_STATEMENT = 8_000;

/** Splits rows into multi-row statements of at most PARAMETERS_PER_STATEMENT bound values. */
export function statementBatches<T>(items: readonly T[], parametersPerItem: number): T[][] {
  const size = Math.max(1, Math.floor(PARAMETERS_PER_STATEMENT / parametersPerItem));
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += size) batches.push(items.slice(i, i + size));
  return batches;
}
