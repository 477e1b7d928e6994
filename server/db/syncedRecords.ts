import type { Insertable, Selectable } from 'kysely';
import type { SyncChange, SyncEntity } from '../../shared/api/rest.js';
import { compiledMapper, member } from '../../shared/entities/compiledMapper.js';
import { columnPlan, type SyncedEntity } from '../../shared/entities/syncedEntity.js';
import { syncedEntities } from '../../shared/entities/syncedEntities.js';
import type { ServerSchema, SyncedTableOf } from './schema.js';

/** The domain shape of a synced entity's row (the SyncChange union of shared/api/rest.ts). */
export type SyncedRow<E extends SyncEntity> = Extract<SyncChange, { entity: E }>['row'];

/** A row as written: the server assigns `version` from the change log. */
export type SyncedRowWrite<E extends SyncEntity> = Omit<SyncedRow<E>, 'version'>;

/** An entity's SQL record, as Kysely types the table's rows. */
type SyncedRecord<E extends SyncEntity> = Selectable<ServerSchema[SyncedTableOf<E>]>;

/** Domain rows ↔ SQL records of one entity, derived from its declaration (shared/entities). */
export interface RecordMapping<E extends SyncEntity> {
  toRecord(row: SyncedRowWrite<E>, version: number): Insertable<ServerSchema[SyncedTableOf<E>]>;
  fromRecord(record: SyncedRecord<E>): SyncedRow<E>;
}

/**
 * Each field is its own column under the field's name; booleans are written 0/1 (SqlFlag) and
 * read back as booleans, JSON columns are written as JSON text and read back checked by the
 * field's schema. Compiled once per entity (compiledMapper.ts): these run for every row a pull reads.
 */
function recordMapping<E extends SyncEntity>(entity: SyncedEntity): RecordMapping<E> {
  const { fields, storage } = columnPlan(entity);
  const shape = entity.schema.shape as Readonly<Record<string, { parse(value: unknown): unknown }>>;
  const parse: Record<string, (text: string) => unknown> = {};
  const written = fields.map((field, i) => {
    const kind = storage[i];
    if (field === 'version') return 'version: version';
    if (kind === 'flag') return `${member(field)}: r.${field} ? 1 : 0`;
    if (kind === 'json') return `${member(field)}: JSON.stringify(r.${field} ?? null)`;
    return `${member(field)}: r.${field}`;
  });
  const read = fields.map((field, i) => {
    const kind = storage[i];
    if (kind === 'flag') return `${member(field)}: Boolean(r.${field})`;
    if (kind === 'json') {
      parse[field] = (text) => shape[field]!.parse(JSON.parse(text));
      return `${member(field)}: h.${field}(r.${field})`;
    }
    return `${member(field)}: r.${field}`;
  });
  return {
    toRecord: compiledMapper(['r', 'version'], `{ ${written.join(', ')} }`),
    fromRecord: compiledMapper(['r'], `{ ${read.join(', ')} }`, parse),
  };
}

export const syncedRecords = Object.fromEntries(
  Object.entries(syncedEntities).map(([name, entity]) => [name, recordMapping(entity)]),
) as { [E in SyncEntity]: RecordMapping<E> };

export const customerFromRecord = syncedRecords.customer.fromRecord;
export const productFromRecord = syncedRecords.product.fromRecord;
export const serviceOrderFromRecord = syncedRecords.serviceOrder.fromRecord;
export const interactionFromRecord = syncedRecords.interaction.fromRecord;
export const followUpFromRecord = syncedRecords.followUp.fromRecord;
export const outletFromRecord = syncedRecords.outlet.fromRecord;
export const orderEventFromRecord = syncedRecords.orderEvent.fromRecord;
export const knowledgeArticleFromRecord = syncedRecords.knowledgeArticle.fromRecord;
export const partsRequestFromRecord = syncedRecords.partsRequest.fromRecord;
export const campaignFromRecord = syncedRecords.campaign.fromRecord;
export const campaignTargetFromRecord = syncedRecords.campaignTarget.fromRecord;
export const complaintFromRecord = syncedRecords.complaint.fromRecord;
export const noteFromRecord = syncedRecords.note.fromRecord;
