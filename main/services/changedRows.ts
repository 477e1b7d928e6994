import type { ChangedEntity, ChangedRows } from '../../shared/rowChanges.js';

interface Gathered {
  /** null: any row of the entity (too many to list). */
  ids: Set<string> | null;
  customerIds: Set<string>;
  orderIds: Set<string>;
}

/**
 * Gathers the rows a commit changed, entity by entity, into the seat's change notice
 * (shared/rowChanges.ts). A row names its customer and order by its own `customerId` / `orderId`
 * fields, so entities added later are described without a list to keep up to date here.
 */
export class ChangedRowsGatherer {
  private readonly byEntity = new Map<ChangedEntity, Gathered>();

  /** A row that changed, with the customer and order it belongs to. */
  row(entity: ChangedEntity, row: { id: string }): void {
    const gathered = this.of(entity);
    gathered.ids?.add(row.id);
    const { customerId, orderId } = row as { customerId?: unknown; orderId?: unknown };
    if (typeof customerId === 'string') gathered.customerIds.add(customerId);
    if (typeof orderId === 'string') gathered.orderIds.add(orderId);
  }

  /** A row known by its id only (dropped from the cache, a dead letter). */
  id(entity: ChangedEntity, id: string): void {
    this.of(entity).ids?.add(id);
  }

  /** Too many rows of the entity to list (an initial-sync page). */
  any(entity: ChangedEntity): void {
    this.of(entity).ids = null;
  }

  get empty(): boolean {
    return this.byEntity.size === 0;
  }

  /** The notice's changes, and an empty gatherer for the next commit. */
  take(): ChangedRows[] {
    const changes = [...this.byEntity].map(([entity, g]) => ({
      entity,
      ids: g.ids ? [...g.ids] : null,
      customerIds: [...g.customerIds],
      orderIds: [...g.orderIds],
    }));
    this.byEntity.clear();
    return changes;
  }

  clear(): void {
    this.byEntity.clear();
  }

  private of(entity: ChangedEntity): Gathered {
    let gathered = this.byEntity.get(entity);
    if (!gathered) {
      gathered = { ids: new Set(), customerIds: new Set(), orderIds: new Set() };
      this.byEntity.set(entity, gathered);
    }
    return gathered;
  }
}
