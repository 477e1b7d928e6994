import type { ChangedEntity, ChangedRows } from '../../../shared/rowChanges.js';

/**
 * A `data.changed` notice as the stores ask it: "does this concern what I show?". An entity
 * listed without ids (an initial-sync page) may concern anything of it.
 */
export class RowChanges {
  private readonly byEntity: ReadonlyMap<ChangedEntity, ChangedRows>;

  constructor(changes: readonly ChangedRows[]) {
    this.byEntity = new Map(changes.map((c) => [c.entity, c]));
  }

  /** A row of the entity changed: one of these ids, or any row when no ids are given. */
  has(entity: ChangedEntity, ids?: Iterable<string>): boolean {
    const changed = this.byEntity.get(entity);
    if (!changed) return false;
    if (!ids || changed.ids === null) return true;
    return overlaps(changed.ids, ids);
  }

  /** A row of the entity that belongs to one of these customers changed (or may have). */
  ofCustomers(entity: ChangedEntity, customerIds: Iterable<string>): boolean {
    const changed = this.byEntity.get(entity);
    return !!changed && (changed.ids === null || overlaps(changed.customerIds, customerIds));
  }

  /** A row of the entity that belongs to one of these orders changed (or may have). */
  ofOrders(entity: ChangedEntity, orderIds: Iterable<string>): boolean {
    const changed = this.byEntity.get(entity);
    return !!changed && (changed.ids === null || overlaps(changed.orderIds, orderIds));
  }
}

function overlaps(listed: readonly string[], wanted: Iterable<string>): boolean {
  if (listed.length === 0) return false;
  const set = new Set(listed);
  for (const id of wanted) if (set.has(id)) return true;
  return false;
}
