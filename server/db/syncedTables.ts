import type { Kysely } from 'kysely';
import type { SyncEntity } from '../../shared/api/rest.js';
import { statementBatches } from './batching.js';
import type { ServerSchema } from './schema.js';
import {
  conflictFromRecord,
  conflictRecord,
  customerFromRecord,
  customerRecord,
  followUpFromRecord,
  followUpRecord,
  interactionFromRecord,
  interactionRecord,
  outletFromRecord,
  outletRecord,
  productFromRecord,
  productRecord,
  serviceOrderFromRecord,
  serviceOrderRecord,
  type SyncedRow,
  type SyncedRowWrite,
} from './syncedRecords.js';

interface VersionedWrite<E extends SyncEntity> {
  row: SyncedRowWrite<E>;
  version: number;
}

/** Storage of one synced entity. Only writeSyncedRows saves: it keeps the change log in step. */
interface SyncedTable<E extends SyncEntity> {
  /** Inserts new rows and replaces existing ones (whole rows), each with its assigned version. */
  save(db: Kysely<ServerSchema>, writes: readonly VersionedWrite<E>[]): Promise<void>;
  /** The current rows with these ids, tombstones included. */
  load(db: Kysely<ServerSchema>, ids: readonly string[]): Promise<SyncedRow<E>[]>;
}

type Storage<R extends { id: string }> = {
  existingIds(db: Kysely<ServerSchema>, ids: string[]): Promise<{ id: string }[]>;
  insert(db: Kysely<ServerSchema>, records: R[]): Promise<unknown>;
  update(db: Kysely<ServerSchema>, record: R): Promise<unknown>;
};

/** Splits writes into inserts (batched, the bulk case) and whole-row updates of rows that exist. */
async function saveRecords<R extends { id: string }>(db: Kysely<ServerSchema>, records: R[], storage: Storage<R>): Promise<void> {
  if (records.length === 0) return;
  const existing = new Set<string>();
  for (const batch of statementBatches(records, 1)) {
    for (const { id } of await storage.existingIds(db, batch.map((r) => r.id))) existing.add(id);
  }
  const fresh = records.filter((r) => !existing.has(r.id));
  const columns = Object.keys(records[0] ?? {}).length;
  for (const batch of statementBatches(fresh, columns)) await storage.insert(db, batch);
  for (const record of records) if (existing.has(record.id)) await storage.update(db, record);
}

async function loadInBatches<T>(ids: readonly string[], load: (batch: string[]) => Promise<T[]>): Promise<T[]> {
  const rows: T[] = [];
  for (const batch of statementBatches(ids, 1)) rows.push(...(await load(batch)));
  return rows;
}

export const syncedTables: { [E in SyncEntity]: SyncedTable<E> } = {
  customer: {
    save: (db, writes) =>
      saveRecords(db, writes.map((w) => customerRecord(w.row, w.version)), {
        existingIds: (db, ids) => db.selectFrom('customers').select('id').where('id', 'in', ids).execute(),
        insert: (db, records) => db.insertInto('customers').values(records).execute(),
        update: (db, record) => db.updateTable('customers').set(record).where('id', '=', record.id).execute(),
      }),
    load: (db, ids) =>
      loadInBatches(ids, async (batch) =>
        (await db.selectFrom('customers').selectAll().where('id', 'in', batch).execute()).map(customerFromRecord),
      ),
  },
  product: {
    save: (db, writes) =>
      saveRecords(db, writes.map((w) => productRecord(w.row, w.version)), {
        existingIds: (db, ids) => db.selectFrom('products').select('id').where('id', 'in', ids).execute(),
        insert: (db, records) => db.insertInto('products').values(records).execute(),
        update: (db, record) => db.updateTable('products').set(record).where('id', '=', record.id).execute(),
      }),
    load: (db, ids) =>
      loadInBatches(ids, async (batch) =>
        (await db.selectFrom('products').selectAll().where('id', 'in', batch).execute()).map(productFromRecord),
      ),
  },
  serviceOrder: {
    save: (db, writes) =>
      saveRecords(db, writes.map((w) => serviceOrderRecord(w.row, w.version)), {
        existingIds: (db, ids) => db.selectFrom('serviceOrders').select('id').where('id', 'in', ids).execute(),
        insert: (db, records) => db.insertInto('serviceOrders').values(records).execute(),
        update: (db, record) => db.updateTable('serviceOrders').set(record).where('id', '=', record.id).execute(),
      }),
    load: (db, ids) =>
      loadInBatches(ids, async (batch) =>
        (await db.selectFrom('serviceOrders').selectAll().where('id', 'in', batch).execute()).map(serviceOrderFromRecord),
      ),
  },
  conflict: {
    save: (db, writes) =>
      saveRecords(db, writes.map((w) => conflictRecord(w.row, w.version)), {
        existingIds: (db, ids) => db.selectFrom('conflicts').select('id').where('id', 'in', ids).execute(),
        insert: (db, records) => db.insertInto('conflicts').values(records).execute(),
        update: (db, record) => db.updateTable('conflicts').set(record).where('id', '=', record.id).execute(),
      }),
    load: (db, ids) =>
      loadInBatches(ids, async (batch) =>
        (await db.selectFrom('conflicts').selectAll().where('id', 'in', batch).execute()).map(conflictFromRecord),
      ),
  },
  // Append-only: push only creates (pushableEntities), so the update path never runs for these rows.
  interaction: {
    save: (db, writes) =>
      saveRecords(db, writes.map((w) => interactionRecord(w.row, w.version)), {
        existingIds: (db, ids) => db.selectFrom('interactions').select('id').where('id', 'in', ids).execute(),
        insert: (db, records) => db.insertInto('interactions').values(records).execute(),
        update: (db, record) => db.updateTable('interactions').set(record).where('id', '=', record.id).execute(),
      }),
    load: (db, ids) =>
      loadInBatches(ids, async (batch) =>
        (await db.selectFrom('interactions').selectAll().where('id', 'in', batch).execute()).map(interactionFromRecord),
      ),
  },
  followUp: {
    save: (db, writes) =>
      saveRecords(db, writes.map((w) => followUpRecord(w.row, w.version)), {
        existingIds: (db, ids) => db.selectFrom('followUps').select('id').where('id', 'in', ids).execute(),
        insert: (db, records) => db.insertInto('followUps').values(records).execute(),
        update: (db, record) => db.updateTable('followUps').set(record).where('id', '=', record.id).execute(),
      }),
    load: (db, ids) =>
      loadInBatches(ids, async (batch) =>
        (await db.selectFrom('followUps').selectAll().where('id', 'in', batch).execute()).map(followUpFromRecord),
      ),
  },
  outlet: {
    save: (db, writes) =>
      saveRecords(db, writes.map((w) => outletRecord(w.row, w.version)), {
        existingIds: (db, ids) => db.selectFrom('outlets').select('id').where('id', 'in', ids).execute(),
        insert: (db, records) => db.insertInto('outlets').values(records).execute(),
        update: (db, record) => db.updateTable('outlets').set(record).where('id', '=', record.id).execute(),
      }),
    load: (db, ids) =>
      loadInBatches(ids, async (batch) =>
        (await db.selectFrom('outlets').selectAll().where('id', 'in', batch).execute()).map(outletFromRecord),
      ),
  },
};
