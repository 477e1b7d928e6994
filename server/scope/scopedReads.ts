import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { ServerSchema } from '../db/schema.js';
import { ApiFailure } from '../http/apiFailure.js';
import { inScope, type AgentScope } from './agentScope.js';

/** The tables of synced rows: each row has a branch, some an owner. */
export type ScopedTable = { [T in keyof ServerSchema]: ServerSchema[T] extends { branchId: string; version: number } ? T : never }[keyof ServerSchema];
type OwnedTable = { [T in ScopedTable]: ServerSchema[T] extends { ownerAgentId: string } ? T : never }[ScopedTable];

/** The tables whose rows have an owner; the type makes a table that gains `ownerAgentId` be listed here. */
const OWNED: Readonly<Record<OwnedTable, true>> = { serviceOrders: true };

/**
 * The scope rule (agentScope.ts) as a SQL condition on `table` (under `alias` when the query
 * names it so), for REST lists and searches.
 */
export function inScopeWhere(table: ScopedTable, scope: AgentScope, alias: string = table): RawBuilder<SqlBool> {
  const branch = sql<SqlBool>`${sql.ref(`${alias}.branchId`)} = ${scope.branchId}`;
  if (!Object.hasOwn(OWNED, table) || scope.agentId === undefined) return branch;
  return sql<SqlBool>`(${branch} or ${sql.ref(`${alias}.ownerAgentId`)} = ${scope.agentId})`;
}

/** A REST read of one row: 404 when absent (or a tombstone), 403 when outside the scope. */
export function readable<R extends { branchId: string }>(record: R | undefined, scope: AgentScope, what: string): R {
  if (!record) throw ApiFailure.notFound(what);
  if (!inScope(record, scope)) throw ApiFailure.forbidden(`this ${what}`);
  return record;
}
