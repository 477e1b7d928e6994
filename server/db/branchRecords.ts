import type { Insertable, Selectable } from 'kysely';
import type { Branch } from '../../shared/domain/branch.js';
import type { BranchTable } from './schema.js';

/** Branch ↔ SQL record: regions are stored as a JSON array of province names. */
export function branchRecord(branch: Branch): Insertable<BranchTable> {
  return { id: branch.id, code: branch.code, name: branch.name, regions: JSON.stringify(branch.regions) };
}

export function branchFromRecord(record: Selectable<BranchTable>): Branch {
  return { id: record.id, code: record.code, name: record.name, regions: JSON.parse(record.regions) as string[] };
}
