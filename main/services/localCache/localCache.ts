import crypto from 'node:crypto';
import type { SyncChange, SyncRemoval } from '../../../shared/api/rest.js';
import { MutationEntity, type Mutation, type MutationResult } from '../../../shared/api/syncPush.js';
import type { CampaignTarget } from '../../../shared/domain/campaign.js';
import type { Complaint, ComplaintStepRecord } from '../../../shared/domain/complaint.js';
import type { Conflict } from '../../../shared/domain/conflict.js';
import type { Customer } from '../../../shared/domain/customer.js';
import type { FollowUp } from '../../../shared/domain/followUp.js';
import type { Interaction } from '../../../shared/domain/interaction.js';
import type { Note } from '../../../shared/domain/note.js';
import type { PartsRequest } from '../../../shared/domain/partsRequest.js';
import type { Product } from '../../../shared/domain/product.js';
import type { ServiceOrder } from '../../../shared/domain/serviceOrder.js';
import type { ChangedRows } from '../../../shared/rowChanges.js';
import { ChangedRowsGatherer } from '../changedRows.js';
import { campaignTable } from './campaignTable.js';
import { campaignTargetTable } from './campaignTargetTable.js';
import { complaintStepTable } from './complaintStepTable.js';
import { complaintTable } from './complaintTable.js';
import { conflictTable } from './conflictTable.js';
import { customerRows, customerTable } from './customerTable.js';
import { followUpTable } from './followUpTable.js';
import { interactionTable } from './interactionTable.js';
import { orderEventTable } from './orderEventTable.js';
import { knowledgeTable } from './knowledgeTable.js';
import { noteTable } from './noteTable.js';
import { outletTable } from './outletTable.js';
import { regionTable } from './regionTable.js';
import { readMeta, writeMeta, type LocalCacheDb } from './cacheConnection.js';
import { NothingUnsyncedMarker } from './nothingUnsyncedMarker.js';
import { openLocalCache, type OpenLocalCacheOptions } from './openLocalCache.js';
import { outboxTable, type OutboxEntry } from './outboxTable.js';
import { partsRequestTable } from './partsRequestTable.js';
import { productRows, productTable } from './productTable.js';
import { beginBulkLoad, endBulkLoad, inBulkLoad } from './searchIndex.js';
import { SearchIndexBuild } from './searchIndexBuild.js';
import type { PackedRows } from './rowParams.js';
import { serviceOrderRows, serviceOrderTable } from './serviceOrderTable.js';

const PULL_CURSOR_KEY = 'sync.pullCursor';
const LAST_SYNC_KEY = 'sync.lastSyncAt';
const SNAPSHOT_KEY = 'sync.snapshot';

/** What a pulled page may carry besides changes. */
export interface PulledPageExtras {
  /** Rows that left the agent's scope. */
  removals?: readonly SyncRemoval[];
  /** An initial-sync snapshot page: the position to resume from (null: the snapshot is complete). */
  snapshot?: string | null;
  /** More of the page's rows, as upsert parameters (the snapshot reader thread's hand-over form). */
  packed?: PackedRows;
}

export interface SyncedRowOf {
  customer: Customer;
  product: Product;
  serviceOrder: ServiceOrder;
  /** Only `resolved` changes locally: an agent settling the conflict. */
  conflict: Conflict;
  /** Append-only: only ever created at the seat. */
  interaction: Interaction;
  /** Made by the server; only the result is recorded locally. */
  followUp: FollowUp;
  /** Created here; its status moves at headquarters. */
  partsRequest: PartsRequest;
  /** Made at headquarters; only a call's outcome is recorded locally. */
  campaignTarget: CampaignTarget;
  /** Taken here and worked through its workflow; its escalation is the backend's. */
  complaint: Complaint;
  /** Append-only: only ever created at the seat. */
  note: Note;
  /** Append-only: created at the seat with its step; escalations come from the backend. */
  complaintStep: ComplaintStepRecord;
}
type AnyRow = SyncedRowOf[MutationEntity];

export interface LocalChange<E extends MutationEntity = MutationEntity> {
  entity: E;
  entityId: string;
  op: Mutation['op'];
  patch: Record<string, unknown>;
}

export class LocalChangeError extends Error {
  override name = 'LocalChangeError';
}

/** A row after a mutation: create makes it, update merges the patch, delete makes a tombstone. */
function applyMutation(current: AnyRow | null, op: Mutation['op'], patch: Record<string, unknown>, entityId: string): AnyRow {
  if (op === 'delete') return { ...(current as AnyRow), deleted: true };
  if (op === 'create') return { ...(current ?? {}), ...patch, id: entityId, version: current?.version ?? 0, deleted: false } as AnyRow;
  return { ...(current as AnyRow), ...patch } as AnyRow;
}

/**
 * The seat's local cache: its tables, and the operations that span them. The local state of a
 * row is always its last server state plus the seat's pending mutations re-applied on top, so
 * pulled data is applied even while local changes wait, and a rejected change can be undone.
 */
export class LocalCache {
  readonly customers;
  readonly products;
  readonly serviceOrders;
  readonly outbox;
  readonly conflicts;
  readonly interactions;
  readonly followUps;
  readonly outlets;
  readonly orderEvents;
  readonly knowledge;
  readonly partsRequests;
  readonly campaigns;
  readonly campaignTargets;
  readonly regions;
  readonly complaints;
  readonly notes;
  readonly complaintSteps;

  /** The worker building the search indexes beside an initial sync, while one runs. */
  private searchBuild: SearchIndexBuild | null = null;

  /**
   * Told after each commit that changed rows — pulled, written here, undone after a refusal —
   * which ones (the seat's change notice, shared/rowChanges.ts). A poll that brought nothing tells nothing.
   */
  onRowsChanged: ((changes: ChangedRows[]) => void) | null = null;
  private readonly changed = new ChangedRowsGatherer();
  /** Local changes written inside a caller's transaction: told once it has committed. */
  private changedInCallersTransaction: Array<{ entity: MutationEntity; row: { id: string }; mutationId: string }> = [];

  /** Encrypted caches: whether nothing unsynced is in them, readable without the key (nothingUnsyncedMarker.ts). */
  private readonly nothingUnsynced: NothingUnsyncedMarker | null;

  private constructor(
    readonly db: LocalCacheDb,
    private readonly file: string,
    private readonly openOptions: OpenLocalCacheOptions,
  ) {
    this.customers = customerTable(db);
    this.products = productTable(db);
    this.serviceOrders = serviceOrderTable(db);
    this.outbox = outboxTable(db);
    this.conflicts = conflictTable(db);
    this.interactions = interactionTable(db);
    this.followUps = followUpTable(db);
    this.outlets = outletTable(db);
    this.orderEvents = orderEventTable(db);
    this.knowledge = knowledgeTable(db);
    this.partsRequests = partsRequestTable(db);
    this.campaigns = campaignTable(db);
    this.campaignTargets = campaignTargetTable(db);
    this.regions = regionTable(db);
    this.complaints = complaintTable(db);
    this.notes = noteTable(db);
    this.complaintSteps = complaintStepTable(db);
    this.nothingUnsynced = openOptions.key ? new NothingUnsyncedMarker(file) : null;
    this.noteWhetherAllSynced();
  }

  /** Puts the nothing-unsynced marker back once nothing waits and nothing refused is left to show. */
  private noteWhetherAllSynced(): void {
    this.nothingUnsynced?.note(this.outbox.count() === 0 && this.outbox.deadLetters().length === 0);
  }

  static open(file: string, options?: OpenLocalCacheOptions): LocalCache {
    return new LocalCache(openLocalCache(file, options), file, options ?? {});
  }

  get pullCursor(): number {
    return Number(readMeta(this.db, PULL_CURSOR_KEY) ?? 0);
  }

  get lastSyncAt(): string | null {
    return readMeta(this.db, LAST_SYNC_KEY);
  }

  readMeta(key: string): string | null {
    return readMeta(this.db, key);
  }

  writeMeta(key: string, value: string): void {
    writeMeta(this.db, key, value);
  }

  /** Forgets a value kept under `key` (a bounded set of kept values drops its oldest). */
  deleteMeta(key: string): void {
    this.db.prepare('DELETE FROM meta WHERE key = ?').run(key);
  }

  /**
   * Applies one page of pulled changes and advances the cursor in the same transaction, so an
   * interrupted initial sync resumes from the last whole page instead of starting over.
   */
  applyPulledPage(changes: readonly SyncChange[], cursor: number, syncedAt: string, more: PulledPageExtras = {}): void {
    // A snapshot page is the server's data with its resume position: commit it without waiting for
    // the disk (WAL stays consistent; a power cut loses at most the last pages, fetched again on
    // resume). The next FULL commit — any local write — flushes these pages with it.
    if (more.snapshot !== undefined) this.db.pragma('synchronous = NORMAL');
    try {
      this.applyPage(changes, cursor, syncedAt, more);
    } catch (error) {
      this.changed.clear();
      throw error;
    } finally {
      if (more.snapshot !== undefined) this.db.pragma('synchronous = FULL');
    }
    this.searchBuild?.more();
    this.tellChanged();
  }

  private applyPage(changes: readonly SyncChange[], cursor: number, syncedAt: string, more: PulledPageExtras): void {
    this.db.transaction(() => {
      for (const removal of more.removals ?? []) this.dropOutOfScope(removal);
      // With nothing pending (the usual case, and always during an initial sync) rows go straight in.
      const anyPending = this.outbox.count() > 0;
      // A snapshot page's rows are too many to name one by one: its entities are.
      const snapshot = more.snapshot !== undefined;
      for (const change of changes) {
        let applied = true;
        // Outlets are headquarters' data: never changed at a seat, so nothing to rebase.
        if (change.entity === 'outlet') this.outlets.upsert(change.row);
        // Order events are append-only: written once by the server, never changed anywhere.
        else if (change.entity === 'orderEvent') this.orderEvents.add(change.row);
        else if (change.entity === 'knowledgeArticle') this.knowledge.upsert(change.row);
        else if (change.entity === 'campaign') this.campaigns.upsert(change.row);
        else if (anyPending) applied = this.applyServerRow(change.entity, change.row);
        else this.tableOf(change.entity).upsert(change.row as never);
        if (snapshot) this.changed.any(change.entity);
        else if (applied) this.changed.row(change.entity, change.row);
      }
      if (more.packed) this.applyPacked(more.packed, anyPending);
      writeMeta(this.db, PULL_CURSOR_KEY, String(cursor));
      writeMeta(this.db, LAST_SYNC_KEY, syncedAt);
      if (more.snapshot !== undefined) writeMeta(this.db, SNAPSHOT_KEY, more.snapshot ?? '');
    })();
  }

  private applyPacked(packed: PackedRows, anyPending: boolean): void {
    const kinds = [
      ['customer', this.customers, customerRows],
      ['product', this.products, productRows],
      ['serviceOrder', this.serviceOrders, serviceOrderRows],
    ] as const;
    for (const [entity, table, rows] of kinds) {
      if (packed[entity].length > 0) this.changed.any(entity);
      for (const params of packed[entity]) {
        if (anyPending) this.applyServerRow(entity, rows.fromParams(params));
        else table.upsertParams(params);
      }
    }
  }

  /** Where an interrupted initial-sync snapshot resumes; null when none is under way. */
  get snapshotPosition(): string | null {
    return readMeta(this.db, SNAPSHOT_KEY) || null;
  }

  /**
   * A row that left the agent's scope (another branch, another owner): it goes from the cache,
   * with any server state kept for rebasing; pending local changes still go to the server, which
   * decides. Headquarters' rows (outlets and such) are not cached per row state: nothing to drop.
   */
  private dropOutOfScope(removal: SyncRemoval): void {
    const entity = MutationEntity.safeParse(removal.entity);
    if (!entity.success) return;
    this.tableOf(entity.data).discard(removal.id);
    this.outbox.dropShadow(entity.data, removal.id);
    this.changed.id(entity.data, removal.id);
  }

  /**
   * An initial sync is starting: the search indexes are built beside it by a worker thread (or,
   * where none can run, once at its end), not row by row.
   */
  beginBulkLoad(options: { workerBatchRows?: number } = {}): void {
    if (inBulkLoad(this.db) && this.searchBuild) return;
    beginBulkLoad(this.db);
    const { key, nativeBinding, searchIndexWorker } = this.openOptions;
    if (searchIndexWorker !== false) {
      this.searchBuild = SearchIndexBuild.start(this.db, { cacheFile: this.file, key, nativeBinding, workerScript: searchIndexWorker, batchRows: options.workerBatchRows });
    }
  }

  /**
   * The initial sync finished (or stopped): the worker's indexes are merged in, or built here
   * when there was no worker or it failed. Says which, for the benchmark and the tests.
   */
  async endBulkLoad(): Promise<'none' | 'worker' | 'in-line'> {
    if (!inBulkLoad(this.db)) return 'none';
    const build = this.searchBuild;
    this.searchBuild = null;
    if (build) {
      const stopped = await build.stop();
      if ('lastRead' in stopped && inBulkLoad(this.db)) {
        try {
          build.merge(stopped.lastRead);
          return 'worker';
        } catch (error) {
          this.onSearchBuildFailure?.(`merging the side index failed: ${(error as Error).message}`);
        }
      } else if ('failed' in stopped) {
        this.onSearchBuildFailure?.(stopped.failed);
      }
    }
    if (!inBulkLoad(this.db)) return 'none';
    endBulkLoad(this.db);
    return 'in-line';
  }

  /** Told when the worker's build could not be used (the indexes are then built in line). */
  onSearchBuildFailure: ((reason: string) => void) | null = null;

  /** Records a successful contact with the backend that had nothing new. */
  markSynced(syncedAt: string): void {
    writeMeta(this.db, LAST_SYNC_KEY, syncedAt);
  }

  /**
   * A change made at this seat: the row and its outbox entry are written in one transaction,
   * so a crash at any point loses nothing and queues nothing twice. `validate` sees the row as it
   * will be stored and throws to refuse it (nothing is written then).
   */
  recordLocalChange<E extends MutationEntity>(change: LocalChange<E>, at: string, validate: (row: SyncedRowOf[E]) => void = () => undefined): SyncedRowOf[E] {
    const inCallersTransaction = this.db.inTransaction;
    // Before the change can commit: a cache with a change headquarters lacks never carries the marker.
    this.nothingUnsynced?.note(false);
    const mutationId = crypto.randomUUID();
    const written = this.db.transaction(() => {
      const table = this.tableOf(change.entity);
      const current = table.find(change.entityId);
      if (change.op === 'create' && current) throw new LocalChangeError(`${change.entity} ${change.entityId} already exists`);
      if (change.op !== 'create' && (!current || current.deleted)) throw new LocalChangeError(`${change.entity} ${change.entityId} not found`);
      const pending = this.outbox.pendingFor(change.entity, change.entityId);
      // The first pending change of a row the server knows: keep the server's state to rebase on.
      if (current && current.version > 0 && pending.length === 0) this.outbox.putShadow(change.entity, change.entityId, current);
      const row = applyMutation(current, change.op, change.patch, change.entityId) as SyncedRowOf[E];
      validate(row);
      table.upsert(row as never);
      this.outbox.append(
        { mutationId, entity: change.entity, entityId: change.entityId, op: change.op, baseVersion: current?.version ?? 0, patch: change.patch },
        at,
      );
      return row;
    })();
    if (inCallersTransaction) this.tellChangedAfterCallersCommit({ entity: change.entity, row: written, mutationId });
    else {
      this.changed.row(change.entity, written);
      this.tellChanged();
    }
    return written;
  }

  /**
   * A local change inside a caller's transaction is told once that has run to its end, and only
   * if it committed: its outbox entry is then there (a push takes a network round trip to remove it).
   */
  private tellChangedAfterCallersCommit(change: { entity: MutationEntity; row: { id: string }; mutationId: string }): void {
    this.changedInCallersTransaction.push(change);
    if (this.changedInCallersTransaction.length > 1) return;
    queueMicrotask(() => {
      const written = this.changedInCallersTransaction;
      this.changedInCallersTransaction = [];
      if (!this.db.open) return;
      for (const { entity, row, mutationId } of written) if (this.outbox.get(mutationId)) this.changed.row(entity, row);
      this.tellChanged();
    });
  }

  private tellChanged(): void {
    if (this.changed.empty) return;
    const changes = this.changed.take();
    this.onRowsChanged?.(changes);
  }

  /**
   * The backend's answers to a push, in one transaction. Applied and conflicting mutations leave
   * the outbox (the pull that follows brings the server's row and any conflict record); a
   * rejected one goes to the dead letters and its optimistic change is undone.
   */
  acknowledge(results: readonly MutationResult[], at: string): void {
    try {
      this.acknowledgeAll(results, at);
    } catch (error) {
      this.changed.clear();
      throw error;
    }
    this.noteWhetherAllSynced();
    this.tellChanged();
  }

  private acknowledgeAll(results: readonly MutationResult[], at: string): void {
    this.db.transaction(() => {
      for (const result of results) {
        const entry = this.outbox.get(result.mutationId);
        if (!entry) continue;
        if (result.status === 'rejected') {
          // The dead letter, and the row its change is taken out of (named with its customer and order).
          const before = this.tableOf(entry.entity).find(entry.entityId);
          this.outbox.bury(entry, result.code, result.message, at, result.details ?? null);
          this.rebase(entry);
          this.changed.id('deadLetter', entry.mutationId);
          if (before) this.changed.row(entry.entity, before);
          else this.changed.id(entry.entity, entry.entityId);
        } else {
          const shadow = this.outbox.shadow(entry.entity, entry.entityId) as AnyRow | null;
          this.outbox.remove(entry.mutationId);
          if (entry.op === 'update' && shadow && Number(shadow.version) === result.version) {
            // The server found nothing to change (every value already its own): no change comes
            // with the next pull, so the optimistic stamp (updatedAt) would stay here alone.
            this.rebase(entry);
            this.changed.id(entry.entity, entry.entityId);
          } else if (this.outbox.pendingFor(entry.entity, entry.entityId).length === 0) this.outbox.dropShadow(entry.entity, entry.entityId);
        }
      }
    })();
  }

  /** Whether the row was applied (not when it is older than the server state already held). */
  private applyServerRow(entity: MutationEntity, row: AnyRow): boolean {
    const table = this.tableOf(entity);
    const pending = this.outbox.pendingFor(entity, row.id);
    if (pending.length === 0) {
      table.upsert(row as never);
      return true;
    }
    const shadow = this.outbox.shadow(entity, row.id);
    if (shadow && Number(shadow.version) > row.version) return false; // an older state than we already have
    this.outbox.putShadow(entity, row.id, row);
    table.upsert(this.replay(row, pending) as never);
    return true;
  }

  /** Recomputes a row from its server state (if any) and the mutations still pending. */
  private rebase(entry: OutboxEntry): void {
    const table = this.tableOf(entry.entity);
    const base = this.outbox.shadow(entry.entity, entry.entityId) as AnyRow | null;
    const pending = this.outbox.pendingFor(entry.entity, entry.entityId);
    if (!base && pending.every((p) => p.op !== 'create')) {
      table.discard(entry.entityId); // a local create the server refused: the row never existed
      return;
    }
    if (pending.length === 0) this.outbox.dropShadow(entry.entity, entry.entityId);
    table.upsert(this.replay(base, pending) as never);
  }

  private replay(base: AnyRow | null, pending: readonly OutboxEntry[]): AnyRow {
    let row = base;
    for (const p of pending) row = applyMutation(row, p.op, p.patch, p.entityId);
    // Pending changes never move the version: it stays the server's, the base of the next push.
    return { ...(row as AnyRow), version: base?.version ?? 0 };
  }

  private tableOf(entity: MutationEntity) {
    switch (entity) {
      case 'customer':
        return this.customers;
      case 'product':
        return this.products;
      case 'serviceOrder':
        return this.serviceOrders;
      case 'conflict':
        return this.conflicts;
      case 'interaction':
        return this.interactions;
      case 'followUp':
        return this.followUps;
      case 'partsRequest':
        return this.partsRequests;
      case 'campaignTarget':
        return this.campaignTargets;
      case 'complaint':
        return this.complaints;
      case 'note':
        return this.notes;
      case 'complaintStep':
        return this.complaintSteps;
    }
  }

  close(): void {
    this.searchBuild?.cancel();
    this.searchBuild = null;
    this.db.close();
  }
}
